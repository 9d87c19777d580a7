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
  const lengths: number[] = [capacity * net.sizes[0]!, capacity * targets];
  for (let l = 0; l < net.layers; l++) lengths.push(capacity * net.sizes[l + 1]!, capacity * net.sizes[l + 1]!);
  lengths.push(capacity * widest, capacity * widest, kernel, widest);
  for (let v = 0; v < vectors; v++) lengths.push(net.paramCount);
  let doubles = 0;
  for (const n of lengths) doubles += n;
  const native = vectors > 0 ? nativeKernels(8 * doubles) : null;
  let at = 0;
  const next = (): Float64Array => {
    const n = lengths.shift()!;
    const a = native === null ? new Float64Array(n) : new Float64Array(native.buffer, 8 * at, n);
    at += n;
    return a;
  };
  const input = next();
  const target = next();
  const pre: Float64Array[] = [];
  const post: Float64Array[] = [];
  for (let l = 0; l < net.layers; l++) {
    pre.push(next());
    post.push(next());
  }
  const deltaA = next();
  const deltaB = next();
  const transposed = next();
  const zeros = next();
  const vs: Float64Array[] = [];
  for (let v = 0; v < vectors; v++) vs.push(next());
  return { capacity, input, target, pre, post, deltaA, deltaB, vectors: vs, native, transposed, zeros, correct: 0 };
}
