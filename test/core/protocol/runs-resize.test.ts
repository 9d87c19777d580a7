// RunManager.resize: the hosts' way to apply the workers setting. A run going keeps its pool to the
// end (its restarts, landscape and analysis); the new size applies when it ends, before the next run.
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBatch } from '../../../core/protocol/lab-api';
import { RunManager } from '../../../core/protocol/runs';
import { Scheduler } from '../../../core/protocol/scheduler';
import { holdable, oneAtATime, recordingSpawn, timer, type SpawnedPort } from './in-thread-port';

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};
const source = { text: JSON.stringify(oneAtATime('runs-resize', 8)), path: null, datasets: {} };

function setup(size: number) {
  const spawned: SpawnedPort[] = [];
  const held = holdable();
  const scheduler = new Scheduler(size, recordingSpawn(spawned, held.deliver), false);
  scheduler.warm();
  const events: RunEvent[] = [];
  const runs = new RunManager(scheduler, timer, (b: RunEventBatch) => events.push(...b.events));
  const trainers = () => spawned.flatMap((p, i) => (p.log.includes('train') ? [i] : []));
  return { spawned, held, scheduler, events, runs, trainers };
}

describe('RunManager.resize', () => {
  it('applies at once when no run is going', async () => {
    const s = setup(2);
    s.runs.resize(3);
    expect(s.scheduler.size).toBe(3);
    expect(s.spawned).toHaveLength(3);
    const { run } = await s.runs.start(source, noFiles);
    await s.runs.settled();
    expect(s.events).toContainEqual({ type: 'state', run, state: 'completed', message: null });
    expect(s.trainers()).toEqual([0, 1, 2]);
    await s.runs.close();
  });

  it('leaves the pool of a run going alone, and applies when it ends, before the next run', async () => {
    const s = setup(2);
    s.held.hold();
    const { run } = await s.runs.start(source, noFiles);
    expect(s.trainers()).toEqual([0, 1]);
    s.runs.resize(3);
    s.runs.resize(4);
    // Later tasks too: the run is still going, its results held.
    await new Promise((r) => setTimeout(r, 20));
    expect(s.scheduler.size).toBe(2);
    expect(s.spawned).toHaveLength(2);
    expect(s.spawned.some((p) => p.terminated)).toBe(false);

    s.held.release();
    await s.runs.settled();
    const restarts = s.events.flatMap((e) => (e.type === 'restart' ? [e.result] : []));
    expect(restarts.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(s.events.at(-1)).toEqual({ type: 'state', run, state: 'completed', message: null });
    // The last size asked for, its new workers started as the run ended, none of the old ones stopped.
    expect(s.scheduler.size).toBe(4);
    expect(s.spawned).toHaveLength(4);
    expect(s.spawned.some((p) => p.terminated)).toBe(false);
    for (const p of s.spawned) p.log.length = 0;
    await s.runs.start(source, noFiles);
    await s.runs.settled();
    expect(s.trainers()).toEqual([0, 1, 2, 3]);
    await s.runs.close();
  });

  it('applies a size asked for during a cancelled run once it has stopped', async () => {
    const s = setup(3);
    s.held.hold();
    const { run } = await s.runs.start(source, noFiles);
    s.runs.resize(1);
    expect(s.spawned.some((p) => p.terminated)).toBe(false);
    s.runs.cancel(run);
    s.held.release();
    await s.runs.settled();
    expect(s.events.some((e) => e.type === 'state' && e.state === 'cancelled')).toBe(true);
    expect(s.scheduler.size).toBe(1);
    expect(s.spawned.filter((p) => !p.terminated)).toHaveLength(1);
    await s.runs.close();
  });

  it('refuses a size below 1, naming it, and keeps the size asked for before', async () => {
    const s = setup(2);
    s.held.hold();
    await s.runs.start(source, noFiles);
    s.runs.resize(3);
    expect(() => s.runs.resize(0)).toThrow(new RangeError('a worker pool needs at least 1 worker, got 0'));
    s.held.release();
    await s.runs.settled();
    expect(s.scheduler.size).toBe(3);
    await s.runs.close();
  });
});
