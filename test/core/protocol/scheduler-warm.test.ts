// Scheduler.warm starts the pool's workers before the first run (the web edition's host does, so that
// the engine's code has loaded before Run is pressed); the run then uses them, starting no others.
import { describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../../core/experiment/resolve';
import { CancellationError } from '../../../core/protocol/run-hooks';
import { Scheduler } from '../../../core/protocol/scheduler';
import type { WorkerPort } from '../../../core/protocol/worker-port';
import { holdable, inThreadPort, oneAtATime, recordingSpawn, type SpawnedPort } from './in-thread-port';

const plan = resolveExperiment(
  {
    format: 'landscape-lab/experiment@1',
    seed: 'warm',
    restarts: 6,
    problem: { type: 'function', function: { name: 'himmelblau' }, start: { kind: 'uniform' }, search: { name: 'random_search', steps: 50 } },
  },
  () => {
    throw new Error('no files');
  },
);

/** Restarts long enough to go to a worker one at a time (a cancel stops a worker busy on one). */
const long = resolveExperiment(oneAtATime('warm', 4), () => {
  throw new Error('no files');
});

describe('Scheduler.warm', () => {
  it('starts every worker at once, and the first run uses them', async () => {
    const ports: WorkerPort[] = [];
    const scheduler = new Scheduler(3, () => {
      const p = inThreadPort();
      ports.push(p);
      return p;
    }, false);
    expect(ports).toHaveLength(0);
    scheduler.warm();
    expect(ports).toHaveLength(3);
    scheduler.warm();
    expect(ports).toHaveLength(3);
    const results = await scheduler.run(plan, Array.from({ length: 6 }, (_, index) => ({ variant: 0, index })));
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ports).toHaveLength(3);
    scheduler.close();
  });

  it('replaces the workers a cancel stopped as soon as the run ends, and the next run starts none', async () => {
    const spawned: SpawnedPort[] = [];
    const messages = holdable();
    const scheduler = new Scheduler(2, recordingSpawn(spawned, messages.deliver), false);
    scheduler.warm();
    const cancel = new AbortController();
    // Both workers busy on a restart (their messages held), then the run is cancelled.
    messages.hold();
    const going = scheduler.run(long, Array.from({ length: 4 }, (_, index) => ({ variant: 0, index })), { signal: cancel.signal });
    await new Promise((r) => setTimeout(r, 0));
    cancel.abort();
    await expect(going).rejects.toBeInstanceOf(CancellationError);
    messages.release();
    expect(spawned.map((p) => p.terminated)).toEqual([true, true, false, false]);
    const results = await scheduler.run(long, Array.from({ length: 4 }, (_, index) => ({ variant: 0, index })));
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('ok'));
    expect(spawned).toHaveLength(4);
    scheduler.close();
  });
});
