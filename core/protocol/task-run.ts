// One run (or grid) of the scheduler: its queue, results and progress, and what happens as its workers
// report, fail or are cancelled. The scheduler starts one at a time and forwards resume and step to it.
import type { RunPlan } from '../experiment/plan';
import { failedResult, type RestartResult } from '../experiment/result';
import type { FromWorker, Task } from './engine';
import { GATE_HOLD, GATE_OPEN, GATE_STEP, setGate } from './gate';
import { unpack } from './packed';
import { CancellationError, type RunHooks } from './run-hooks';
import type { Slot } from './slot';
import { inFlight, PIPELINE, queueOf, splitLost, takeGroup, toTasks, workOf, type Queued } from './task-queue';

/** A task's result: a restart's, or a grid chunk's values. */
export type TaskResult = RestartResult | Float64Array;

/** Sees each grid chunk's values as they arrive. */
export type ChunkHook = (task: Omit<Task, 'id'>, values: Float64Array) => void;

/** What a run needs of its scheduler. */
export interface RunPool {
  /** The pool's workers: the scheduler's own array, in which a lost worker is replaced in place. */
  readonly slots: Slot[];
  /** Whether the pool is paused now. */
  isPaused(): boolean;
  /** Starts a fresh worker (to replace a lost one). */
  spawn(): Slot;
  /** Called once as the run ends, after its workers are let go and before its promise settles. */
  ended(): void;
}

/**
 * A run of tasks over a pool's workers: hands out queued tasks (PIPELINE messages ahead per worker),
 * collects results and progress in task order, retries a lost worker's task once alone on a fresh
 * worker, and on a cancel stops the workers busy on one restart and lets grouped ones drain.
 */
export class TaskRun {
  private readonly queue: Queued[];
  /** Messages of tasks sent so far: numbers each message's group. */
  private groups = 0;
  private cancelled = false;
  /** Set once the run has ended: late messages change nothing. */
  private settled = false;
  private readonly results: (TaskResult | undefined)[];
  /** Work done on each task (workOf units), over all tasks, and in all. */
  private readonly progress: Float64Array;
  private progressDone = 0;
  private readonly total: number;
  /** Tasks not completed yet. */
  private remaining: number;
  private resolve: (results: TaskResult[]) => void = () => {};
  private reject: (error: Error) => void = () => {};
  /** The abort listener, one function so that finish() can remove it. */
  private readonly onAbort = (): void => this.cancel();

  constructor(
    private readonly pool: RunPool,
    private readonly runId: number,
    private readonly plan: RunPlan,
    tasks: readonly Omit<Task, 'id'>[],
    private readonly hooks: RunHooks,
    private readonly onChunk?: ChunkHook,
  ) {
    this.queue = queueOf(tasks);
    this.results = new Array(tasks.length);
    this.progress = new Float64Array(tasks.length);
    this.total = tasks.reduce((s, t) => s + workOf(plan, t), 0);
    this.remaining = tasks.length;
  }

  /** Starts the run on the pool's workers; resolves with every task's result in task order, or rejects (CancellationError on a cancel). */
  start(): Promise<TaskResult[]> {
    return new Promise<TaskResult[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      if (this.remaining === 0) {
        this.finish();
        return;
      }
      if (this.hooks.signal?.aborted) {
        this.finish(new CancellationError([]));
        return;
      }
      this.hooks.signal?.addEventListener('abort', this.onAbort, { once: true });
      for (const slot of this.pool.slots) this.attach(slot);
      this.feedAll();
    });
  }

  /** Sends queued tasks to every worker that has room for them (none while paused). */
  feedAll(): void {
    for (const slot of this.pool.slots) this.feed(slot);
  }

  /** While paused: sends the next queued task alone to a free worker, released to finish it, if there are both. */
  stepOne(): void {
    const free = this.pool.slots.find((s) => s.tasks.length === 0 && !s.dead);
    if (free === undefined || this.queue.length === 0) return;
    free.stepping = true;
    setGate(free.gate, GATE_STEP);
    this.send(free, [this.queue.shift()!]);
  }

  /** Ends the run: clears its workers' tasks and listeners (they stay for the next run), tells the pool, and settles with `error` or the results. */
  private finish(error?: Error): void {
    this.settled = true;
    for (const slot of this.pool.slots) {
      slot.detach?.();
      slot.tasks = [];
      slot.stepping = false;
      slot.draining = false;
    }
    this.hooks.signal?.removeEventListener('abort', this.onAbort);
    this.pool.ended();
    if (error) this.reject(error);
    else this.resolve(this.results as TaskResult[]);
  }

  /** Records `done` work units on `task` (replacing what it had), keeping the run's total up to date. */
  private setProgress(task: Task, done: number): void {
    this.progressDone += done - this.progress[task.id]!;
    this.progress[task.id] = done;
  }

  /** Records `task`'s result, reports it and the progress, and ends the run if it was the last (or the run is cancelled and drained). */
  private complete(task: Task, result: TaskResult): void {
    this.results[task.id] = result;
    this.setProgress(task, workOf(this.plan, task));
    if (result instanceof Float64Array) this.onChunk?.(task, result);
    else this.hooks.onResult?.(result);
    this.hooks.onProgress?.(this.progressDone, this.total);
    this.remaining--;
    if (this.cancelled) this.settleCancelled();
    else if (this.remaining === 0) this.finish();
  }

  /** After a cancel: ends the run once no worker has a task left. */
  private settleCancelled(): void {
    if (this.pool.slots.every((s) => s.tasks.length === 0)) this.finish(new CancellationError(this.kept()));
  }

  /** The restarts finished so far, by task (a cancelled run keeps no grid chunks). */
  private kept(): (RestartResult | undefined)[] {
    return this.results.map((r) => (r instanceof Float64Array ? undefined : r));
  }

  /** Sends `group` (consecutive tasks, run in order) to `slot` in one message, loading the run there first if needed. */
  private send(slot: Slot, group: Queued[]): void {
    const number = ++this.groups;
    for (const task of group) {
      task.group = number;
      task.grouped = group.length > 1;
      slot.tasks.push(task);
    }
    if (slot.loadedRun !== this.runId) {
      slot.port.post({ type: 'load', run: this.runId, plan: this.plan });
      slot.loadedRun = this.runId;
    }
    slot.port.post({ type: 'train', run: this.runId, tasks: toTasks(group) });
  }

  /** Sends queued tasks to `slot` until it has PIPELINE messages of them (none while paused or draining). */
  private feed(slot: Slot): void {
    if (this.pool.isPaused() || slot.draining) return;
    while (inFlight(slot.tasks) < PIPELINE && this.queue.length > 0) this.send(slot, takeGroup(this.plan, this.queue));
  }

  /** Listens to `slot`'s worker for this run: its messages, errors and exit. */
  private attach(slot: Slot): void {
    slot.detach = slot.port.listen({
      message: (m) => this.received(slot, m),
      error: (reason) => this.lost(slot, `its worker failed: ${reason}`, false),
      exit: (reason) => this.lost(slot, `its worker ${reason}`, false),
    });
  }

  /** Handles a message from `slot`'s worker (ignoring another run's, and any about a task it is not running). */
  private received(slot: Slot, m: FromWorker): void {
    const head = slot.tasks[0];
    if (m.run !== this.runId || head === undefined) return;
    if (m.type !== 'results' && m.task !== head.id) return;
    if (m.type === 'progress') {
      this.setProgress(head, m.done);
      this.hooks.onProgress?.(this.progressDone, this.total);
    } else if (m.type === 'results' || m.type === 'rows') {
      const done = m.type === 'results' ? m.results.map((r) => unpack<RestartResult>(r)) : [m.values];
      const ids = m.type === 'results' ? m.tasks : [m.task];
      this.finished(slot, ids, done);
    } else if (m.type === 'error') {
      this.lost(slot, `the restart threw: ${m.message}`, true);
    }
  }

  /** Completes `slot`'s tasks `ids` with results `done`, while they are the ones at the front of its list, then sends it more. */
  private finished(slot: Slot, ids: readonly number[], done: readonly TaskResult[]): void {
    if (slot.stepping) {
      // One restart was stepped: the worker holds again by itself (GATE_STEP); without shared memory, hold here.
      slot.stepping = false;
      if (this.pool.isPaused()) setGate(slot.gate, GATE_HOLD);
    }
    for (let k = 0; k < ids.length && !this.settled; k++) {
      const task = slot.tasks[0];
      if (task === undefined || task.id !== ids[k]) break;
      slot.tasks.shift();
      this.complete(task, done[k]!);
    }
    if (!this.settled) this.feed(slot);
  }

  /**
   * A worker threw or died: replace it. Its running task is retried once, alone (at the front of
   * the queue), or reported failed; the tasks it had not started go back to the queue as they
   * were. When it died in a group (`exact` false: the results of the group's finished restarts
   * may not have been posted), which restart killed it is not known: each of the group's tasks
   * not reported is retried as the running one is, alone, so the one that fails again is the one.
   */
  private lost(slot: Slot, reason: string, exact: boolean): void {
    const { suspects, waiting } = splitLost(slot.tasks, exact);
    slot.detach?.();
    slot.tasks = [];
    slot.dead = true;
    slot.port.terminate();
    const fresh = this.pool.spawn();
    this.pool.slots[this.pool.slots.indexOf(slot)] = fresh;
    this.attach(fresh);
    if (this.cancelled) {
      // Nothing more starts: what it had not finished is dropped, as a cancel drops a running restart.
      this.settleCancelled();
      return;
    }
    this.queue.unshift(...waiting);
    const retries: Queued[] = [];
    for (const task of suspects) {
      this.setProgress(task, 0);
      if (task.attempt === 0) retries.push({ ...task, attempt: 1, alone: true });
      else this.complete(task, failedResult(this.plan, task, reason));
    }
    this.queue.unshift(...retries);
    if (!this.settled) this.feedAll();
  }

  /** The run's signal aborted: nothing more starts, and the run ends once its workers hold no tasks. */
  private cancel(): void {
    // Stop the workers that are busy on one restart (its result would be discarded); idle ones stay
    // for the next run. A worker on a group of short restarts finishes the groups it has (a few
    // milliseconds), since restarts it has finished may not have been posted yet: none is lost.
    this.cancelled = true;
    this.queue.length = 0;
    for (const slot of this.pool.slots) {
      if (slot.tasks.length === 0) continue;
      setGate(slot.gate, GATE_OPEN);
      if (slot.tasks.some((t) => t.grouped)) {
        slot.draining = true;
        continue;
      }
      slot.detach?.();
      slot.tasks = [];
      slot.port.terminate();
      slot.dead = true;
    }
    this.settleCancelled();
  }
}
