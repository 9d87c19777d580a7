import { describe, expect, it } from 'vitest';
import { ChartQueue } from '../../../renderer/charts/chart-queue';
import { fakeClock } from './fake-clock';

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

  it('runs each job in a task of its own, in the order first asked for', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c'].map((name) => () => log.push(`${name}@${clock.tasks}`));
    for (const job of jobs) queue.request(job, 16);
    queue.request(jobs[0]!, 16);
    clock.advance(0);
    expect(log).toEqual(['a@1', 'b@2', 'c@3']);
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

  it('brings jobs with the same gap due together, in consecutive tasks', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const log: string[] = [];
    const a = () => log.push(`a@${clock.now()}`);
    const b = () => log.push(`b@${clock.now()}`);
    clock.advance(130);
    queue.request(a, 100);
    clock.advance(40);
    queue.request(b, 100);
    clock.advance(100);
    expect(log).toEqual(['a@200', 'b@200']);
    // Asked again at once, both wait for the next multiple of the gap.
    queue.request(b, 100);
    queue.request(a, 100);
    clock.advance(100);
    expect(log.slice(2)).toEqual(['b@300', 'a@300']);
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
