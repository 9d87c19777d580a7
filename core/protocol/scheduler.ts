// The engine's scheduler, independent of the thread API: Node's worker_threads (electron/engine/pool.ts)
// and the web edition's Web Workers (renderer/engine) both drive it through a small WorkerPort.
import type { RunPlan } from '../experiment/plan';
import { failedResult, type RestartResult } from '../experiment/result';
import type { RunAnalysis } from '../export/finish-run';
import { gridRows } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import { analyzeParts } from './analyze-parts';
import type { FromWorker, Task } from './engine';
import { GATE_HOLD, GATE_OPEN, GATE_STEP, setGate } from './gate';
import { pack, unpack } from './packed';
import { CancellationError, type CancelSignal, type GridHooks, type RunHooks } from './run-hooks';
import { inFlight, PIPELINE, queueOf, splitLost, takeGroup, toTasks, workOf, type Queued } from './task-queue';
import type { WorkerPort } from './worker-port';

interface Slot {
  port: WorkerPort;
  /** Set when the thread has exited; a dead slot is replaced before the next run. */
  dead: boolean;
  loadedRun: number;
  /** Tasks sent to this worker, in the order it runs them: the first is the one running (or its result is on the way). */
  tasks: Queued[];
  /** Set once a cancelled run's groups are finishing on this worker: it gets no more tasks. */
  draining: boolean;
  detach: (() => void) | null;
  /** Shared hold flag (GATE_HOLD: hold at the next progress report), when shared memory is available. */
  gate: Int32Array | null;
  /** Released by step(): runs until its current restart finishes, then holds again. */
  stepping: boolean;
}

/** Checks a pool size (a whole number of workers, at least 1); throws a RangeError naming it otherwise. */
export function checkPoolSize(size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a worker pool needs at least 1 worker, got ${size}`);
  return size;
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
  /** Set by warm(): the pool keeps all its workers started, across resize too. */
  private warmed = false;
  private poolSize: number;
  /** Set while a run is going: hands out queued tasks (step and resume need it). */
  private kick: ((stepOne: boolean) => void) | null = null;

  /**
   * `sharedMemory`: whether the host's threads can share a SharedArrayBuffer (always in Node; in a
   * browser only when cross-origin isolated). Without it, pause only stops new tasks from starting.
   */
  constructor(
    size: number,
    private readonly spawnPort: () => WorkerPort,
    private readonly sharedMemory: boolean,
    /** Resolves in a later task of the host's thread (e.g. after setTimeout 0), so it can do other work between big messages. */
    private readonly nextTask: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.poolSize = checkPoolSize(size);
  }

  /** How many workers the pool runs on. */
  get size(): number {
    return this.poolSize;
  }

  private spawn(): Slot {
    const port = this.spawnPort();
    const gate = this.sharedMemory ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const slot: Slot = { port, dead: false, loadedRun: -1, tasks: [], draining: false, detach: null, gate, stepping: false };
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

  /** Replaces dead workers and starts new ones up to `count`. */
  private fill(count: number): void {
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i]!.dead) this.slots[i] = this.spawn();
    while (this.slots.length < count) this.slots.push(this.spawn());
  }

  /**
   * Starts every worker of the pool now, so that they have loaded before the first run needs them;
   * from then on, workers stopped by a cancel or lost to a failure are replaced as soon as a run or
   * an analysis ends, not in the next run's first second.
   */
  warm(): void {
    this.warmed = true;
    this.fill(this.size);
  }

  /** In a warm pool, replaces the workers stopped or lost. */
  private refill(): void {
    if (this.warmed) this.fill(this.size);
  }

  /**
   * Makes the pool `size` workers for the runs after this: workers beyond it stop now, and a warm pool
   * starts its new ones now. Only between runs (a host's run also grids and analyzes: RunManager
   * waits for its end); throws, changing nothing, while the pool is running or for a size below 1.
   */
  resize(size: number): void {
    checkPoolSize(size);
    if (this.busy) throw new Error('a worker pool cannot change its size while it runs');
    this.poolSize = size;
    // Workers that died go first, so that as many started ones as fit are kept.
    this.slots.sort((a, b) => Number(a.dead) - Number(b.dead));
    this.stopFrom(size);
    this.refill();
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
      setGate(held.gate, GATE_STEP);
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
    const queue = queueOf(tasks);
    let groups = 0;
    let cancelled = false;
    let settled = false;
    const results: (RestartResult | Float64Array | undefined)[] = new Array(tasks.length);
    const progress = new Float64Array(tasks.length);
    const total = tasks.reduce((s, t) => s + workOf(plan, t), 0);
    let remaining = tasks.length;
    let progressDone = 0;

    this.fill(Math.min(this.size, tasks.length));

    return new Promise<(RestartResult | Float64Array)[]>((resolve, reject) => {
      const finish = (error?: Error) => {
        settled = true;
        for (const slot of this.slots) {
          slot.detach?.();
          slot.tasks = [];
          slot.stepping = false;
          slot.draining = false;
        }
        hooks.signal?.removeEventListener('abort', onAbort);
        this.kick = null;
        this.busy = false;
        this.refill();
        if (error) reject(error);
        else resolve(results as (RestartResult | Float64Array)[]);
      };
      const setProgress = (task: Task, done: number) => {
        progressDone += done - progress[task.id]!;
        progress[task.id] = done;
      };
      const complete = (task: Task, result: RestartResult | Float64Array) => {
        results[task.id] = result;
        setProgress(task, workOf(plan, task));
        if (result instanceof Float64Array) onChunk?.(task, result);
        else hooks.onResult?.(result);
        hooks.onProgress?.(progressDone, total);
        remaining--;
        if (cancelled) settleCancelled();
        else if (remaining === 0) finish();
      };
      /** After a cancel: ends the run once no worker has a task left. */
      const settleCancelled = () => {
        if (this.slots.every((s) => s.tasks.length === 0)) finish(new CancellationError(kept()));
      };
      const kept = () => results.map((r) => (r instanceof Float64Array ? undefined : r));
      /** Sends `group` (consecutive tasks, run in order) to `slot` in one message. */
      const send = (slot: Slot, group: Queued[]) => {
        const number = ++groups;
        for (const task of group) {
          task.group = number;
          task.grouped = group.length > 1;
          slot.tasks.push(task);
        }
        if (slot.loadedRun !== runId) {
          slot.port.post({ type: 'load', run: runId, plan });
          slot.loadedRun = runId;
        }
        slot.port.post({ type: 'train', run: runId, tasks: toTasks(group) });
      };
      /** Sends queued tasks to `slot` until it has PIPELINE messages of them (none while paused). */
      const fill = (slot: Slot) => {
        if (this.paused || slot.draining) return;
        while (inFlight(slot.tasks) < PIPELINE && queue.length > 0) send(slot, takeGroup(plan, queue));
      };
      this.kick = (stepOne) => {
        if (stepOne) {
          const free = this.slots.find((s) => s.tasks.length === 0 && !s.dead);
          if (free === undefined || queue.length === 0) return;
          free.stepping = true;
          setGate(free.gate, GATE_STEP);
          send(free, [queue.shift()!]);
          return;
        }
        for (const s of this.slots) fill(s);
      };
      /**
       * A worker threw or died: replace it. Its running task is retried once, alone (at the front of
       * the queue), or reported failed; the tasks it had not started go back to the queue as they
       * were. When it died in a group (`exact` false: the results of the group's finished restarts
       * may not have been posted), which restart killed it is not known: each of the group's tasks
       * not reported is retried as the running one is, alone, so the one that fails again is the one.
       */
      const lost = (slot: Slot, reason: string, exact: boolean) => {
        const { suspects, waiting } = splitLost(slot.tasks, exact);
        slot.detach?.();
        slot.tasks = [];
        slot.dead = true;
        slot.port.terminate();
        const fresh = this.spawn();
        this.slots[this.slots.indexOf(slot)] = fresh;
        attach(fresh);
        if (cancelled) {
          // Nothing more starts: what it had not finished is dropped, as a cancel drops a running restart.
          settleCancelled();
          return;
        }
        queue.unshift(...waiting);
        const retries: Queued[] = [];
        for (const task of suspects) {
          setProgress(task, 0);
          if (task.attempt === 0) retries.push({ ...task, attempt: 1, alone: true });
          else complete(task, failedResult(plan, task, reason));
        }
        queue.unshift(...retries);
        if (!settled) for (const s of this.slots) fill(s);
      };
      const attach = (slot: Slot) => {
        slot.detach = slot.port.listen({
          message: (m: FromWorker) => {
            const head = slot.tasks[0];
            if (m.run !== runId || head === undefined) return;
            if (m.type !== 'results' && m.task !== head.id) return;
            if (m.type === 'progress') {
              setProgress(head, m.done);
              hooks.onProgress?.(progressDone, total);
            } else if (m.type === 'results' || m.type === 'rows') {
              const done = m.type === 'results' ? m.results.map((r) => unpack<RestartResult>(r)) : [m.values];
              const ids = m.type === 'results' ? m.tasks : [m.task];
              if (slot.stepping) {
                // One restart was stepped: the worker holds again by itself (GATE_STEP); without shared memory, hold here.
                slot.stepping = false;
                if (this.paused) setGate(slot.gate, GATE_HOLD);
              }
              for (let k = 0; k < ids.length && !settled; k++) {
                const task = slot.tasks[0];
                if (task === undefined || task.id !== ids[k]) break;
                slot.tasks.shift();
                complete(task, done[k]!);
              }
              if (!settled) fill(slot);
            } else if (m.type === 'error') {
              lost(slot, `the restart threw: ${m.message}`, true);
            }
          },
          error: (reason) => lost(slot, `its worker failed: ${reason}`, false),
          exit: (reason) => lost(slot, `its worker ${reason}`, false),
        });
      };
      const onAbort = () => {
        // Stop the workers that are busy on one restart (its result would be discarded); idle ones stay
        // for the next run. A worker on a group of short restarts finishes the groups it has (a few
        // milliseconds), since restarts it has finished may not have been posted yet: none is lost.
        cancelled = true;
        queue.length = 0;
        for (const slot of this.slots) {
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
        settleCancelled();
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
        this.refill();
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
      // ANALYZE_PART_BYTES go over in tasks of their own, packed (one array, transferred): the
      // structured clone of a part's many small arrays took 35–60 ms in the page.
      const send = (type: 'analyze-part' | 'analyze', part: RestartResult[]) => {
        const packed = pack(part);
        if (type === 'analyze') slot.port.post({ type, run: runId, task: 0, restarts: packed }, [packed.data.buffer as ArrayBuffer]);
        else slot.port.post({ type, run: runId, restarts: packed }, [packed.data.buffer as ArrayBuffer]);
      };
      void (async () => {
        const parts = analyzeParts(restarts);
        for (let k = 0; k < parts.length - 1; k++) {
          send('analyze-part', parts[k]!);
          await this.nextTask();
          if (slot.dead) return;
        }
        send('analyze', parts[parts.length - 1]!);
      })();
    });
  }

  /** Stops every worker. */
  close(): void {
    this.stopFrom(0);
  }

  /** Stops the workers from slot `first` on and drops their slots (a held one is let go first). */
  private stopFrom(first: number): void {
    for (const slot of this.slots.splice(first)) {
      setGate(slot.gate, GATE_OPEN);
      slot.port.terminate();
    }
  }
}
