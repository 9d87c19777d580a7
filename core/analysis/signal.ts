import type { Dataset } from '../data/dataset';
import { backward, forward, gather, outputLoss } from '../nn/backprop';
import type { Mlp, Workspace } from '../nn/mlp';

/** Mean and standard deviation (population) of a set of values. */
export interface Spread {
  mean: number;
  std: number;
}

/**
 * How a signal travels through a network at one point: per layer (from the first hidden layer to the
 * output), the spread of its activations over every sample and unit (the output layer's logits), and
 * the spread of the back-propagated gradient of each sample's loss with respect to its pre-activations.
 * Vanishing or exploding spreads across layers are what Glorot and He scaling avoid.
 */
export interface Signal {
  activation: Spread[];
  gradient: Spread[];
}

/** The signal of `net` at `params` over the whole dataset (chunked through `ws`; no allocation per chunk). */
export function measureSignal(net: Mlp, params: Float64Array, data: Dataset, ws: Workspace): Signal {
  const L = net.layers;
  const sums = { a: new Float64Array(L), a2: new Float64Array(L), g: new Float64Array(L), g2: new Float64Array(L) };
  const grad = new Float64Array(net.paramCount);
  const n = data.samples;
  const observe = (layer: number, d: Float64Array, length: number) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < length; i++) {
      s += d[i]!;
      s2 += d[i]! * d[i]!;
    }
    sums.g[layer] = sums.g[layer]! + s;
    sums.g2[layer] = sums.g2[layer]! + s2;
  };
  for (let start = 0; start < n; start += ws.capacity) {
    const count = Math.min(ws.capacity, n - start);
    gather(data, null, start, count, ws);
    forward(net, params, count, ws);
    for (let l = 0; l < L; l++) {
      const values = l < L - 1 ? ws.post[l]! : ws.pre[l]!;
      const length = count * net.sizes[l + 1]!;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < length; i++) {
        s += values[i]!;
        s2 += values[i]! * values[i]!;
      }
      sums.a[l] = sums.a[l]! + s;
      sums.a2[l] = sums.a2[l]! + s2;
    }
    outputLoss(net, count, ws, 1, ws.deltaA);
    backward(net, params, count, ws, grad, observe);
  }
  const spread = (s: Float64Array, s2: Float64Array, l: number): Spread => {
    const count = n * net.sizes[l + 1]!;
    const mean = s[l]! / count;
    return { mean, std: Math.sqrt(Math.max(0, s2[l]! / count - mean * mean)) };
  };
  return {
    activation: Array.from({ length: L }, (_, l) => spread(sums.a, sums.a2, l)),
    gradient: Array.from({ length: L }, (_, l) => spread(sums.g, sums.g2, l)),
  };
}
