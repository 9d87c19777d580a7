// The engine's scheduler, independent of the thread API: Node's worker_threads (electron/engine/pool.ts)
// and the web edition's Web Workers (renderer/engine) both drive it through a small WorkerPort.
import type { RunPlan } from '../experiment/plan';
import { transferables, type RestartResult } from '../experiment/result';
import type { RunAnalysis } from '../export/finish-run';
import { gridRows } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import { restartSeed } from '../rng/seeds';
import { GATE_HOLD, GATE_OPEN, GATE_STEP, type FromWorker, type Task, type ToWorker } from './engine';
import { pack, unpack } from './packed';

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

/** Messages of tasks sent ahead to each worker, so that it never waits for its next task after a short one. */
const PIPELINE = 2;

/**
 * Short restarts go to a worker in groups of about this much work (function evaluations: search steps,
 * times the population for a genetic algorithm), at most MAX_GROUP of them: a message each way per
 * restart cost a 1,000-step search a third of its time (each post that wakes the other thread costs
 * 30–40 µs on a virtual machine). Networks, grid chunks and long searches go one at a time. With
 * PIPELINE groups sent ahead a worker holds about 2 × 50,000 evaluations (about 20 ms of annealing):
 * enough to ride out a pause of the main thread (a scavenge of its growing results took 5–15 ms),
 * which at 20,000 (8 ms ahead) left the worker waiting (the search benchmark: 4.8 → 5.5 M steps/s).
 */
export const GROUP_WORK = 50_000;
export const MAX_GROUP = 64;

/** How many restarts of `variant` go to a worker in one message. */
export function groupSize(plan: RunPlan, variant: number): number {
  const v = plan.variants[variant];
  if (v === undefined || v.kind !== 'function') return 1;
  const search = v.problem.search;
  const work = (Math.max(1, v.steps) + 1) * (search.name === 'genetic_algorithm' ? search.population : 1);
  return Math.max(1, Math.min(MAX_GROUP, Math.floor(GROUP_WORK / work)));
}

/**
 * A task in the queue or sent: `attempt` counts its retries; `alone` sends it in a message of its own
 * (a retry, so that a failure is its own); `group` numbers the message it was sent in, and `grouped`
 * says whether that message held several.
 */
type Queued = Task & { attempt: number; alone: boolean; group: number; grouped: boolean };

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
  if (value !== GATE_HOLD) Atomics.notify(gate, 0);
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
    const queue: Queued[] = tasks.map((t, id) => ({ ...t, id, attempt: 0, alone: false, group: 0, grouped: false }));
    let groups = 0;
    let cancelled = false;
    let settled = false;
    const results: (RestartResult | Float64Array | undefined)[] = new Array(tasks.length);
    const progress = new Float64Array(tasks.length);
    // Work units: a restart's steps, or a grid chunk's points.
    const stepsOf = (t: Omit<Task, 'id'>) => (t.grid ? (t.grid.rowEnd - t.grid.rowStart) * t.grid.plane.resolution : plan.variants[t.variant]!.steps);
    const total = tasks.reduce((s, t) => s + stepsOf(t), 0);
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
        setProgress(task, stepsOf(task));
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
        slot.port.post({ type: 'train', run: runId, tasks: group.map(({ attempt: _a, alone: _l, group: _g, grouped: _d, ...task }) => task) });
      };
      /** The next message's tasks from the front of the queue: one, or a group of short restarts. */
      const take = (): Queued[] => {
        const first = queue.shift()!;
        // Retries and grid chunks go alone; restarts of one variant together.
        const joins = (t: Queued) => !t.alone && t.grid === undefined && t.variant === first.variant;
        if (!joins(first)) return [first];
        const size = groupSize(plan, first.variant);
        const group = [first];
        while (group.length < size && queue.length > 0 && joins(queue[0]!)) group.push(queue.shift()!);
        return group;
      };
      const inFlight = (slot: Slot) => new Set(slot.tasks.map((t) => t.group)).size;
      /** Sends queued tasks to `slot` until it has PIPELINE messages of them (none while paused). */
      const fill = (slot: Slot) => {
        if (this.paused || slot.draining) return;
        while (inFlight(slot) < PIPELINE && queue.length > 0) send(slot, take());
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
        const running = slot.tasks[0];
        const suspects = running === undefined ? [] : exact ? [running] : slot.tasks.filter((t) => t.group === running.group);
        const waiting = slot.tasks.filter((t) => !suspects.includes(t));
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
        let part: RestartResult[] = [];
        let bytes = 0;
        for (const r of restarts) {
          part.push(r);
          bytes += transferables(r).reduce((n, b) => n + b.byteLength, 0);
          if (bytes < ANALYZE_PART_BYTES) continue;
          send('analyze-part', part);
          part = [];
          bytes = 0;
          await this.nextTask();
          if (slot.dead) return;
        }
        send('analyze', part);
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
