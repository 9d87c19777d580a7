// A hand-driven clock for ChartQueue: timers fire only when a test moves time on, each as its own task.
import type { QueueClock } from '../../../renderer/charts/chart-queue';

export interface FakeClock extends QueueClock {
  /** How many timer tasks have run. */
  readonly tasks: number;
  /** Moves time on by `ms`, running each timer due by then as one task, in time order (and those due by the time tasks have spent). */
  advance(ms: number): void;
  /** Moves time on by `ms` inside a task (work taking that long), running no timer. */
  spend(ms: number): void;
}

export function fakeClock(): FakeClock {
  let time = 0;
  let tasks = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => time,
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: time + ms, run });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    get tasks() {
      return tasks;
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        let first: [number, { at: number; run: () => void }] | null = null;
        for (const entry of timers) if (entry[1].at <= Math.max(end, time) && (first === null || entry[1].at < first[1].at)) first = entry;
        if (first === null) break;
        timers.delete(first[0]);
        time = Math.max(time, first[1].at);
        tasks++;
        first[1].run();
      }
      time = Math.max(time, end);
    },
    spend(ms) {
      time += ms;
    },
  };
}
