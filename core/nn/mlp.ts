import type { Activation, OutputKind } from '../experiment/schema';
import { nativeKernels, type NativeKernels } from './native';

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
  /** Parameter-sized vectors the caller asked for, zeroed, in the same memory as the rest. */
  readonly vectors: Float64Array[];
  /**
   * The WebAssembly kernels (native.ts) on the memory that holds every array above, or null (plain
   * arrays, JavaScript kernels). A pass uses them when its parameters (and gradient) are in that
   * memory too, e.g. in `vectors`; with the same numbers either way.
   */
  readonly native: NativeKernels | null;
  /** Scratch in the native memory: a kernel's transpose (the widest layer's m × n) and a row of zeros. */
  readonly transposed: Float64Array;
  readonly zeros: Float64Array;
  /** Correct predictions of the last call (classification only). */
  correct: number;
}

/**
 * Allocates a workspace for `net` and batches of up to `capacity` samples with `targets` target
 * values each, plus `vectors` parameter-sized vectors. With vectors (a caller that will keep its
 * parameters there) the arrays go into one WebAssembly memory where the native kernels can run.
 */
export function createWorkspace(net: Mlp, capacity: number, targets: number, vectors = 0): Workspace {
  let widest = 0;
  for (const s of net.sizes) widest = Math.max(widest, s);
  let kernel = 0;
  for (let l = 0; l < net.layers; l++) kernel = Math.max(kernel, net.sizes[l]! * net.sizes[l + 1]!);
  // The arrays, each taken from `take`: once to count the doubles, once to make them.
  const carve = (take: (length: number) => Float64Array) => {
    const input = take(capacity * net.sizes[0]!);
    const target = take(capacity * targets);
    const pre: Float64Array[] = [];
    const post: Float64Array[] = [];
    for (let l = 0; l < net.layers; l++) {
      pre.push(take(capacity * net.sizes[l + 1]!));
      post.push(take(capacity * net.sizes[l + 1]!));
    }
    const deltaA = take(capacity * widest);
    const deltaB = take(capacity * widest);
    const transposed = take(kernel);
    const zeros = take(widest);
    const vs = Array.from({ length: vectors }, () => take(net.paramCount));
    return { input, target, pre, post, deltaA, deltaB, transposed, zeros, vectors: vs };
  };
  let doubles = 0;
  const none = new Float64Array(0);
  carve((length) => {
    doubles += length;
    return none;
  });
  const native = vectors > 0 ? nativeKernels(8 * doubles) : null;
  let at = 0;
  const arrays = carve((length) => {
    const a = native === null ? new Float64Array(length) : new Float64Array(native.buffer, 8 * at, length);
    at += length;
    return a;
  });
  return { capacity, ...arrays, native, correct: 0 };
}
