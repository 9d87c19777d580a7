// Scheduler.warm starts the pool's workers before the first run (the web edition's host does, so that
// the engine's code has loaded before Run is pressed); the run then uses them, starting no others.
import { describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../../core/experiment/resolve';
import { Scheduler, type WorkerPort } from '../../../core/protocol/scheduler';
import { inThreadPort } from './in-thread-port';

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
});
