import type { NetworkPlan, RunPlan } from '../experiment/plan';
import { transferables, type RestartResult } from '../experiment/result';
import { analyzeRun, type RunAnalysis } from '../export/finish-run';
import { describeConfigurations } from '../export/outputs';
import { trainRestart } from '../experiment/train';
import { lossGrid } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import { createMlp } from '../nn/mlp';

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

/** Values of a worker's shared hold flag: open (run), or hold at the next progress report. */
export const GATE_OPEN = 0;
export const GATE_HOLD = 1;

/**
 * Messages to a worker: its hold flag (once, where threads share memory), load a run (once per run and
 * worker), then train tasks of it; or, for the analysis, the run's restarts in parts and the last
 * part with the request.
 */
export type ToWorker =
  | { type: 'gate'; gate: Int32Array }
  | { type: 'load'; run: number; plan: RunPlan }
  | { type: 'train'; run: number; task: Task }
  | { type: 'analyze-part'; run: number; restarts: RestartResult[] }
  | { type: 'analyze'; run: number; task: number; restarts: RestartResult[] };

/** Messages from a worker. Errors carry a message only: they cross a thread boundary as data. */
export type FromWorker =
  | { type: 'progress'; run: number; task: number; done: number; total: number }
  | { type: 'result'; run: number; task: number; result: RestartResult }
  | { type: 'rows'; run: number; task: number; values: Float64Array }
  | { type: 'analysis'; run: number; task: number; analysis: RunAnalysis }
  | { type: 'error'; run: number; task: number; message: string };

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
 * keeps the loaded run and answers each train message with progress (whenever `progressDue` says a
 * report is due; the host decides, by its clock), then one result or error. While the shared gate
 * says hold, a restart blocks at its next progress report.
 * Node's worker_threads entry and the web edition's Web Worker both wrap this.
 */
export function createWorkerHandler(post: Post, progressDue: () => boolean = () => true): (message: ToWorker) => void {
  let loaded: { run: number; plan: RunPlan } | null = null;
  let gate: Int32Array | null = null;
  // Restarts sent ahead of an analyze message, for the loaded run.
  let parts: RestartResult[] = [];
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
      if (loaded !== null && loaded.run === message.run) parts.push(...message.restarts);
      return;
    }
    const { run } = message;
    const id = message.type === 'train' ? message.task.id : message.task;
    if (loaded === null || loaded.run !== run) {
      post({ type: 'error', run, task: id, message: `run ${run} was not loaded in this worker` }, []);
      return;
    }
    const plan = loaded.plan;
    if (message.type === 'analyze') {
      try {
        const restarts = parts.concat(message.restarts);
        parts = [];
        const analysis = analyzeRun(plan, { experiment: plan.experiment, configurations: describeConfigurations(plan), restarts, shard: null });
        const buffers = analysis.paths.flatMap((p) => [p.x.buffer, p.y.buffer, p.loss.buffer, p.offPlane.buffer] as ArrayBuffer[]);
        post({ type: 'analysis', run, task: id, analysis }, [...new Set(buffers)]);
      } catch (e) {
        post({ type: 'error', run, task: id, message: e instanceof Error ? e.message : String(e) }, []);
      }
      return;
    }
    const task = message.task;
    try {
      if (task.grid !== undefined) {
        const v = plan.variants[task.variant] as NetworkPlan;
        const net = createMlp(v.sizes, v.problem.model.activation, v.problem.model.output);
        const values = lossGrid(net, v.dataset, task.grid.plane, task.grid.rowStart, task.grid.rowEnd);
        post({ type: 'rows', run, task: task.id, values }, [values.buffer as ArrayBuffer]);
        return;
      }
      const result = trainRestart(plan, task.variant, task.index, (done, total) => {
        // Paused: block this thread until the host opens the gate (a pause costs no CPU).
        if (gate !== null) while (Atomics.load(gate, 0) === GATE_HOLD) Atomics.wait(gate, 0, GATE_HOLD);
        if (progressDue()) post({ type: 'progress', run, task: task.id, done, total }, []);
      });
      post({ type: 'result', run, task: task.id, result }, transferables(result));
    } catch (e) {
      post({ type: 'error', run, task: task.id, message: e instanceof Error ? e.message : String(e) }, []);
    }
  };
}
