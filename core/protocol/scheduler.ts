// The engine's scheduler, independent of the thread API: Node's worker_threads (electron/engine/pool.ts)
// and the web edition's Web Workers (renderer/engine) both drive it through a small WorkerPort.
import type { RunPlan } from '../experiment/plan';
import type { RestartResult } from '../experiment/result';
import type { RunAnalysis } from '../export/finish-run';
import { gridRows } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import { analyzeParts } from './analyze-parts';
import type { Task } from './engine';
import { GATE_HOLD, GATE_OPEN, GATE_STEP, setGate } from './gate';
import { pack } from './packed';
import { CancellationError, type CancelSignal, type GridHooks, type RunHooks } from './run-hooks';
import type { Slot } from './slot';
import { TaskRun, type ChunkHook, type RunPool, type TaskResult } from './task-run';
import type { WorkerPort } from './worker-port';

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
  private active: TaskRun | null = null;
  /** The pool as a run sees it; a run's end frees the pool for the next. */
  private readonly pool: RunPool = {
    slots: this.slots,
    isPaused: () => this.paused,
    spawn: () => this.spawn(),
    ended: () => {
      this.active = null;
      this.busy = false;
      this.refill();
    },
  };

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
    this.active?.feedAll();
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
    this.active?.stepOne();
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
    const onChunk: ChunkHook = (task, values) => {
      out.set(values, task.grid!.rowStart * plane.resolution);
      hooks.onRows?.(task.grid!.rowStart, values);
    };
    const parts = await this.execute(plan, tasks, hooks, onChunk);
    parts.forEach((part) => {
      if (!(part instanceof Float64Array)) throw new Error(`a landscape grid chunk failed: ${part.reason}`);
    });
    return out;
  }

  /** Runs `tasks` over the pool (one run at a time); resolves with their results in task order. */
  private execute(plan: RunPlan, tasks: readonly Omit<Task, 'id'>[], hooks: RunHooks, onChunk?: ChunkHook): Promise<TaskResult[]> {
    if (this.busy) return Promise.reject(new Error('this pool is already running'));
    this.busy = true;
    const run = new TaskRun(this.pool, ++this.runCounter, plan, tasks, hooks, onChunk);
    this.fill(Math.min(this.size, tasks.length));
    this.active = run;
    return run.start();
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
