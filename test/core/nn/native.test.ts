// The WebAssembly kernels (core/nn/native.ts) against the JavaScript kernels of gemm.ts: the same
// numbers bit for bit, on random shapes and values that include ±0, subnormals, huge values,
// infinities and NaN; then whole passes and whole training runs with and without them.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNELS_WASM_BASE64 } from '../../../core/nn/kernels-wasm';
import { lossAndGradient } from '../../../core/nn/backprop';
import { addColumnSums, gemmNN, gemmNT, gemmTN } from '../../../core/nn/gemm';
import { createMlp, createWorkspace } from '../../../core/nn/mlp';
import { decodeBase64, nativeAvailable, nativeKernels, type NativeKernels } from '../../../core/nn/native';
import { networkVariant } from '../../../core/experiment/resolve';
import type { RestartResult } from '../../../core/experiment/result';
import { Stream } from '../../../core/rng/stream';
import { compileKernels, kernelsModuleTs, kernelsWat } from '../../../scripts/wasm/kernels.mjs';
import { ROOT } from '../../paths';
import { plan, xorExperiment } from '../experiment/helpers';
import { withoutWebAssembly } from './without-wasm';

/** Cases per property. */
const RUNS = 300;

const SPECIAL = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e308, -1e308, Infinity, -Infinity, NaN, 1, -1, 0.1];

/** Values that are mostly ordinary, sometimes special (rounding, overflow, signed zeros, NaN). */
const value = fc.oneof({ weight: 6, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(...SPECIAL) });

/** Whether two arrays hold the same numbers, −0 apart from +0, any NaN equal to any NaN. */
function sameBits(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `[${i}]: ${a[i]} and ${b[i]}`;
  return null;
}

/** Copies `values` into the memory at element `at`; returns the view. */
function place(k: NativeKernels, at: number, values: Float64Array): Float64Array {
  const view = new Float64Array(k.buffer, 8 * at, values.length);
  view.set(values);
  return view;
}

const shape = fc.record({ rows: fc.integer({ min: 0, max: 11 }), cols: fc.integer({ min: 0, max: 11 }), depth: fc.integer({ min: 0, max: 9 }), pad: fc.integer({ min: 0, max: 3 }) });

describe('the generated module', () => {
  it('is what scripts/wasm/kernels.mjs makes from its source (regenerate with `node scripts/wasm/kernels.mjs`)', async () => {
    const wat = kernelsWat();
    expect(readFileSync(`${ROOT}/core/nn/kernels.wat`, 'utf8')).toBe(wat);
    const bytes = await compileKernels(wat);
    expect(readFileSync(`${ROOT}/core/nn/kernels-wasm.ts`, 'utf8')).toBe(kernelsModuleTs(bytes));
    expect(Buffer.from(decodeBase64(KERNELS_WASM_BASE64)).equals(bytes)).toBe(true);
  });

  it('decodes base64 as Node does, and names a bad character', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes));
    }), { numRuns: RUNS });
    expect(() => decodeBase64('AB$D')).toThrow('not base64: "$" at 2');
  });

  it('runs here (Node has WebAssembly SIMD), so the comparisons below compare two implementations', () => {
    expect(nativeAvailable()).toBe(true);
  });
});

describe('WebAssembly kernels equal the JavaScript kernels bit for bit', () => {
  it(`NN: out = start + x·y (${RUNS} random cases)`, () => {
    fc.assert(fc.property(shape, fc.array(value, { minLength: 400, maxLength: 400 }), ({ rows, cols, depth, pad }, pool) => {
      const take = (n: number, from: number) => Float64Array.from({ length: n }, (_, i) => pool[(from + i) % pool.length]!);
      const x = take(rows * depth + pad, 0);
      const y = take(depth * cols + pad, 101);
      const start = take(cols + pad, 211);
      const expected = new Float64Array(rows * cols + pad).fill(7);
      gemmNN(rows, cols, depth, x, pad, depth, y, pad, cols, start, pad, expected, pad, cols);
      const k = nativeKernels(65536)!;
      const nx = place(k, 0, x);
      const ny = place(k, 1000, y);
      const ns = place(k, 2000, start);
      const out = place(k, 3000, new Float64Array(rows * cols + pad).fill(7));
      k.exports.nn(rows, cols, depth, nx.byteOffset + 8 * pad, depth, ny.byteOffset + 8 * pad, cols, ns.byteOffset + 8 * pad, out.byteOffset + 8 * pad, cols);
      expect(sameBits(out, expected)).toBeNull();
    }), { numRuns: RUNS });
  });

  it(`TN: out += xᵀ·y, the sum formed first (${RUNS} random cases)`, () => {
    fc.assert(fc.property(shape, fc.array(value, { minLength: 400, maxLength: 400 }), ({ rows, cols, depth, pad }, pool) => {
      const take = (n: number, from: number) => Float64Array.from({ length: n }, (_, i) => pool[(from + i) % pool.length]!);
      const x = take(depth * rows, 0);
      const y = take(depth * cols, 101);
      const before = take(rows * cols + pad, 211);
      const expected = before.slice();
      gemmTN(rows, cols, depth, x, rows, y, cols, expected, pad, cols);
      const k = nativeKernels(65536)!;
      const nx = place(k, 0, x);
      const ny = place(k, 1000, y);
      const out = place(k, 3000, before);
      k.exports.tn(rows, cols, depth, nx.byteOffset, rows, ny.byteOffset, cols, out.byteOffset + 8 * pad, cols);
      expect(sameBits(out, expected)).toBeNull();
    }), { numRuns: RUNS });
  });

  it(`NT as a transpose and an NN product from zeros (${RUNS} random cases)`, () => {
    fc.assert(fc.property(shape, fc.array(value, { minLength: 400, maxLength: 400 }), ({ rows, cols, depth, pad }, pool) => {
      const take = (n: number, from: number) => Float64Array.from({ length: n }, (_, i) => pool[(from + i) % pool.length]!);
      const x = take(rows * depth, 0);
      const w = take(cols * depth + pad, 101); // cols × depth, row stride depth, from pad
      const expected = new Float64Array(rows * cols);
      gemmNT(rows, cols, depth, x, depth, w, pad, depth, expected, cols);
      const k = nativeKernels(65536)!;
      const nx = place(k, 0, x);
      const nw = place(k, 1000, w);
      const t = place(k, 2000, new Float64Array(depth * cols));
      const zeros = place(k, 2500, new Float64Array(cols));
      const out = place(k, 3000, new Float64Array(rows * cols).fill(7));
      k.exports.transpose(cols, depth, nw.byteOffset + 8 * pad, depth, t.byteOffset);
      k.exports.nn(rows, cols, depth, nx.byteOffset, depth, t.byteOffset, cols, zeros.byteOffset, out.byteOffset, cols);
      expect(sameBits(out, expected)).toBeNull();
    }), { numRuns: RUNS });
  });

  it(`column sums: out += Σ_r x[r, ·] (${RUNS} random cases)`, () => {
    fc.assert(fc.property(shape, fc.array(value, { minLength: 400, maxLength: 400 }), ({ rows, cols, pad }, pool) => {
      const take = (n: number, from: number) => Float64Array.from({ length: n }, (_, i) => pool[(from + i) % pool.length]!);
      const x = take(rows * (cols + pad), 0);
      const before = take(cols + pad, 211);
      const expected = before.slice();
      addColumnSums(rows, cols, x, cols + pad, expected, pad);
      const k = nativeKernels(65536)!;
      const nx = place(k, 0, x);
      const out = place(k, 3000, before);
      k.exports.colSums(rows, cols, nx.byteOffset, cols + pad, out.byteOffset + 8 * pad);
      expect(sameBits(out, expected)).toBeNull();
    }), { numRuns: RUNS });
  });
});

describe('a whole pass with and without the WebAssembly kernels', () => {
  const configs = [
    { hidden: [16, 16], activation: 'tanh', output: 'sigmoid', kind: 'spirals' },
    { hidden: [5], activation: 'relu', output: 'softmax', kind: 'gaussians' },
    { hidden: [7, 3, 9], activation: 'elu', output: 'linear', kind: 'sine' },
    { hidden: [], activation: 'tanh', output: 'sigmoid', kind: 'moons' },
  ] as const;
  it.each(configs)('$hidden $activation, $output: the same loss, accuracy and gradient for batches of 1 to 40', ({ hidden, activation, output, kind }) => {
    const loss = output === 'sigmoid' ? 'bce' : output === 'softmax' ? 'cce' : 'mse';
    const p = plan(xorExperiment({ problem: { type: 'network', dataset: { kind, samples: 90 }, model: { hidden, activation, output, loss }, optimizer: { name: 'sgd', learningRate: 0.1, epochs: 1 } } }));
    const { dataset, sizes } = networkVariant(p);
    const net = createMlp(sizes, activation, output);
    const nativeWs = createWorkspace(net, 40, dataset.targets, 2);
    const plainWs = createWorkspace(net, 40, dataset.targets);
    expect(nativeWs.native).not.toBeNull();
    expect(plainWs.native).toBeNull();
    const [params, grad] = nativeWs.vectors as [Float64Array, Float64Array];
    const s = new Stream(`pass ${hidden.join(',')}`);
    for (let i = 0; i < params.length; i++) params[i] = s.normal();
    const plainParams = params.slice();
    const order = Int32Array.from({ length: dataset.samples }, (_, i) => (i * 37) % dataset.samples);
    for (const count of [1, 2, 3, 5, 8, 13, 32, 40]) {
      const start = count % 7;
      grad.fill(0.25);
      const plainGrad = new Float64Array(params.length).fill(0.25);
      const a = lossAndGradient(net, params, dataset, order, start, count, 1 / count, nativeWs, grad);
      const b = lossAndGradient(net, plainParams, dataset, order, start, count, 1 / count, plainWs, plainGrad);
      expect(Object.is(a, b)).toBe(true);
      expect(nativeWs.correct).toBe(plainWs.correct);
      expect(sameBits(grad, plainGrad)).toBeNull();
      expect(sameBits(nativeWs.post[0]!, plainWs.post[0]!)).toBeNull();
    }
  });
});

/** Everything a restart produced that numbers decide. */
function fingerprint(r: RestartResult): string {
  return JSON.stringify({
    status: r.status,
    reason: r.reason,
    step: Array.from(r.records.step),
    loss: Array.from(r.records.loss, String),
    grad: Array.from(r.records.gradNorm, String),
    accuracy: r.records.accuracy && Array.from(r.records.accuracy),
    params: r.params && [Array.from(r.params.initial, String), Array.from(r.params.final, String)],
    symmetry: Array.from(r.symmetry ?? []),
  });
}

describe('training with and without the WebAssembly kernels', () => {
  const experiments = {
    'spirals, tanh, sgd with momentum': { dataset: { kind: 'spirals', samples: 120 }, model: { hidden: [8, 8], activation: 'tanh' }, optimizer: { name: 'sgd', learningRate: 0.2, momentum: 0.9, epochs: 6, batchSize: 16 } },
    'gaussians, relu, softmax, adam': { dataset: { kind: 'gaussians', samples: 90, classes: 3 }, model: { hidden: [6], activation: 'relu', output: 'softmax', loss: 'cce' }, optimizer: { name: 'adam', learningRate: 0.01, epochs: 5, batchSize: 10 } },
    'sine, elu, mse, rmsprop': { dataset: { kind: 'sine', samples: 50 }, model: { hidden: [5, 4], activation: 'elu', output: 'linear', loss: 'mse' }, optimizer: { name: 'rmsprop', learningRate: 0.01, epochs: 4, batchSize: 7 } },
    'zeros, then a learning rate that diverges': { dataset: { kind: 'moons', samples: 64 }, model: { hidden: [4] }, init: { weights: { name: 'zeros' } }, optimizer: { name: 'sgd', learningRate: 1e6, epochs: 5, batchSize: 8 } },
  };
  it.each(Object.entries(experiments))('%s: the same restarts, bit for bit', async (_, problem) => {
    const input = xorExperiment({ restarts: 3, problem: { type: 'network', ...problem }, record: { every: 1, params: 'ends' } });
    const { trainRestart } = await import('../../../core/experiment/train');
    const withKernels = [0, 1, 2].map((i) => fingerprint(trainRestart(plan(input), 0, i)));
    const without = await withoutWebAssembly(async () => {
      const fresh = await import('../../../core/experiment/train');
      return [0, 1, 2].map((i) => fingerprint(fresh.trainRestart(plan(input), 0, i)));
    });
    expect(without).toEqual(withKernels);
  });

  it('a landscape grid of a 2-16-16-1 network: the same losses, bit for bit', async () => {
    const input = xorExperiment({
      restarts: 3,
      problem: { type: 'network', dataset: { kind: 'spirals', samples: 70 }, model: { hidden: [16, 16] }, optimizer: { name: 'sgd', learningRate: 0.1, epochs: 3, batchSize: 16 } },
      record: { every: 'epoch', params: 'all' },
      landscape: { plane: 'pca', resolution: 9 },
    });
    const grid = async () => {
      const { trainRestart } = await import('../../../core/experiment/train');
      const { networkSlice, sliceGrid } = await import('../../../core/landscape/build');
      const p = plan(input);
      return Array.from(sliceGrid(networkSlice(p, [0, 1, 2].map((i) => trainRestart(p, 0, i)))), String);
    };
    const withKernels = await grid();
    expect(withKernels).toHaveLength(81);
    expect(await withoutWebAssembly(grid)).toEqual(withKernels);
  });
});
