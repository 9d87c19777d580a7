// Chart work, coalesced and spread out: a chart asks for a redraw as often as results arrive, but runs
// at most once per gap it names. Jobs that are due together run in one task while they are quick (each
// job's last run says how long it takes, up to SLICE_MS a task), so that their canvases change in one
// frame: every frame costs the compositor, on software rendering most of a core at 16 frames a second
// (docs/reliability.md). A job that is slow, or not yet timed, runs in a task of its own, so no single
// task of the page redraws all the charts (each task that long would block input and count as a long task).

/** Time (ms) a task may spend on jobs that are due together; a job is added to a task only if its last run, added to the task's time so far, fits. */
export const SLICE_MS = 8;

/** A unit of chart work (typically: bring one chart up to date with the latest parameters). */
export type ChartJob = () => void;

/** The clock and timers the queue runs on (the window's by default; tests pass fakes). */
export interface QueueClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A task posted to ourselves: unlike setTimeout(0), never held back 4 ms when timers nest. */
interface PostedTask {
  run: () => void;
  cancelled: boolean;
}

/** The window's clock: setTimeout for a delay, a message to ourselves for "next task". */
function windowClock(): QueueClock {
  let channel: MessageChannel | null = null;
  const posted: PostedTask[] = [];
  const post = (task: PostedTask) => {
    if (channel === null) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const next = posted.shift();
        if (next !== undefined && !next.cancelled) next.run();
      };
    }
    posted.push(task);
    channel.port2.postMessage(null);
  };
  return {
    now: () => performance.now(),
    setTimeout(run, ms) {
      if (ms > 0 || typeof MessageChannel === 'undefined') return setTimeout(run, ms);
      const task = { run, cancelled: false };
      post(task);
      return task;
    },
    clearTimeout(handle) {
      if (typeof handle === 'object' && handle !== null && 'cancelled' in handle) (handle as PostedTask).cancelled = true;
      else clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

/**
 * Runs jobs in the order they were first asked for, as many in a task as fit in SLICE_MS by their last
 * run's time. A job asked for again while it waits runs once; each job runs at most once per `gap` ms
 * after it last came due, and at once when that much time has passed already, so that charts asked
 * together (a run's batch updates them all) stay due together and redraw right after the batch, in the
 * same frame as the page's other changes for it.
 */
export class ChartQueue {
  /** Each waiting job and the time (clock ms) it is due, in request order. */
  private readonly due = new Map<ChartJob, number>();
  /** When each job was last due (it ran then or soon after). */
  private readonly ran = new Map<ChartJob, number>();
  /** How long (clock ms) each job took the last time it ran. */
  private readonly took = new Map<ChartJob, number>();
  private timer: unknown = null;
  private timerAt = Infinity;

  constructor(private readonly clock: QueueClock = windowClock()) {}

  /** How many jobs are waiting. */
  get waiting(): number {
    return this.due.size;
  }

  /** Asks for `job` to run in a later task, `gap` ms (≥ 0) or more after it last came due; a waiting job keeps its place and runs once, at the earlier time. */
  request(job: ChartJob, gap: number): void {
    this.dueBy(job, Math.max(this.clock.now(), (this.ran.get(job) ?? -Infinity) + gap));
  }

  /** Asks for `job` to run `delay` ms (≥ 0) from now, or at the time it already waits for if that is sooner. */
  defer(job: ChartJob, delay: number): void {
    this.dueBy(job, this.clock.now() + delay);
  }

  /**
   * Runs, in the caller's task, the waiting jobs that are due now and fit in the slice of a task that
   * began at `since` (clock ms): none if the task has used it up. The rest run in later tasks as usual.
   */
  runDue(since: number): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.run(since, false);
  }

  /** Forgets `job` (a chart being removed): it will not run unless asked for again. */
  cancel(job: ChartJob): void {
    this.due.delete(job);
    this.ran.delete(job);
    this.took.delete(job);
  }

  /** Makes `job` due at `at`, unless it waits for an earlier time already. */
  private dueBy(job: ChartJob, at: number): void {
    const was = this.due.get(job);
    if (was === undefined || at < was) this.due.set(job, at);
    this.arm();
  }

  /** Sets the timer for the earliest waiting job, unless one is set that soon already. */
  private arm(): void {
    let next = Infinity;
    for (const at of this.due.values()) next = Math.min(next, at);
    if (next === Infinity || (this.timer !== null && this.timerAt <= next)) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = this.clock.setTimeout(() => this.run(this.clock.now(), true), Math.max(0, next - this.clock.now()));
  }

  /**
   * Runs the waiting jobs whose time has come, as many as fit in the slice of a task that began at
   * `start` (the first whatever its time when `first`), then sets the timer for the rest (in a task of
   * their own); a job asked for again while it runs waits for that task.
   */
  private run(start: number, first: boolean): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const ready = [...this.due].filter(([, at]) => at <= now);
    // A task of the queue's own runs its first job whatever its time; every other job must fit.
    let mustFit = !first;
    try {
      for (const [job, at] of ready) {
        // Cancelled by a job run before it in this task.
        if (this.due.get(job) !== at) continue;
        // A job not yet timed never fits.
        if (mustFit && this.clock.now() - start + (this.took.get(job) ?? Infinity) > SLICE_MS) break;
        mustFit = true;
        this.due.delete(job);
        this.ran.set(job, at);
        const began = this.clock.now();
        try {
          job();
        } finally {
          this.took.set(job, this.clock.now() - began);
        }
      }
    } finally {
      this.arm();
    }
  }
}
