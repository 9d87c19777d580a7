// Chart work, coalesced and spread out: a chart asks for a redraw as often as results arrive, but runs
// at most once per gap it names, and every job runs in a task of its own, so no single task of the page
// redraws all the charts (each task that long would block input and count as a long task).

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
 * Runs jobs one per task, in the order they were first asked for. A job asked for again while it waits
 * runs once; each job runs at most once per `gap` ms, at a multiple of `gap` on the clock, so that jobs
 * asking with the same gap (the charts during a run) come due together and run in consecutive tasks,
 * and their canvases are shown in one frame rather than one frame each.
 */
export class ChartQueue {
  /** Each waiting job and the time (clock ms) it is due, in request order. */
  private readonly due = new Map<ChartJob, number>();
  /** When each job was last due (it ran then or soon after). */
  private readonly ran = new Map<ChartJob, number>();
  private timer: unknown = null;
  private timerAt = Infinity;

  constructor(private readonly clock: QueueClock = windowClock()) {}

  /** How many jobs are waiting. */
  get waiting(): number {
    return this.due.size;
  }

  /** Asks for `job` to run in a task of its own, `gap` ms (≥ 0) or more after it last came due; a waiting job keeps its place and runs once, at the earlier time. */
  request(job: ChartJob, gap: number): void {
    let at = Math.max(this.clock.now(), (this.ran.get(job) ?? -Infinity) + gap);
    if (gap > 0) at = Math.ceil(at / gap) * gap;
    const was = this.due.get(job);
    if (was === undefined || at < was) this.due.set(job, at);
    this.arm();
  }

  /** Forgets `job` (a chart being removed): it will not run unless asked for again. */
  cancel(job: ChartJob): void {
    this.due.delete(job);
    this.ran.delete(job);
  }

  /** Sets the timer for the earliest waiting job, unless one is set that soon already. */
  private arm(): void {
    let next = Infinity;
    for (const at of this.due.values()) next = Math.min(next, at);
    if (next === Infinity || (this.timer !== null && this.timerAt <= next)) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = this.clock.setTimeout(() => this.runOne(), Math.max(0, next - this.clock.now()));
  }

  /** Runs the first waiting job whose time has come, then sets the timer for the next (a task of its own). */
  private runOne(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let job: ChartJob | null = null;
    let due = 0;
    for (const [j, at] of this.due) {
      if (at <= now) {
        job = j;
        due = at;
        break;
      }
    }
    if (job === null) return this.arm();
    this.due.delete(job);
    this.ran.set(job, due);
    try {
      job();
    } finally {
      this.arm();
    }
  }
}
