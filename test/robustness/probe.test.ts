import { it } from 'vitest';
import { resolveExperiment } from '../../core/experiment/resolve';
import { searchRestart } from '../../core/experiment/search-restart';
import { trainRestart } from '../../core/experiment/train';
import { RunEventBatchSchema } from '../../core/protocol/lab-api';
const none = () => { throw new Error('no'); };
it('probe', () => {
  const run = resolveExperiment({ format: 'landscape-lab/experiment@1', restarts: 1, problem: { type: 'function', function: { name: 'custom', formula: 'sqrt(-1 - x*x)' }, search: { name: 'random_search', steps: 5 } }, record: { every: 1 } }, none);
  const result = searchRestart(run, run.variants[0] as any, 0, 0);
  console.log('search best', result.search?.best.value, result.status);
  const r = RunEventBatchSchema.safeParse({ run: 1, events: [{ type: 'restart', run: 1, result }] });
  console.log('search parse', r.success, !r.success && r.error.issues[0]);
  const net = resolveExperiment({ format: 'landscape-lab/experiment@1', restarts: 1, problem: { type: 'network', dataset: { kind: 'xor', samples: 8 }, model: { hidden: [4], activation: 'relu' }, init: { weights: { name: 'constant', value: 1e200 } }, optimizer: { name: 'sgd', epochs: 1, batchSize: 8 } } }, none);
  const nr = trainRestart(net, 0, 0);
  console.log('net status', nr.status, JSON.stringify(nr.signal));
  const r2 = RunEventBatchSchema.safeParse({ run: 1, events: [{ type: 'restart', run: 1, result: nr }] });
  console.log('net parse', r2.success, !r2.success && r2.error.issues[0]);
});
