import { describe, expect, it } from 'vitest';
import { ChartQueue, SLICE_MS } from '../../../renderer/charts/chart-queue';
import { fakeClock } from './fake-clock';

/** A queue on a fake clock, and jobs that log their name and task, then spend `ms` of work. */
function timedJobs() {
  const clock = fakeClock();
  const queue = new ChartQueue(clock);
  const log: string[] = [];
  const job = (name: string, ms: number) => () => {
    log.push(`${name}@${clock.tasks}`);
    clock.spend(ms);
  };
  return { clock, queue, log, job };
}

describe('ChartQueue', () => {
  it('runs a job asked for many times once, in a later task', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    let runs = 0;
    const job = () => runs++;
    for (let i = 0; i < 5; i++) queue.request(job, 100);
    expect(runs).toBe(0);
    clock.advance(0);
    expect([runs, clock.tasks]).toEqual([1, 1]);
    clock.advance(1000);
    expect(runs).toBe(1);
  });

  it('runs each job in a task of its own until it has been timed, in the order first asked for', () => {
    const { clock, queue, log, job } = timedJobs();
    const jobs = ['a', 'b', 'c'].map((name) => job(name, 1));
    for (const job of jobs) queue.request(job, 16);
    queue.request(jobs[0]!, 16);
    clock.advance(0);
    expect(log).toEqual(['a@1', 'b@2', 'c@3']);
  });

  it('runs quick jobs that are due together in one task, up to the slice, and a slow one in a task of its own', () => {
    const { clock, queue, log, job } = timedJobs();
    const all = [job('a', 2), job('slow', SLICE_MS + 4), job('b', 2), job('c', 3), job('d', 4)];
    for (const j of all) queue.request(j, 100);
    clock.advance(0);
    // Not yet timed: one a task.
    expect(log).toEqual(['a@1', 'slow@2', 'b@3', 'c@4', 'd@5']);
    log.length = 0;
    for (const j of all) queue.request(j, 100);
    clock.advance(100);
    // Timed: a starts a task but the slow job does not fit after it; the slow one fills its own;
    // b (2 ms) and c (3 ms) share the next, and d (4 ms) would take it past SLICE_MS (8 ms).
    expect(log).toEqual(['a@6', 'slow@7', 'b@8', 'c@8', 'd@9']);
  });

  it('defers a job by a delay from now, keeping an earlier time it waits for, and a request can bring it forward', () => {
    const { clock, queue, log, job } = timedJobs();
    const a = job('a', 1);
    queue.defer(a, 500);
    clock.advance(300);
    // Deferred again: it keeps its time (500), so a stream of changes runs once per delay.
    queue.defer(a, 500);
    clock.advance(199);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['a@1']);
    // A deferral well ahead is brought forward by a request with a short gap.
    queue.defer(a, 500);
    queue.request(a, 16);
    clock.advance(16);
    expect(log).toEqual(['a@1', 'a@2']);
    expect(queue.waiting).toBe(0);
  });

  it('runs due jobs in the caller\'s task with runDue, as many as fit in the slice left since the task began', () => {
    const { clock, queue, log, job } = timedJobs();
    const a = job('a', 2);
    const b = job('b', 3);
    const later = job('later', 1);
    for (const j of [a, b]) queue.request(j, 0);
    clock.advance(0);
    expect(log).toEqual(['a@1', 'b@2']);
    log.length = 0;
    // A batch's task: 2 ms of its own work, then the charts it made due. Both fit (2 + 2 + 3 ≤ 8);
    // a job not yet due waits for its timer.
    clock.advance(100);
    const tasks = clock.tasks;
    const since = clock.now();
    clock.spend(2);
    for (const j of [a, b]) queue.request(j, 50);
    queue.request(later, 20);
    queue.runDue(since);
    expect(log).toEqual([`a@${tasks}`, `b@${tasks}`]);
    clock.advance(20);
    expect(log.slice(2)).toEqual([`later@${tasks + 1}`]);
    log.length = 0;
    // A task that used 5 ms already: a (2 ms) fits, b (3 ms more) does not and gets a task of its own.
    clock.advance(100);
    const since2 = clock.now();
    clock.spend(5);
    for (const j of [a, b]) queue.request(j, 50);
    queue.runDue(since2);
    expect(log).toEqual([`a@${clock.tasks}`]);
    clock.advance(0);
    expect(log.slice(1)).toEqual([`b@${clock.tasks}`]);
    // An untimed job never runs in the caller's task.
    const fresh = job('fresh', 1);
    queue.request(fresh, 0);
    queue.runDue(clock.now());
    expect(log).toHaveLength(2);
    clock.advance(0);
    expect(log[2]).toBe(`fresh@${clock.tasks}`);
  });

  it('runs a job at most once per `gap` ms, coalescing what arrives meanwhile', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const times: number[] = [];
    const job = () => times.push(clock.now());
    // Results every 33 ms for a second: about one run per 100 ms, never two within 100 ms.
    for (let t = 0; t < 1000; t += 33) {
      queue.request(job, 100);
      clock.advance(33);
    }
    clock.advance(200);
    expect(times.length).toBeGreaterThanOrEqual(9);
    expect(times.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
    // The last request is never lost.
    expect(times.at(-1)).toBeGreaterThanOrEqual(990);
  });

  it('keeps jobs asked for together due together, and runs them as soon as their gap has passed', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const log: string[] = [];
    const a = () => log.push(`a@${clock.now()}`);
    const b = () => log.push(`b@${clock.now()}`);
    clock.advance(130);
    queue.request(a, 100);
    queue.request(b, 100);
    clock.advance(0);
    expect(log).toEqual(['a@130', 'b@130']);
    // Asked again 40 ms later: both wait for their gap, and come due together.
    clock.advance(40);
    queue.request(b, 100);
    queue.request(a, 100);
    clock.advance(59);
    expect(log).toHaveLength(2);
    clock.advance(1);
    expect(log.slice(2)).toEqual(['b@230', 'a@230']);
    // Asked again after more than the gap (a batch that came late): at once, not at a later tick.
    clock.advance(150);
    queue.request(a, 100);
    queue.request(b, 100);
    clock.advance(0);
    expect(log.slice(4)).toEqual(['a@380', 'b@380']);
  });

  it('lets a shorter gap bring a waiting job forward', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const times: number[] = [];
    const job = () => times.push(clock.now());
    queue.request(job, 100);
    clock.advance(10);
    queue.request(job, 100);
    queue.request(job, 16);
    clock.advance(100);
    expect(times).toEqual([0, 16]);
    expect(queue.waiting).toBe(0);
  });

  it('forgets a cancelled job, and keeps running others when a job throws', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const log: string[] = [];
    const gone = () => log.push('gone');
    const bad = () => {
      throw new Error('broken chart');
    };
    const good = () => log.push('good');
    queue.request(gone, 0);
    queue.request(bad, 0);
    queue.request(good, 0);
    queue.cancel(gone);
    expect(() => clock.advance(0)).toThrow('broken chart');
    clock.advance(0);
    expect(log).toEqual(['good']);
  });
});
