// RunManager.start: one run at a time on the scheduler, however the starts overlap.
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBatch } from '../../../core/protocol/lab-api';
import { RunManager } from '../../../core/protocol/runs';
import { Scheduler } from '../../../core/protocol/scheduler';
import { holdable, recordingSpawn, timer, type SpawnedPort } from './in-thread-port';

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};
const source = (seed: string) => ({
  text: JSON.stringify({
    format: 'landscape-lab/experiment@1',
    seed,
    restarts: 6,
    problem: { type: 'function', function: { name: 'himmelblau' }, start: { kind: 'uniform' }, search: { name: 'random_search', steps: 20_000 } },
    record: { every: 1000 },
  }),
  path: null,
  datasets: {},
});

describe('RunManager.start', () => {
  it('cancels every earlier run when starts overlap: the last one wins and runs alone', async () => {
    const spawned: SpawnedPort[] = [];
    const held = holdable();
    const scheduler = new Scheduler(2, recordingSpawn(spawned, held.deliver), false);
    const events: RunEvent[] = [];
    const runs = new RunManager(scheduler, timer, (b: RunEventBatch) => events.push(...b.events));
    held.hold();
    const first = await runs.start(source('a'), noFiles);
    // Two more starts before the first has stopped: both wait for it.
    const [second, third] = await Promise.all([
      (async () => {
        const p = runs.start(source('b'), noFiles);
        held.release();
        return p;
      })(),
      runs.start(source('c'), noFiles),
    ]);
    await runs.settled();
    const ends = new Map<number, string>();
    for (const e of events) if (e.type === 'state' && ['completed', 'cancelled', 'failed'].includes(e.state)) ends.set(e.run, e.state);
    expect([first.run, second.run, third.run]).toEqual([1, 2, 3]);
    expect(ends.get(first.run)).toBe('cancelled');
    expect(ends.get(second.run)).toBe('cancelled');
    expect(ends.get(third.run)).toBe('completed');
    // The run that won has all its restarts; the one it cancelled finished none after it started.
    const finished = (run: number) => events.filter((e) => e.type === 'restart' && e.run === run).length;
    expect(finished(third.run)).toBe(6);
    const thirdStarted = events.findIndex((e) => e.run === third.run);
    expect(events.slice(thirdStarted).some((e) => e.type === 'restart' && e.run === second.run)).toBe(false);
    await runs.close();
  });
});
