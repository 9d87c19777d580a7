import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunPlan } from '../../core/experiment/resolve';
import type { RestartResult } from '../../core/experiment/result';
import type { Plane } from '../../core/landscape/plane';
import { gridRows } from '../../core/landscape/grid';
import type { FromWorker, Task, ToWorker } from '../../core/protocol/engine';
import { restartSeed } from '../../core/rng/seeds';

/** The default pool size: one worker per core but one (the main thread has work too), at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Thrown by WorkerPool.run when the run is cancelled; `results` holds the restarts that had finished. */
export class CancellationError extends Error {
  constructor(readonly results: (RestartResult | undefined)[]) {
    super('the run was cancelled');
    this.name = 'CancellationError';
  }
}

/** Progress and completion callbacks of one run. */
export interface RunHooks {
  /** Optimizer updates (or search steps) done over all tasks, and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each restart finishes, in completion order. */
  onResult?: (result: RestartResult) => void;
  signal?: AbortSignal;
}

/** Tasks sent ahead to each worker, so that it never waits for its next task after a short one. */
const PIPELINE = 2;

type Queued = Task & { attempt: number };

interface Slot {
  worker: Worker;
  /** Set when the thread has exited; a dead slot is replaced before the next run. */
  dead: boolean;
  loadedRun: number;
  /** Tasks sent to this worker, in the order it runs them: the first is the one running. */
  tasks: Queued[];
  detach: (() => void) | null;
}

/** A result for a restart that could not run: no records, the reason kept. */
function failedResult(plan: RunPlan, task: Task, reason: string): RestartResult {
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

/**
 * A pool of worker_threads that runs restarts. Each task runs on whichever worker is free; since a
 * restart's result depends only on (experiment, variant, index), the results do not depend on the
 * pool size or the scheduling. A task whose worker throws or dies is retried once on a fresh worker,
 * then reported with status "failed". `entry` is the path of the bundled worker script.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private runCounter = 0;
  private busy = false;

  constructor(
    private readonly size: number,
    private readonly entry: string | URL,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a worker pool needs at least 1 worker, got ${size}`);
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.entry), dead: false, loadedRun: -1, tasks: [], detach: null };
    slot.worker.once('exit', () => {
      slot.dead = true;
    });
    return slot;
  }

  /** Runs every restart task and resolves with their results in task order. One run at a time. */
  run(plan: RunPlan, tasks: readonly { variant: number; index: number }[], hooks: RunHooks = {}): Promise<RestartResult[]> {
    return this.execute(plan, tasks, hooks) as Promise<RestartResult[]>;
  }

  /**
   * A network variant's landscape grid on `plane`, its rows split into chunks over the workers: the
   * same values as computing it in one thread (rows are independent). A chunk whose worker dies twice
   * rejects the whole grid.
   */
  async grid(plan: RunPlan, variant: number, plane: Plane, hooks: Omit<RunHooks, 'onResult'> = {}): Promise<Float64Array> {
    const rows = gridRows(plane);
    // Small chunks (about 16 per worker) keep the workers evenly loaded to the end.
    const chunk = Math.max(1, Math.ceil(rows / (16 * this.size)));
    const tasks: Omit<Task, 'id'>[] = [];
    for (let start = 0; start < rows; start += chunk) tasks.push({ variant, index: -1, grid: { plane, rowStart: start, rowEnd: Math.min(rows, start + chunk) } });
    const parts = (await this.execute(plan, tasks, hooks)) as (Float64Array | RestartResult)[];
    const out = new Float64Array(rows * plane.resolution);
    parts.forEach((part, i) => {
      if (!(part instanceof Float64Array)) throw new Error(`a landscape grid chunk failed: ${part.reason}`);
      out.set(part, tasks[i]!.grid!.rowStart * plane.resolution);
    });
    return out;
  }

  private execute(plan: RunPlan, tasks: readonly Omit<Task, 'id'>[], hooks: RunHooks): Promise<(RestartResult | Float64Array)[]> {
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
        }
        hooks.signal?.removeEventListener('abort', onAbort);
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
        if (!(result instanceof Float64Array)) hooks.onResult?.(result);
        hooks.onProgress?.(progressDone, total);
        remaining--;
        if (remaining === 0) finish();
      };
      /** Sends queued tasks to `slot` until it has PIPELINE of them. */
      const fill = (slot: Slot) => {
        while (slot.tasks.length < PIPELINE && queue.length > 0) {
          const task = queue.shift()!;
          slot.tasks.push(task);
          if (slot.loadedRun !== runId) {
            slot.worker.postMessage({ type: 'load', run: runId, plan } satisfies ToWorker);
            slot.loadedRun = runId;
          }
          const { attempt: _attempt, ...message } = task;
          slot.worker.postMessage({ type: 'train', run: runId, task: message } satisfies ToWorker);
        }
      };
      /**
       * A worker threw or died: replace it. Its running task is retried once (at the front of the
       * queue) or reported failed; the tasks it had not started go back to the queue as they were.
       */
      const lost = (slot: Slot, reason: string) => {
        const [running, ...waiting] = slot.tasks;
        slot.detach?.();
        slot.tasks = [];
        void slot.worker.terminate();
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
        const message = (m: FromWorker) => {
          const head = slot.tasks[0];
          if (m.run !== runId || head === undefined || m.task !== head.id) return;
          if (m.type === 'progress') {
            setProgress(head, m.done);
            hooks.onProgress?.(progressDone, total);
          } else if (m.type === 'result' || m.type === 'rows') {
            slot.tasks.shift();
            complete(head, m.type === 'result' ? m.result : m.values);
            if (remaining > 0) fill(slot);
          } else {
            lost(slot, `the restart threw: ${m.message}`);
          }
        };
        const error = (e: Error) => lost(slot, `its worker failed: ${e.message}`);
        const exit = (code: number) => lost(slot, `its worker exited with code ${code}`);
        slot.worker.on('message', message);
        slot.worker.on('error', error);
        slot.worker.on('exit', exit);
        slot.detach = () => {
          slot.worker.off('message', message);
          slot.worker.off('error', error);
          slot.worker.off('exit', exit);
          slot.detach = null;
        };
      };
      const onAbort = () => {
        // Stop the workers that are busy (their results would be discarded); idle ones stay for the next run.
        for (const slot of this.slots) {
          if (slot.tasks.length > 0) {
            slot.detach?.();
            void slot.worker.terminate();
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

  /** Stops every worker. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
