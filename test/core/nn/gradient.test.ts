import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../core/experiment/schema';
import { evaluateAll, initialParams } from '../../../core/experiment/train';
import { lossAndGradient } from '../../../core/nn/backprop';
import { createMlp, createWorkspace } from '../../../core/nn/mlp';
import { Stream } from '../../../core/rng/stream';
import { networkVariant } from '../../../core/experiment/resolve';
import { plan } from '../experiment/helpers';
import { naiveLoss } from './naive';

const heads = [
  ['sigmoid+bce', { kind: 'moons', samples: 37 }],
  ['softmax+cce', { kind: 'gaussians', samples: 37, classes: 3 }],
  ['linear+mse', { kind: 'sine', samples: 37 }],
] as const;

// Every hidden activation under every output head, on a 2-hidden-layer net and a chunk size (16) that
// splits the 37 samples unevenly, so the whole-set gradient sums partial chunks too.
const cases = ACTIVATIONS.flatMap((activation) => heads.map(([head, dataset]) => [activation, head, dataset] as const));

describe('whole-set gradient against central finite differences', () => {
  it.each(cases)('%s hidden units, %s', (activation, _head, dataset) => {
    const p = networkVariant(plan({
      format: 'landscape-lab/experiment@1',
      restarts: 1,
      problem: {
        type: 'network',
        dataset,
        model: { hidden: [5, 3], activation },
        init: { weights: { name: 'random_normal', stddev: 0.8 }, bias: { name: 'random_normal', stddev: 0.5 } },
      },
    }));
    const net = createMlp(p.sizes, activation, p.problem.model.output);
    const params = initialParams(p, net, 0, new Stream(`grad/${activation}`));
    const ws = createWorkspace(net, 16, p.dataset.targets);
    const grad = new Float64Array(net.paramCount);
    const scratch = new Float64Array(net.paramCount);
    const loss = evaluateAll(net, params, p.dataset, ws, grad);

    const naive = naiveLoss(p.sizes, activation, p.problem.model.output, params, p.dataset.x, p.dataset.y, p.dataset.samples);
    expect(Math.abs(loss - naive.loss)).toBeLessThan(1e-12);

    let worst = 0;
    for (let i = 0; i < net.paramCount; i++) {
      const h = 1e-5 * Math.max(1, Math.abs(params[i]!));
      const keep = params[i]!;
      params[i] = keep + h;
      const up = evaluateAll(net, params, p.dataset, ws, scratch);
      params[i] = keep - h;
      const down = evaluateAll(net, params, p.dataset, ws, scratch);
      params[i] = keep;
      const fd = (up - down) / (2 * h);
      // relu and leaky_relu have kinks; a difference straddling one is not a derivative, so scale the
      // tolerance by the size of the gradient and keep it tight.
      worst = Math.max(worst, Math.abs(fd - grad[i]!) / Math.max(1e-4, Math.abs(fd) + Math.abs(grad[i]!)));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('a training batch without its loss', () => {
  it.each(heads)('%s: the same gradient bit for bit, the loss skipped', (_head, dataset) => {
    const p = networkVariant(plan({ format: 'landscape-lab/experiment@1', restarts: 1, problem: { type: 'network', dataset, model: { hidden: [4] } } }));
    const net = createMlp(p.sizes, 'tanh', p.problem.model.output);
    const params = initialParams(p, net, 0, new Stream('batch'));
    const ws = createWorkspace(net, 16, p.dataset.targets);
    const order = Int32Array.from({ length: p.dataset.samples }, (_, i) => (i * 7) % p.dataset.samples);
    const withLoss = new Float64Array(net.paramCount);
    const without = new Float64Array(net.paramCount);
    const loss = lossAndGradient(net, params, p.dataset, order, 3, 13, 1 / 13, ws, withLoss);
    expect(loss).toBeGreaterThan(0);
    expect(lossAndGradient(net, params, p.dataset, order, 3, 13, 1 / 13, ws, without, false)).toBe(0);
    expect(Array.from(without)).toEqual(Array.from(withLoss));
    expect(withLoss.some((g) => g !== 0)).toBe(true);
  });
});
