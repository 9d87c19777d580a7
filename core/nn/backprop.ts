import type { Dataset } from '../data/dataset';
import { activate, scaleByDerivative } from './activation';
import { addColumnSums, gemmNN, gemmNT, gemmTN } from './gemm';
import type { Mlp, Workspace } from './mlp';
import type { KernelExports } from './native';

/** The workspace's WebAssembly kernels if `params` (and `grad`, unless null) live in its memory, else null. */
function nativeFor(ws: Workspace, params: Float64Array, grad: Float64Array | null): KernelExports | null {
  const native = ws.native;
  if (native === null || params.buffer !== native.buffer || (grad !== null && grad.buffer !== native.buffer)) return null;
  return native.exports;
}

/**
 * Copies `count` samples into the workspace: rows indices[start + b] of the dataset, or rows
 * start + b when `indices` is null.
 */
export function gather(data: Dataset, indices: Int32Array | null, start: number, count: number, ws: Workspace): void {
  const d = data.features;
  const t = data.targets;
  const { x, y } = data;
  const input = ws.input;
  const target = ws.target;
  for (let b = 0; b < count; b++) {
    const row = indices === null ? start + b : indices[start + b]!;
    const xo = row * d;
    const io = b * d;
    for (let i = 0; i < d; i++) input[io + i] = x[xo + i]!;
    const yo = row * t;
    const to = b * t;
    for (let i = 0; i < t; i++) target[to + i] = y[yo + i]!;
  }
}

/**
 * Forward pass of `count` gathered samples: fills ws.pre[l] (and ws.post[l] for hidden layers) with
 * pre[b, j] = bias[j] + Σ_i input[b, i]·W[i, j], summed in order of i.
 */
export function forward(net: Mlp, params: Float64Array, count: number, ws: Workspace): void {
  forwardFrom(net, params, count, ws, -1);
}

/**
 * The forward pass when the caller has already written the pre-activations of layer `given` into
 * ws.pre[given] (−1: none given, the whole pass): that layer is only activated, the later ones computed.
 */
export function forwardFrom(net: Mlp, params: Float64Array, count: number, ws: Workspace, given: number): void {
  const { sizes, layers } = net;
  const native = nativeFor(ws, params, null);
  for (let l = Math.max(0, given); l < layers; l++) {
    const m = sizes[l]!;
    const n = sizes[l + 1]!;
    const input = l === 0 ? ws.input : ws.post[l - 1]!;
    const pre = ws.pre[l]!;
    if (l !== given) {
      const ko = net.kernelOffset[l]!;
      const bo = net.biasOffset[l]!;
      if (native !== null) native.nn(count, n, m, input.byteOffset, m, params.byteOffset + 8 * ko, n, params.byteOffset + 8 * bo, pre.byteOffset, n);
      else gemmNN(count, n, m, input, 0, m, params, ko, n, params, bo, pre, 0, n);
    }
    if (l < layers - 1) activate(net.activation, pre, ws.post[l]!, count * n);
  }
}

/**
 * The loss of each gathered sample from the output pre-activations (logits), summed; writes
 * outputDer = scale · ∂loss/∂logits into `outputDer` and counts correct predictions in ws.correct.
 * Stable forms, no clipping: bce = softplus(z) − y·z, cce = logsumexp(z) − z_y, mse = mean over
 * outputs of (z − y)². Accuracy: sigmoid predicts 1 when σ(z) ≥ 0.5; softmax predicts the argmax, the
 * lowest index winning a tie. With `withLoss` false (a training batch, whose loss nothing reads) the
 * loss and the count are skipped and 0 returned; outputDer is the same, bit for bit.
 */
export function outputLoss(net: Mlp, count: number, ws: Workspace, scale: number, outputDer: Float64Array | null, withLoss = true): number {
  const k = net.sizes[net.layers]!;
  const z = ws.pre[net.layers - 1]!;
  const y = ws.target;
  let loss = 0;
  let correct = 0;
  switch (net.output) {
    case 'sigmoid':
      for (let b = 0; b < count; b++) {
        const v = z[b]!;
        const t = y[b]!;
        const e = Math.exp(-Math.abs(v));
        const p = v >= 0 ? 1 / (1 + e) : e / (1 + e); // σ(v) from the same exponential, stable both ways
        if (withLoss) {
          loss += Math.max(v, 0) - v * t + Math.log1p(e);
          if ((p >= 0.5 ? 1 : 0) === t) correct++;
        }
        if (outputDer !== null) outputDer[b] = scale * (p - t);
      }
      break;
    case 'softmax':
      for (let b = 0; b < count; b++) {
        const o = b * k;
        let max = -Infinity;
        let arg = 0;
        for (let j = 0; j < k; j++) {
          const v = z[o + j]!;
          if (v > max) {
            max = v;
            arg = j;
          }
        }
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Math.exp(z[o + j]! - max);
        const label = y[b]!;
        if (withLoss) {
          loss += max + Math.log(sum) - z[o + label]!;
          if (arg === label) correct++;
        }
        if (outputDer !== null) {
          for (let j = 0; j < k; j++) outputDer[o + j] = scale * (Math.exp(z[o + j]! - max) / sum - (j === label ? 1 : 0));
        }
      }
      break;
    case 'linear':
      for (let b = 0; b < count; b++) {
        const o = b * k;
        let s = 0;
        for (let j = 0; j < k; j++) {
          const e = z[o + j]! - y[o + j]!;
          s += e * e;
          if (outputDer !== null) outputDer[o + j] = (scale * 2 * e) / k;
        }
        if (withLoss) loss += s / k;
      }
      break;
  }
  ws.correct = correct;
  return loss;
}

/**
 * Back-propagates outputDer (in ws.deltaA, count × outputs) and adds ∂/∂θ into `grad` (same layout as
 * the parameters); `observe`, if given, sees each layer's ∂loss/∂pre-activation (count × width) as it
 * is reached, from the output down: ∂W[i, j] = Σ_b input[b, i]·outputDer[b, j] and ∂bias[j] = Σ_b outputDer[b, j], each
 * summed over the batch in order of b before it is added; inputDer[b, i] = Σ_j W[i, j]·outputDer[b, j],
 * times act'(pre[b, i]). Uses ws.deltaA and ws.deltaB as ping-pong buffers.
 */
export function backward(
  net: Mlp,
  params: Float64Array,
  count: number,
  ws: Workspace,
  grad: Float64Array,
  observe?: (layer: number, outputDer: Float64Array, length: number) => void,
): void {
  const { sizes, layers } = net;
  const native = nativeFor(ws, params, grad);
  let delta = ws.deltaA;
  let prev = ws.deltaB;
  for (let l = layers - 1; l >= 0; l--) {
    const m = sizes[l]!;
    const n = sizes[l + 1]!;
    observe?.(l, delta, count * n);
    const input = l === 0 ? ws.input : ws.post[l - 1]!;
    const ko = net.kernelOffset[l]!;
    const bo = net.biasOffset[l]!;
    if (native !== null) {
      native.tn(m, n, count, input.byteOffset, m, delta.byteOffset, n, grad.byteOffset + 8 * ko, n);
      native.colSums(count, n, delta.byteOffset, n, grad.byteOffset + 8 * bo);
      if (l === 0) break;
      // inputDer = outputDer · Wᵀ as an NN product with W transposed (n × m) and zero start values,
      // which sums each output from 0 in order of j, as gemmNT does.
      native.transpose(m, n, params.byteOffset + 8 * ko, n, ws.transposed.byteOffset);
      native.nn(count, m, n, delta.byteOffset, n, ws.transposed.byteOffset, m, ws.zeros.byteOffset, prev.byteOffset, m);
    } else {
      gemmTN(m, n, count, input, m, delta, n, grad, ko, n);
      addColumnSums(count, n, delta, n, grad, bo);
      if (l === 0) break;
      // W's row i holds the weights out of input i, so inputDer[b, i] is a dot product along that row.
      gemmNT(count, m, n, delta, n, params, ko, n, prev, m);
    }
    scaleByDerivative(net.activation, ws.pre[l - 1]!, ws.post[l - 1]!, prev, count * m);
    const t = delta;
    delta = prev;
    prev = t;
  }
}

/**
 * Loss and gradient of `count` samples (rows indices[start..] or start.. when null): returns the
 * summed loss, adds scale · Σ ∂loss/∂θ into `grad` unless it is null, and leaves the number of
 * correct predictions in ws.correct (with `withLoss` false: the gradient only, see outputLoss).
 * count must not exceed ws.capacity.
 */
export function lossAndGradient(
  net: Mlp,
  params: Float64Array,
  data: Dataset,
  indices: Int32Array | null,
  start: number,
  count: number,
  scale: number,
  ws: Workspace,
  grad: Float64Array | null,
  withLoss = true,
): number {
  gather(data, indices, start, count, ws);
  forward(net, params, count, ws);
  const loss = outputLoss(net, count, ws, scale, grad === null ? null : ws.deltaA, withLoss);
  if (grad !== null) backward(net, params, count, ws, grad);
  return loss;
}
