// Every task the page's main thread ran, read from a Chromium trace (category `toplevel`). The
// longtask API reports only tasks that run the page's script or rendering; the main thread also runs
// V8's garbage collection (its incremental marking job finishes with an atomic pause in a task of its
// own) and the browser's housekeeping (PartitionAlloc's purge): those block input just as much, and
// only a trace sees them.

/** The fields of a Chromium trace event that this reads. */
export interface TraceEvent {
  name?: string;
  cat?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  /** The thread's time on a core in the event (Chromium traces it with thread ticks), in µs. */
  tdur?: number;
  args?: { src_func?: unknown; src_file?: unknown };
}

export interface MainThreadTask {
  /** When the task started, in ms after the start mark. */
  start: number;
  /** Its wall time, in ms. */
  duration: number;
  /**
   * Its work: the thread's time on a core during the task, in ms (null where the trace has no thread
   * time). Wall time less work is time the thread spent off a core: waiting for one, or blocked, e.g.
   * a frame's commit waiting for the compositor thread.
   */
  work: number | null;
  /** Where it was posted from (Chromium's source file and function), e.g. `dom_timer.cc DOMTimer`. */
  source: string;
}

/** The run task events of one thread: a task that runs nested in another is part of it. */
const TASK = 'ThreadControllerImpl::RunTask';

/**
 * The tasks of the thread that made the user-timing mark `startMark` (`performance.mark` on the
 * page's main thread), from the mark on, and when the mark `phaseMark` was made (ms after the start
 * mark; null if it was not). Throws, naming it, when the start mark is missing or made twice.
 */
export function mainThreadTasks(events: readonly TraceEvent[], startMark: string, phaseMark: string): { tasks: MainThreadTask[]; phaseAt: number | null } {
  const marks = events.filter((e) => e.name === startMark && (e.cat ?? '').includes('user_timing'));
  if (marks.length !== 1) throw new Error(`the trace has ${marks.length} marks named "${startMark}", expected 1 (is blink.user_timing traced?)`);
  const { pid, tid, ts: t0 } = marks[0]!;
  if (t0 === undefined) throw new Error(`the mark "${startMark}" has no time`);
  const phase = events.find((e) => e.name === phaseMark && (e.cat ?? '').includes('user_timing') && e.pid === pid && e.tid === tid);
  const own = events
    .filter((e): e is TraceEvent & { ts: number; dur: number } => e.name === TASK && e.ph === 'X' && e.pid === pid && e.tid === tid && e.ts !== undefined && e.dur !== undefined && e.ts + e.dur >= t0)
    .sort((a, b) => a.ts - b.ts);
  const tasks: MainThreadTask[] = [];
  let end = -Infinity;
  for (const e of own) {
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    tasks.push({ start: (e.ts - t0) / 1000, duration: e.dur / 1000, work: e.tdur === undefined ? null : e.tdur / 1000, source: postedFrom(e.args) });
  }
  return { tasks, phaseAt: phase?.ts === undefined ? null : (phase.ts - t0) / 1000 };
}

/** `incremental-marking-job.cc ScheduleTask` from the task's `src_file` and `src_func`. */
function postedFrom(args: TraceEvent['args']): string {
  const file = typeof args?.src_file === 'string' ? args.src_file.replace(/^.*\//, '') : '?';
  const func = typeof args?.src_func === 'string' ? args.src_func.replace(/\(.*$/, '').replace(/^.*(::|\s)/, '') : '?';
  return `${file} ${func}`;
}
