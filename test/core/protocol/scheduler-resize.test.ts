// Scheduler.resize changes the pool's size between runs: workers beyond the new size stop at once, a
// warm pool (both hosts warm theirs) starts its new workers at once, a cold one (not warmed yet) at the
// next run, and the next run spreads its restarts over exactly the new size. A running pool refuses.
import { describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../../core/experiment/resolve';
import { Scheduler } from '../../../core/protocol/scheduler';
import { oneAtATime, recordingSpawn, type SpawnedPort } from './in-thread-port';

const plan = resolveExperiment(oneAtATime('resize', 8), () => {
  throw new Error('no files');
});
const tasks = Array.from({ length: 8 }, (_, index) => ({ variant: 0, index }));

/** The workers that were sent restarts to train since the last call, by their index in `spawned`. */
function trainers(spawned: SpawnedPort[]): number[] {
  const used = spawned.flatMap((p, i) => (p.log.includes('train') ? [i] : []));
  for (const p of spawned) p.log.length = 0;
  return used;
}

describe('Scheduler.resize', () => {
  it('grows a warm pool at once, and the next run uses every new worker', async () => {
    const spawned: SpawnedPort[] = [];
    const scheduler = new Scheduler(2, recordingSpawn(spawned), false);
    scheduler.warm();
    scheduler.resize(4);
    expect(scheduler.size).toBe(4);
    expect(spawned).toHaveLength(4);
    expect(spawned.map((p) => p.terminated)).toEqual([false, false, false, false]);
    const results = await scheduler.run(plan, tasks);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(trainers(spawned)).toEqual([0, 1, 2, 3]);
    expect(spawned).toHaveLength(4);
    scheduler.close();
  });

  it('stops the workers beyond a smaller size at once, and the next run uses only those kept', async () => {
    const spawned: SpawnedPort[] = [];
    const scheduler = new Scheduler(3, recordingSpawn(spawned), false);
    scheduler.warm();
    await scheduler.run(plan, tasks);
    expect(trainers(spawned)).toEqual([0, 1, 2]);
    scheduler.resize(1);
    expect(spawned.map((p) => p.terminated)).toEqual([false, true, true]);
    const results = await scheduler.run(plan, tasks);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trainers(spawned)).toEqual([0]);
    expect(spawned).toHaveLength(3);
    scheduler.close();
  });

  it('starts no worker in a pool that was not warmed: the next run starts them', async () => {
    const spawned: SpawnedPort[] = [];
    const scheduler = new Scheduler(1, recordingSpawn(spawned), false);
    scheduler.resize(3);
    expect(spawned).toHaveLength(0);
    await scheduler.run(plan, tasks);
    expect(spawned).toHaveLength(3);
    expect(trainers(spawned)).toEqual([0, 1, 2]);
    scheduler.close();
  });

  it('refuses while a run is going, which goes on with its workers', async () => {
    const spawned: SpawnedPort[] = [];
    const scheduler = new Scheduler(2, recordingSpawn(spawned), false);
    const going = scheduler.run(plan, tasks);
    expect(() => scheduler.resize(3)).toThrow(new Error('a worker pool cannot change its size while it runs'));
    expect(scheduler.size).toBe(2);
    const results = await going;
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(spawned).toHaveLength(2);
    expect(spawned.some((p) => p.terminated)).toBe(false);
    scheduler.close();
  });

  it.each([0, -1, 1.5, NaN])('refuses a size of %s, naming it, and changes nothing', (size) => {
    const spawned: SpawnedPort[] = [];
    const scheduler = new Scheduler(2, recordingSpawn(spawned), false);
    scheduler.warm();
    expect(() => scheduler.resize(size)).toThrow(new RangeError(`a worker pool needs at least 1 worker, got ${size}`));
    expect(scheduler.size).toBe(2);
    expect(spawned.map((p) => p.terminated)).toEqual([false, false]);
    scheduler.close();
  });
});
