// The engine's scheduler, independent of the thread API: Node's worker_threads (electron/engine/pool.ts)
// and the web edition's Web Workers (renderer/engine) both drive it through a small WorkerPort.
import type { RunPlan } from '../experiment/plan';
import { transferables, type RestartResult } from '../experiment/result';
import type { RunAnalysis } from '../export/finish-run';
import { gridRows } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import { restartSeed } from '../rng/seeds';
import { GATE_HOLD, GATE_OPEN, type FromWorker, type Task, type ToWorker } from './engine';

/** What a thread's adapter reports: messages, an error thrown in it, or its exit (as "exited with code N"). */
export interface PortHandlers {
  message(m: FromWorker): void;
  error(reason: string): void;
  exit(reason: string): void;
}

/** One worker, as the scheduler sees it. */
export interface WorkerPort {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** Attaches handlers; returns the detach function. Several may be attached at once. */
  listen(handlers: PortHandlers): () => void;
  terminate(): void;
}

/** Thrown by run/grid when the run is cancelled; `results` holds the restarts that had finished. */
export class CancellationError extends Error {
  constructor(readonly results: (RestartResult | undefined)[]) {
    super('the run was cancelled');
    this.name = 'CancellationError';
  }
}

/** Bytes of restarts' records sent to the analysis worker per message (each message is its own task). */
export const ANALYZE_PART_BYTES = 1 << 20;

/** The part of an AbortSignal the scheduler uses (core has no DOM or Node types; AbortSignal fits). */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Progress and completion callbacks of one run. */
export interface RunHooks {
  /** Optimizer updates (or search steps, or grid points) done over all tasks, and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each restart finishes, in completion order. */
  onResult?: (result: RestartResult) => void;
  signal?: CancelSignal;
}

/** Hooks of a grid computation: progress, and each chunk of rows as it arrives. */
export interface GridHooks extends Omit<RunHooks, 'onResult'> {
  onRows?: (rowStart: number, values: Float64Array) => void;
}

/** Tasks sent ahead to each worker, so that it never waits for its next task after a short one. */
const PIPELINE = 2;

type Queued = Task & { attempt: number };

interface Slot {
  port: WorkerPort;
  /** Set when the thread has exited; a dead slot is replaced before the next run. */
  dead: boolean;
  loadedRun: number;
  /** Tasks sent to this worker, in the order it runs them: the first is the one running. */
  tasks: Queued[];
  detach: (() => void) | null;
  /** Shared hold flag (GATE_HOLD: hold at the next progress report), when shared memory is available. */
  gate: Int32Array | null;
  /** Released by step(): runs until its current restart finishes, then holds again. */
  stepping: boolean;
}

/** A result for a restart that could not run: no records, the reason kept. */
export function failedResult(plan: RunPlan, task: Omit<Task, 'id'>, reason: string): RestartResult {
  const empty = new Float64Array(0);
  return {
    variant: task.variant,
    index: task.index,
    seed: restartSeed(plan.experiment.seed, task.index),
    status: 'failed',
    reason,
    records: { count: 0, step: empty, epoch: null, loss: empty.slice(), accuracy: null, gradNorm: empty.slice(), position: null },
    params: null,
    search: null,
  };
}

function setGate(gate: Int32Array | null, value: number): void {
  if (gate === null) return;
  Atomics.store(gate, 0, value);
  if (value === GATE_OPEN) Atomics.notify(gate, 0);
}

/**
 * A pool of workers that runs restarts. Each task runs on whichever worker is free; since a restart's
 * result depends only on (experiment, variant, index), the results do not depend on the pool size or
 * the scheduling. A task whose worker throws or dies is retried once on a fresh worker, then reported
 * with status "failed". Pause stops handing out tasks and, where threads share memory, holds running
 * restarts at their next progress report; step lets one more restart finish.
 */
export class Scheduler {
  private readonly slots: Slot[] = [];
  private runCounter = 0;
  private busy = false;
  private paused = false;
  /** Set while a run is going: hands out queued tasks (step and resume need it). */
  private kick: ((stepOne: boolean) => void) | null = null;

  /**
   * `sharedMemory`: whether the host's threads can share a SharedArrayBuffer (always in Node; in a
   * browser only when cross-origin isolated). Without it, pause only stops new tasks from starting.
   */
  constructor(
    readonly size: number,
    private readonly spawnPort: () => WorkerPort,
    private readonly sharedMemory: boolean,
    /** Resolves in a later task of the host's thread (e.g. after setTimeout 0), so it can do other work between big messages. */
    private readonly nextTask: () => Promise<void> = () => Promise.resolve(),
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a worker pool needs at least 1 worker, got ${size}`);
  }

  private spawn(): Slot {
    const port = this.spawnPort();
    const gate = this.sharedMemory ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const slot: Slot = { port, dead: false, loadedRun: -1, tasks: [], detach: null, gate, stepping: false };
    if (gate !== null) {
      if (this.paused) Atomics.store(gate, 0, GATE_HOLD);
      port.post({ type: 'gate', gate });
    }
    const mark = () => {
      slot.dead = true;
    };
    port.listen({ message: () => {}, error: () => {}, exit: mark });
    return slot;
  }

  /** Whether the pool is paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Holds the pool: no new task starts; running restarts hold at their next progress report (where memory is shared). */
  pause(): void {
    this.paused = true;
    for (const slot of this.slots) if (!slot.stepping) setGate(slot.gate, GATE_HOLD);
  }

  /** Lets the pool go on. */
  resume(): void {
    this.paused = false;
    for (const slot of this.slots) {
      slot.stepping = false;
      setGate(slot.gate, GATE_OPEN);
    }
    this.kick?.(false);
  }

  /** While paused: lets the longest-running held restart finish (or starts one more), then holds again. */
  step(): void {
    if (!this.paused) return;
    const held = this.slots.find((s) => s.tasks.length > 0 && !s.stepping && !s.dead);
    if (held !== undefined) {
      held.stepping = true;
      setGate(held.gate, GATE_OPEN);
      return;
    }
    this.kick?.(true);
  }

  /** Runs every restart task and resolves with their results in task order. One run at a time. */
  run(plan: RunPlan, tasks: readonly { variant: number; index: number }[], hooks: RunHooks = {}): Promise<RestartResult[]> {
    return this.execute(plan, tasks, hooks) as Promise<RestartResult[]>;
  }

  /**
   * A network variant's landscape grid on `plane`, its rows split into chunks over the workers: the
   * same values as computing it in one thread (rows are independent). A chunk whose worker dies twice
   * rejects the whole grid. `onRows` sees each chunk as it arrives, for a view that fills in.
   */
  async grid(plan: RunPlan, variant: number, plane: Plane, hooks: GridHooks = {}): Promise<Float64Array> {
    const rows = gridRows(plane);
    // Small chunks (about 16 per worker) keep the workers evenly loaded to the end.
    const chunk = Math.max(1, Math.ceil(rows / (16 * this.size)));
    const tasks: Omit<Task, 'id'>[] = [];
    for (let start = 0; start < rows; start += chunk) tasks.push({ variant, index: -1, grid: { plane, rowStart: start, rowEnd: Math.min(rows, start + chunk) } });
    const out = new Float64Array(rows * plane.resolution);
    const onChunk = (task: Omit<Task, 'id'>, values: Float64Array) => {
      out.set(values, task.grid!.rowStart * plane.resolution);
      hooks.onRows?.(task.grid!.rowStart, values);
    };
    const parts = (await this.execute(plan, tasks, hooks, onChunk)) as (Float64Array | RestartResult)[];
    parts.forEach((part) => {
      if (!(part instanceof Float64Array)) throw new Error(`a landscape grid chunk failed: ${part.reason}`);
    });
    return out;
  }

  private execute(
    plan: RunPlan,
    tasks: readonly Omit<Task, 'id'>[],
    hooks: RunHooks,
    onChunk?: (task: Omit<Task, 'id'>, values: Float64Array) => void,
  ): Promise<(RestartResult | Float64Array)[]> {
    if (this.busy) return Promise.reject(new Error('this pool is already running'));
    this.busy = true;
    const runId = ++this.runCounter;
    const queue: Queued[] = tasks.map((t, id) => ({ ...t, id, attempt: 0 }));
    const results: (RestartResult | Float64Array | undefined)[] = new Array(tasks.length);
    const progress = new Float64Array(tasks.length);
    // Work units: a restart's steps, or a grid chunk's points.
    const stepsOf = (t: Omit<Task, 'id'>) => (t.grid ? (t.grid.rowEnd - t.grid.rowStart) * t.grid.plane.resolution : plan.variants[t.variant]!.steps);
    const total = tasks.reduce((s, t) => s + stepsOf(t), 0);
    let remaining = tasks.length;
    let progressDone = 0;

    for (let i = 0; i < this.slots.length; i++) if (this.slots[i]!.dead) this.slots[i] = this.spawn();
    while (this.slots.length < Math.min(this.size, tasks.length)) this.slots.push(this.spawn());

    return new Promise<(RestartResult | Float64Array)[]>((resolve, reject) => {
      const finish = (error?: Error) => {
        for (const slot of this.slots) {
          slot.detach?.();
          slot.tasks = [];
          slot.stepping = false;
        }
        hooks.signal?.removeEventListener('abort', onAbort);
        this.kick = null;
        this.busy = false;
        if (error) reject(error);
        else resolve(results as (RestartResult | Float64Array)[]);
      };
      const setProgress = (task: Task, done: number) => {
        progressDone += done - progress[task.id]!;
        progress[task.id] = done;
      };
      const complete = (task: Task, result: RestartResult | Float64Array) => {
        results[task.id] = result;
        setProgress(task, stepsOf(task));
        if (result instanceof Float64Array) onChunk?.(task, result);
        else hooks.onResult?.(result);
        hooks.onProgress?.(progressDone, total);
        remaining--;
        if (remaining === 0) finish();
      };
      const send = (slot: Slot, task: Queued) => {
        slot.tasks.push(task);
        if (slot.loadedRun !== runId) {
          slot.port.post({ type: 'load', run: runId, plan });
          slot.loadedRun = runId;
        }
        const { attempt: _attempt, ...message } = task;
        slot.port.post({ type: 'train', run: runId, task: message });
      };
      /** Sends queued tasks to `slot` until it has PIPELINE of them (none while paused). */
      const fill = (slot: Slot) => {
        if (this.paused) return;
        while (slot.tasks.length < PIPELINE && queue.length > 0) send(slot, queue.shift()!);
      };
      this.kick = (stepOne) => {
        if (stepOne) {
          const free = this.slots.find((s) => s.tasks.length === 0 && !s.dead);
          if (free === undefined || queue.length === 0) return;
          free.stepping = true;
          setGate(free.gate, GATE_OPEN);
          send(free, queue.shift()!);
          return;
        }
        for (const s of this.slots) fill(s);
      };
      /**
       * A worker threw or died: replace it. Its running task is retried once (at the front of the
       * queue) or reported failed; the tasks it had not started go back to the queue as they were.
       */
      const lost = (slot: Slot, reason: string) => {
        const [running, ...waiting] = slot.tasks;
        slot.detach?.();
        slot.tasks = [];
        slot.dead = true;
        slot.port.terminate();
        const fresh = this.spawn();
        this.slots[this.slots.indexOf(slot)] = fresh;
        attach(fresh);
        queue.unshift(...waiting);
        if (running !== undefined) {
          setProgress(running, 0);
          if (running.attempt === 0) queue.unshift({ ...running, attempt: 1 });
          else complete(running, failedResult(plan, running, reason));
        }
        if (remaining > 0) for (const s of this.slots) fill(s);
      };
      const attach = (slot: Slot) => {
        slot.detach = slot.port.listen({
          message: (m: FromWorker) => {
            const head = slot.tasks[0];
            if (m.run !== runId || head === undefined || m.task !== head.id) return;
            if (m.type === 'progress') {
              setProgress(head, m.done);
              hooks.onProgress?.(progressDone, total);
            } else if (m.type === 'result' || m.type === 'rows') {
              slot.tasks.shift();
              if (slot.stepping) {
                // One restart was stepped: hold again (the worker may start its next queued task and hold at its first report).
                slot.stepping = false;
                if (this.paused) setGate(slot.gate, GATE_HOLD);
              }
              complete(head, m.type === 'result' ? m.result : m.values);
              if (remaining > 0) fill(slot);
            } else if (m.type === 'error') {
              lost(slot, `the restart threw: ${m.message}`);
            }
          },
          error: (reason) => lost(slot, `its worker failed: ${reason}`),
          exit: (reason) => lost(slot, `its worker ${reason}`),
        });
      };
      const onAbort = () => {
        // Stop the workers that are busy (their results would be discarded); idle ones stay for the next run.
        for (const slot of this.slots) {
          if (slot.tasks.length > 0) {
            slot.detach?.();
            setGate(slot.gate, GATE_OPEN);
            slot.port.terminate();
            slot.dead = true;
          }
        }
        finish(new CancellationError(results.map((r) => (r instanceof Float64Array ? undefined : r))));
      };
      if (tasks.length === 0) {
        finish();
        return;
      }
      if (hooks.signal?.aborted) {
        finish(new CancellationError([]));
        return;
      }
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      for (const slot of this.slots) attach(slot);
      for (const slot of this.slots) fill(slot);
    });
  }

  /**
   * A finished run's analysis (stalls, basins, a network's slice and projections), computed on a
   * worker so the host's own thread stays free; the same values as analyzeRun in this thread.
   * Rejects if the worker fails, or with a CancellationError when `signal` aborts.
   */
  analyze(plan: RunPlan, restarts: RestartResult[], signal?: CancelSignal): Promise<RunAnalysis> {
    if (this.busy) return Promise.reject(new Error('this pool is already running'));
    this.busy = true;
    const runId = ++this.runCounter;
    let index = this.slots.findIndex((s) => !s.dead);
    if (index < 0) {
      if (this.slots.length > 0) this.slots[0] = this.spawn();
      else this.slots.push(this.spawn());
      index = 0;
    }
    const slot = this.slots[index]!;
    return new Promise<RunAnalysis>((resolve, reject) => {
      const done = (error: Error | null, value?: RunAnalysis) => {
        detach();
        signal?.removeEventListener('abort', onAbort);
        this.busy = false;
        if (error) reject(error);
        else resolve(value!);
      };
      const fail = (reason: string) => {
        slot.dead = true;
        slot.port.terminate();
        done(new Error(`the run's analysis failed: ${reason}`));
      };
      const detach = slot.port.listen({
        message: (m) => {
          if (m.run !== runId) return;
          if (m.type === 'analysis') done(null, m.analysis);
          else if (m.type === 'error') done(new Error(`the run's analysis failed: ${m.message}`));
        },
        error: (reason) => fail(reason),
        exit: (reason) => fail(`its worker ${reason}`),
      });
      const onAbort = () => {
        slot.dead = true;
        setGate(slot.gate, GATE_OPEN);
        slot.port.terminate();
        done(new CancellationError(restarts));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.port.post({ type: 'load', run: runId, plan });
      slot.loadedRun = runId;
      // Posting copies the restarts on this thread: a whole run at once (56 MB for 256 restarts of
      // 701 recorded parameter vectors) held the page for half a second. Parts of about
      // ANALYZE_PART_BYTES go over in tasks of their own.
      void (async () => {
        let part: RestartResult[] = [];
        let bytes = 0;
        for (const r of restarts) {
          part.push(r);
          bytes += transferables(r).reduce((n, b) => n + b.byteLength, 0);
          if (bytes < ANALYZE_PART_BYTES) continue;
          slot.port.post({ type: 'analyze-part', run: runId, restarts: part });
          part = [];
          bytes = 0;
          await this.nextTask();
          if (slot.dead) return;
        }
        slot.port.post({ type: 'analyze', run: runId, task: 0, restarts: part });
      })();
    });
  }

  /** Stops every worker. */
  close(): void {
    for (const slot of this.slots.splice(0)) {
      setGate(slot.gate, GATE_OPEN);
      slot.port.terminate();
    }
  }
}
