import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunPlan } from '../../core/experiment/resolve';
import type { RestartResult } from '../../core/experiment/result';
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
  /** Optimizer updates done over all tasks, and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each restart finishes, in completion order. */
  onResult?: (result: RestartResult) => void;
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  /** Set when the thread has exited; a dead slot is replaced before the next run. */
  dead: boolean;
  loadedRun: number;
  task: (Task & { attempt: number }) | null;
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
 * A pool of worker_threads that trains restarts. Each task runs on whichever worker is free; since a
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
    const slot: Slot = { worker: new Worker(this.entry), dead: false, loadedRun: -1, task: null };
    slot.worker.once('exit', () => {
      slot.dead = true;
    });
    return slot;
  }

  /** Trains every task and resolves with their results in task order. One run at a time. */
  run(plan: RunPlan, tasks: readonly { variant: number; index: number }[], hooks: RunHooks = {}): Promise<RestartResult[]> {
    if (this.busy) return Promise.reject(new Error('this pool is already running'));
    this.busy = true;
    const runId = ++this.runCounter;
    const queue = tasks.map((t, id) => ({ id, variant: t.variant, index: t.index, attempt: 0 }));
    const results: (RestartResult | undefined)[] = new Array(tasks.length);
    const progress = new Float64Array(tasks.length);
    const total = tasks.reduce((s, t) => s + plan.variants[t.variant]!.steps, 0);
    let remaining = tasks.length;
    let progressDone = 0;

    for (let i = 0; i < this.slots.length; i++) if (this.slots[i]!.dead) this.slots[i] = this.spawn();
    while (this.slots.length < Math.min(this.size, tasks.length)) this.slots.push(this.spawn());

    return new Promise<RestartResult[]>((resolve, reject) => {
      const listeners = new Map<Slot, { message: (m: FromWorker) => void; error: (e: Error) => void; exit: (code: number) => void }>();
      const finish = (error?: Error) => {
        for (const [slot, l] of listeners) {
          slot.worker.off('message', l.message);
          slot.worker.off('error', l.error);
          slot.worker.off('exit', l.exit);
        }
        listeners.clear();
        hooks.signal?.removeEventListener('abort', onAbort);
        this.busy = false;
        if (error) reject(error);
        else resolve(results as RestartResult[]);
      };
      const complete = (slot: Slot, result: RestartResult) => {
        const task = slot.task!;
        slot.task = null;
        results[task.id] = result;
        progressDone += plan.variants[task.variant]!.steps - progress[task.id]!;
        progress[task.id] = plan.variants[task.variant]!.steps;
        hooks.onResult?.(result);
        hooks.onProgress?.(progressDone, total);
        remaining--;
        if (remaining === 0) finish();
        else dispatch(slot);
      };
      const dispatch = (slot: Slot) => {
        const task = queue.shift();
        if (task === undefined) return;
        slot.task = task;
        if (slot.loadedRun !== runId) {
          slot.worker.postMessage({ type: 'load', run: runId, plan } satisfies ToWorker);
          slot.loadedRun = runId;
        }
        slot.worker.postMessage({ type: 'train', run: runId, task: { id: task.id, variant: task.variant, index: task.index } } satisfies ToWorker);
      };
      const replace = (slot: Slot) => {
        const l = listeners.get(slot)!;
        listeners.delete(slot);
        slot.worker.off('message', l.message);
        slot.worker.off('error', l.error);
        slot.worker.off('exit', l.exit);
        void slot.worker.terminate();
        const fresh = this.spawn();
        this.slots[this.slots.indexOf(slot)] = fresh;
        attach(fresh);
        return fresh;
      };
      /** A worker threw or died: replace it, then retry its task once on the fresh worker, or report it failed. */
      const lost = (slot: Slot, reason: string) => {
        const task = slot.task;
        const fresh = replace(slot);
        if (task === null) return;
        if (task.attempt === 0) {
          progressDone -= progress[task.id]!;
          progress[task.id] = 0;
          queue.unshift({ ...task, attempt: 1 });
          dispatch(fresh);
        } else {
          fresh.task = task;
          complete(fresh, failedResult(plan, task, reason));
        }
      };
      const attach = (slot: Slot) => {
        const l = {
          message: (m: FromWorker) => {
            if (m.run !== runId || slot.task === null || m.task !== slot.task.id) return;
            if (m.type === 'progress') {
              progressDone += m.done - progress[m.task]!;
              progress[m.task] = m.done;
              hooks.onProgress?.(progressDone, total);
            } else if (m.type === 'result') {
              complete(slot, m.result);
            } else {
              lost(slot, `the restart threw: ${m.message}`);
            }
          },
          error: (e: Error) => lost(slot, `its worker failed: ${e.message}`),
          exit: (code: number) => lost(slot, `its worker exited with code ${code}`),
        };
        listeners.set(slot, l);
        slot.worker.on('message', l.message);
        slot.worker.on('error', l.error);
        slot.worker.on('exit', l.exit);
      };
      const onAbort = () => {
        for (const slot of this.slots) {
          if (slot.task !== null) {
            const l = listeners.get(slot);
            if (l) {
              slot.worker.off('exit', l.exit);
              slot.worker.off('error', l.error);
            }
            void slot.worker.terminate();
            slot.loadedRun = -1;
          }
        }
        this.slots.splice(0, this.slots.length, ...this.slots.filter((s) => s.task === null));
        finish(new CancellationError(results));
      };
      if (tasks.length === 0) {
        finish();
        return;
      }
      if (hooks.signal?.aborted) {
        finish(new CancellationError(results));
        return;
      }
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      for (const slot of this.slots) attach(slot);
      for (const slot of this.slots) dispatch(slot);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
