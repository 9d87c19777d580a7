// The runs of one window, host-independent: the desktop's RunHost (electron/engine/runs.ts) and the web
// edition's LabApi both wrap it, adding their scheduler's threads, a timer and how files are written.
import { ExperimentError } from '../experiment/errors';
import { describePlan } from '../experiment/plan-description';
import { parseJson, resolveExperiment, type ReadText, type RunPlan } from '../experiment/resolve';
import { EventBatcher, type Timer } from './batcher';
import { LabError, type ExperimentSource, type RunEventBatch, type ValidateReply } from './lab-api';
import { thinEvents } from './decimate';
import { checkPoolSize, type Scheduler } from './scheduler';
import { runSession, type SessionResult } from './session';

/** A minimal AbortController (core has no DOM or Node types). */
class Cancel {
  aborted = false;
  private listeners: (() => void)[] = [];
  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const l of this.listeners.splice(0)) l();
  }
}

interface Active {
  run: number;
  cancel: Cancel;
  batcher: EventBatcher;
  done: Promise<void>;
}

/** Finished runs kept for export: the last few (each holds every restart's records). */
const KEPT_RUNS = 3;

/** Resolves an experiment for the lab, turning its problems into a LabError of kind "experiment". */
export function resolveSource(source: ExperimentSource, readText: ReadText): RunPlan {
  try {
    return resolveExperiment(parseJson(source.text), readText);
  } catch (e) {
    if (e instanceof ExperimentError) throw new LabError('experiment', e.message, e.problems);
    throw e;
  }
}

/**
 * Starts, holds, steps and cancels runs, one at a time (starting one cancels the one going), sending
 * each run's events in batches through `send`, and keeps the last finished runs for export.
 */
export class RunManager {
  private counter = 0;
  private active: Active | null = null;
  private readonly finished = new Map<number, SessionResult>();
  private readonly failures = new Map<number, string>();
  /** A pool size asked for while a run was going, applied when it ends. */
  private pendingSize: number | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly timer: Timer,
    private readonly send: (batch: RunEventBatch) => void,
    /** The id of the last run before this manager's first (a host started again goes on from its predecessor's ids). */
    lastRun = 0,
  ) {
    this.counter = lastRun;
  }

  /** Checks an experiment as start would, without running it. */
  validate(source: ExperimentSource, readText: ReadText): ValidateReply {
    try {
      const plan = resolveSource(source, readText);
      return { ok: true, description: describePlan(plan), restarts: plan.experiment.restarts, variants: plan.variants.length };
    } catch (e) {
      if (e instanceof LabError && e.kind === 'experiment') return { ok: false, problems: e.problems };
      throw e;
    }
  }

  /**
   * Starts a run (after cancelling the one going, if any) and returns its id; events follow through
   * `send`, thinned for a window that draws `drawBudget` points of a configuration's restarts (decimate.ts).
   */
  async start(source: ExperimentSource, readText: ReadText, drawBudget = Infinity): Promise<{ run: number }> {
    const plan = resolveSource(source, readText);
    // A loop, not an if: two starts may wait for the same run, and the first to go on starts one the
    // second must cancel in turn (the last start wins; one run at a time on the scheduler).
    while (this.active !== null) {
      this.active.cancel.abort();
      await this.active.done;
    }
    this.applySize();
    const run = ++this.counter;
    const cancel = new Cancel();
    const batcher = new EventBatcher(run, this.send, this.timer);
    if (this.scheduler.isPaused) this.scheduler.resume();
    const thin = thinEvents(drawBudget);
    const done = runSession(plan, run, this.scheduler, (e) => batcher.push(thin(e)), cancel).then(
      (result) => {
        this.keep(run, result);
      },
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        this.failures.set(run, message);
        batcher.push({ type: 'state', run, state: 'failed', message });
      },
    );
    const active: Active = { run, cancel, batcher, done };
    this.active = active;
    void done.finally(() => {
      batcher.flush();
      if (this.active !== active) return;
      this.active = null;
      this.applySize();
    });
    return { run };
  }

  /**
   * Sets the pool's size for the runs that start from now on: at once when no run is going, else when
   * the run going ends (it keeps its workers to the end). Throws a RangeError, changing nothing, for a
   * size below 1.
   */
  resize(size: number): void {
    this.pendingSize = checkPoolSize(size);
    if (this.active === null) this.applySize();
  }

  private applySize(): void {
    if (this.pendingSize === null) return;
    const size = this.pendingSize;
    this.pendingSize = null;
    this.scheduler.resize(size);
  }

  private keep(run: number, result: SessionResult): void {
    this.finished.set(run, result);
    for (const key of this.finished.keys()) if (this.finished.size > KEPT_RUNS) this.finished.delete(key);
  }

  private going(run: number): Active {
    if (this.active !== null && this.active.run === run) return this.active;
    throw new LabError('invalid-request', this.finished.has(run) ? `run ${run} has already ended` : `there is no run ${run}`);
  }

  /** Holds the run: no new restart starts; running ones hold at their next progress report. */
  pause(run: number): void {
    const a = this.going(run);
    this.scheduler.pause();
    a.batcher.push({ type: 'state', run, state: 'paused', message: null });
  }

  resume(run: number): void {
    const a = this.going(run);
    this.scheduler.resume();
    a.batcher.push({ type: 'state', run, state: 'running', message: null });
  }

  /** While paused, lets one more restart finish. */
  step(run: number): void {
    this.going(run);
    if (!this.scheduler.isPaused) throw new LabError('invalid-request', `run ${run} is not paused: pause it before stepping`);
    this.scheduler.step();
  }

  /** Stops the run, keeping every finished restart (its result arrives as a cancelled state). */
  cancel(run: number): void {
    const a = this.going(run);
    if (this.scheduler.isPaused) this.scheduler.resume();
    a.cancel.abort();
  }

  /** Resolves when the run going (if any) has ended. */
  async settled(): Promise<void> {
    await this.active?.done;
  }

  /** A finished (or cancelled) run's result, for export. */
  result(run: number): SessionResult {
    const r = this.finished.get(run);
    if (r !== undefined) return r;
    if (this.active?.run === run) throw new LabError('invalid-request', `run ${run} is still going: wait for it or cancel it before exporting`);
    if (this.failures.has(run)) throw new LabError('failed', `run ${run} failed: ${this.failures.get(run)}`);
    throw new LabError('invalid-request', `there is no run ${run} to export (only the last ${KEPT_RUNS} runs are kept)`);
  }

  /** Cancels the run going and stops the scheduler's workers. */
  async close(): Promise<void> {
    this.active?.cancel.abort();
    await this.settled();
    this.scheduler.close();
  }
}
