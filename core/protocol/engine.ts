import type { NetworkPlan, RunPlan } from '../experiment/plan';
import type { RestartResult } from '../experiment/result';
import { analyzeRun, type RunAnalysis } from '../export/finish-run';
import { describeConfigurations } from '../export/outputs';
import { trainRestart } from '../experiment/train';
import { lossGrid } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import { createMlp } from '../nn/mlp';
import { GATE_HOLD, GATE_STEP } from './gate';
import { pack, unpack, type Packed } from './packed';

/** Rows [rowStart, rowEnd) of a landscape grid on `plane`, for a network variant. */
export interface GridRows {
  plane: Plane;
  rowStart: number;
  rowEnd: number;
}

/**
 * A unit of work under a pool-wide task id: restart `index` of variant `variant`, or, when `grid` is
 * set, rows of that variant's landscape grid.
 */
export interface Task {
  id: number;
  variant: number;
  index: number;
  grid?: GridRows;
}

/**
 * Messages to a worker: its hold flag (gate.ts; once, where threads share memory), load a run (once per run and
 * worker), then train tasks of it, run in order (several only when they are short: see the
 * scheduler's groups in task-queue.ts); or, for the analysis, the run's restarts in parts and the last part with the
 * request, each part packed (packed.ts).
 */
export type ToWorker =
  | { type: 'gate'; gate: Int32Array }
  | { type: 'load'; run: number; plan: RunPlan }
  | { type: 'train'; run: number; tasks: Task[] }
  | { type: 'analyze-part'; run: number; restarts: Packed }
  | { type: 'analyze'; run: number; task: number; restarts: Packed };

/** Messages from a worker. Errors carry a message only: they cross a thread boundary as data. */
export type FromWorker =
  | { type: 'progress'; run: number; task: number; done: number; total: number }
  | { type: 'results'; run: number; tasks: number[]; results: Packed[] }
  | { type: 'rows'; run: number; task: number; values: Float64Array }
  | { type: 'analysis'; run: number; task: number; analysis: RunAnalysis }
  | { type: 'error'; run: number; task: number; message: string };

/** Buffers at least this big are transferred rather than copied: below it, a copy is cheaper than a transfer. */
const TRANSFER_BYTES = 1 << 16;

/**
 * How often a worker posts the results of a group of short tasks at most (it always posts at the end
 * of a group, before it holds, and after a step). Each post wakes the host's thread, which on a
 * virtual machine costs the poster 30–40 µs, a fifth of a 1,000-step search restart.
 */
export const RESULTS_INTERVAL_MS = 20;

/** How often a worker reports progress at most: a search of a few thousand quick steps would otherwise drown its host in messages. */
export const PROGRESS_INTERVAL_MS = 50;

/** A progressDue for createWorkerHandler: true at most once per `ms` of the host's clock `now` (core has no clock of its own). */
export function atMostEvery(ms: number, now: () => number): () => boolean {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < ms) return false;
    last = t;
    return true;
  };
}

/** Sends a message, listing buffers to transfer rather than copy. */
export type Post = (message: FromWorker, transfer: ArrayBuffer[]) => void;

/**
 * The worker side of the engine, independent of the thread API: returns a message handler that
 * keeps the loaded run and answers each train message by running its tasks in order, with progress
 * (whenever `progressDue` says a report is due; the host decides, by its clock), then the results, or
 * an error. Results wait and go in one message until `resultsDue` says so, the group ends, the worker
 * is about to hold, or a step ends; results made before an error are posted before it. While the
 * shared gate says hold, a restart blocks at its next progress report.
 * Node's worker_threads entry and the web edition's Web Worker both wrap this.
 */
export function createWorkerHandler(post: Post, progressDue: () => boolean = () => true, resultsDue: () => boolean = () => true): (message: ToWorker) => void {
  let loaded: { run: number; plan: RunPlan } | null = null;
  let gate: Int32Array | null = null;
  // Restarts sent ahead of an analyze message, for the loaded run.
  let parts: RestartResult[] = [];
  // Results not posted yet, of the loaded run.
  let pendingTasks: number[] = [];
  let pendingResults: Packed[] = [];
  const flush = (run: number) => {
    if (pendingTasks.length === 0) return;
    // Big arrays are transferred, small ones copied: a transfer costs more than copying a small array.
    const transfer = pendingResults.flatMap((r) => (r.data.byteLength >= TRANSFER_BYTES ? [r.data.buffer as ArrayBuffer] : []));
    post({ type: 'results', run, tasks: pendingTasks, results: pendingResults }, transfer);
    pendingTasks = [];
    pendingResults = [];
  };
  return (message) => {
    if (message.type === 'gate') {
      gate = message.gate;
      return;
    }
    if (message.type === 'load') {
      loaded = { run: message.run, plan: message.plan };
      parts = [];
      return;
    }
    if (message.type === 'analyze-part') {
      if (loaded !== null && loaded.run === message.run) parts.push(...unpack<RestartResult[]>(message.restarts));
      return;
    }
    const { run } = message;
    const id = message.type === 'train' ? (message.tasks[0]?.id ?? -1) : message.task;
    if (loaded === null || loaded.run !== run) {
      post({ type: 'error', run, task: id, message: `run ${run} was not loaded in this worker` }, []);
      return;
    }
    const plan = loaded.plan;
    if (message.type === 'analyze') {
      try {
        const restarts = parts.concat(unpack<RestartResult[]>(message.restarts));
        parts = [];
        const analysis = analyzeRun(plan, { experiment: plan.experiment, configurations: describeConfigurations(plan), restarts, shard: null });
        const buffers = analysis.paths.flatMap((p) => [p.x.buffer, p.y.buffer, p.loss.buffer, p.offPlane.buffer] as ArrayBuffer[]);
        post({ type: 'analysis', run, task: id, analysis }, [...new Set(buffers)]);
      } catch (e) {
        post({ type: 'error', run, task: id, message: e instanceof Error ? e.message : String(e) }, []);
      }
      return;
    }
    const tasks = message.tasks;
    for (let k = 0; k < tasks.length; k++) {
      const task = tasks[k]!;
      try {
        if (task.grid !== undefined) {
          const v = plan.variants[task.variant] as NetworkPlan;
          const net = createMlp(v.sizes, v.problem.model.activation, v.problem.model.output);
          const values = lossGrid(net, v.dataset, task.grid.plane, task.grid.rowStart, task.grid.rowEnd);
          post({ type: 'rows', run, task: task.id, values }, [values.buffer as ArrayBuffer]);
          continue;
        }
        const result = trainRestart(plan, task.variant, task.index, (done, total) => {
          // Paused: post what is done, then block this thread until the host opens the gate (a pause costs no CPU).
          if (gate !== null && Atomics.load(gate, 0) === GATE_HOLD) {
            flush(run);
            while (Atomics.load(gate, 0) === GATE_HOLD) Atomics.wait(gate, 0, GATE_HOLD);
          }
          if (progressDue()) post({ type: 'progress', run, task: task.id, done, total }, []);
        });
        pendingTasks.push(task.id);
        // Packed, not structured-cloned (see packed.ts): each result in one array of its own.
        pendingResults.push(pack(result));
        // A step ends with this restart: hold before the next, and let the host see it now.
        const stepped = gate !== null && Atomics.compareExchange(gate, 0, GATE_STEP, GATE_HOLD) === GATE_STEP;
        if (stepped || k === tasks.length - 1 || resultsDue()) flush(run);
      } catch (e) {
        flush(run);
        post({ type: 'error', run, task: task.id, message: e instanceof Error ? e.message : String(e) }, []);
        return;
      }
    }
  };
}
