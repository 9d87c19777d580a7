import type { Activation, OutputKind } from '../experiment/schema';

/**
 * A multilayer perceptron's shape and where each layer lives in the flat parameter vector. Per layer
 * l (0-based), the kernel of shape [sizes[l], sizes[l+1]] row-major (element i*fanOut + j joins input
 * i to unit j, Keras's layout) starts at kernelOffset[l], followed by its bias at biasOffset[l].
 */
export interface Mlp {
  readonly sizes: readonly number[];
  readonly layers: number;
  readonly activation: Activation;
  readonly output: OutputKind;
  readonly kernelOffset: Int32Array;
  readonly biasOffset: Int32Array;
  readonly paramCount: number;
}

/** Lays out an MLP with layer widths `sizes` = [inputs, hidden..., outputs]. */
export function createMlp(sizes: readonly number[], activation: Activation, output: OutputKind): Mlp {
  const layers = sizes.length - 1;
  const kernelOffset = new Int32Array(layers);
  const biasOffset = new Int32Array(layers);
  let p = 0;
  for (let l = 0; l < layers; l++) {
    kernelOffset[l] = p;
    p += sizes[l]! * sizes[l + 1]!;
    biasOffset[l] = p;
    p += sizes[l + 1]!;
  }
  return { sizes: [...sizes], layers, activation, output, kernelOffset, biasOffset, paramCount: p };
}

/** Counts the parameters of an MLP without laying it out. */
export function countParams(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 0; l + 1 < sizes.length; l++) p += (sizes[l]! + 1) * sizes[l + 1]!;
  return p;
}

/**
 * Scratch memory for batches of up to `capacity` samples: the gathered inputs and targets, and per
 * layer the pre-activations `pre[l]` and activations `post[l]` (capacity × sizes[l+1]), plus two
 * delta buffers. Owned by the caller and reused for every batch; kernels never allocate.
 */
export interface Workspace {
  readonly capacity: number;
  readonly input: Float64Array;
  readonly target: Float64Array;
  readonly pre: Float64Array[];
  readonly post: Float64Array[];
  readonly deltaA: Float64Array;
  readonly deltaB: Float64Array;
  /** Correct predictions of the last call (classification only). */
  correct: number;
}

/** Allocates a workspace for `net` and batches of up to `capacity` samples with `targets` target values each. */
export function createWorkspace(net: Mlp, capacity: number, targets: number): Workspace {
  let widest = 0;
  for (const s of net.sizes) widest = Math.max(widest, s);
  const pre: Float64Array[] = [];
  const post: Float64Array[] = [];
  for (let l = 0; l < net.layers; l++) {
    pre.push(new Float64Array(capacity * net.sizes[l + 1]!));
    post.push(new Float64Array(capacity * net.sizes[l + 1]!));
  }
  return {
    capacity,
    input: new Float64Array(capacity * net.sizes[0]!),
    target: new Float64Array(capacity * targets),
    pre,
    post,
    deltaA: new Float64Array(capacity * widest),
    deltaB: new Float64Array(capacity * widest),
    correct: 0,
  };
}
