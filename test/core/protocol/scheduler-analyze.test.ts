// Scheduler.analyze sends a run's restarts to the worker in parts of about ANALYZE_PART_BYTES, each in
// a task of its own (copying 56 MB in one message held the web page for half a second), and the
// worker analyses them together: the same analysis as analyzeRun in this thread.
import { describe, expect, it } from 'vitest';
import { describeConfigurations } from '../../../core/export/outputs';
import { resolveExperiment } from '../../../core/experiment/resolve';
import { transferables, type RestartResult } from '../../../core/experiment/result';
import { trainRestart } from '../../../core/experiment/train';
import { analyzeRun } from '../../../core/export/finish-run';
import type { ToWorker } from '../../../core/protocol/engine';
import { ANALYZE_PART_BYTES } from '../../../core/protocol/analyze-parts';
import { Scheduler } from '../../../core/protocol/scheduler';
import { inThreadPort } from './in-thread-port';

const plan = resolveExperiment(
  {
    format: 'landscape-lab/experiment@1',
    seed: 'parts',
    restarts: 40,
    problem: { type: 'network', dataset: { kind: 'moons', samples: 60 }, model: { hidden: [6] }, optimizer: { name: 'sgd', learningRate: 0.3, epochs: 40, batchSize: 8 } },
    record: { every: 1, params: 'all' },
    landscape: { plane: 'pca', resolution: 9 },
  },
  () => {
    throw new Error('no files');
  },
);
const restarts = (): RestartResult[] => Array.from({ length: 40 }, (_, i) => trainRestart(plan, 0, i));

describe('Scheduler.analyze', () => {
  it('sends the restarts in parts, a task apart, and gets the analysis of all of them', async () => {
    const log: ToWorker['type'][] = [];
    let tasks = 0;
    const scheduler = new Scheduler(1, () => inThreadPort(log), false, () => {
      tasks++;
      return new Promise((resolve) => setTimeout(resolve, 0));
    });
    const sent = restarts();
    const bytes = sent.reduce((n, r) => n + transferables(r).reduce((m, b) => m + b.byteLength, 0), 0);
    expect(bytes).toBeGreaterThan(3 * ANALYZE_PART_BYTES);
    const analysis = await scheduler.analyze(plan, sent);
    const parts = log.filter((t) => t === 'analyze-part').length;
    expect(log[0]).toBe('load');
    expect(log.at(-1)).toBe('analyze');
    // Each part holds at least ANALYZE_PART_BYTES, so there are at most bytes / ANALYZE_PART_BYTES of them, and a task between each.
    expect(parts).toBeGreaterThanOrEqual(2);
    expect(parts).toBeLessThanOrEqual(Math.floor(bytes / ANALYZE_PART_BYTES));
    expect(tasks).toBe(parts);
    const expected = analyzeRun(plan, { experiment: plan.experiment, configurations: describeConfigurations(plan), restarts: restarts(), shard: null });
    expect(analysis.restarts).toEqual(expected.restarts);
    expect(analysis.paths.map((p) => [p.restart, Array.from(p.x), Array.from(p.loss)])).toEqual(expected.paths.map((p) => [p.restart, Array.from(p.x), Array.from(p.loss)]));
    scheduler.close();
  });

  it('sends a small run in one message', async () => {
    const log: ToWorker['type'][] = [];
    const scheduler = new Scheduler(1, () => inThreadPort(log), false);
    await scheduler.analyze(plan, restarts().slice(0, 2));
    expect(log).toEqual(['load', 'analyze']);
    scheduler.close();
  });
});
