// The load spec's reading of a Chromium trace (test/e2e/main-thread-tasks.ts).
import { describe, expect, it } from 'vitest';
import { mainThreadTasks, type TraceEvent } from '../e2e/main-thread-tasks';

const mark = (name: string, ts: number, pid = 7, tid = 7): TraceEvent => ({ name, cat: 'blink.user_timing', ph: 'I', pid, tid, ts });
const task = (ts: number, dur: number, src_func = 'DOMTimer', pid = 7, tid = 7, tdur?: number): TraceEvent => ({ name: 'ThreadControllerImpl::RunTask', cat: 'toplevel', ph: 'X', pid, tid, ts, dur, ...(tdur === undefined ? {} : { tdur }), args: { src_file: 'third_party/blink/renderer/core/scheduler/dom_timer.cc', src_func } });

describe('mainThreadTasks', () => {
  it("reads the marking thread's tasks from the start mark on, in ms, with where they were posted from", () => {
    const events = [
      task(500, 90_000), // before the mark: not the run's
      mark('run', 100_000),
      task(99_000, 3_000), // running at the mark: counted
      task(120_000, 60_000, 'void v8::internal::IncrementalMarkingJob::ScheduleTask()', 7, 7, 11_500),
      task(130_000, 5_000), // nested in the one before: part of it
      task(200_000, 70_000, 'DOMTimer', 7, 8), // another thread
      task(200_000, 70_000, 'DOMTimer', 9, 7), // another process
      mark('phase', 250_000),
      mark('phase', 250_000, 9, 7),
      task(260_000, 12_500),
    ];
    const { tasks, phaseAt } = mainThreadTasks(events, 'run', 'phase');
    expect(tasks).toEqual([
      { start: -1, duration: 3, work: null, source: 'dom_timer.cc DOMTimer' },
      { start: 20, duration: 60, work: 11.5, source: 'dom_timer.cc ScheduleTask' },
      { start: 160, duration: 12.5, work: null, source: 'dom_timer.cc DOMTimer' },
    ]);
    expect(phaseAt).toBe(150);
  });

  it('gives no phase time when the phase mark was not made', () => {
    expect(mainThreadTasks([mark('run', 10), task(20, 5)], 'run', 'phase')).toEqual({ tasks: [{ start: 0.01, duration: 0.005, work: null, source: 'dom_timer.cc DOMTimer' }], phaseAt: null });
  });

  it('refuses a trace without the start mark, or with two, naming the mark', () => {
    expect(() => mainThreadTasks([task(0, 5)], 'run', 'phase')).toThrow('the trace has 0 marks named "run", expected 1 (is blink.user_timing traced?)');
    expect(() => mainThreadTasks([mark('run', 1), mark('run', 2)], 'run', 'phase')).toThrow('the trace has 2 marks named "run", expected 1');
  });
});
