import { describe, expect, it } from 'vitest';
import { gemmNN, gemmNT, gemmTN } from '../../../core/nn/gemm';
import { Stream } from '../../../core/rng/stream';

function random(n: number, s: Stream): Float64Array {
  return Float64Array.from({ length: n }, () => s.normal());
}

// Shapes that exercise every remainder path of the 2×4 blocks (odd rows, cols not a multiple of 4, depth 1).
const shapes: [number, number, number][] = [
  [1, 1, 1], [2, 4, 3], [3, 5, 2], [7, 9, 1], [32, 16, 16], [33, 17, 5], [4, 3, 8], [5, 1, 16],
];

describe('gemm kernels equal the plain triple loop bit for bit (same summation order)', () => {
  it.each(shapes)('NN %i×%i, depth %i', (rows, cols, depth) => {
    const s = new Stream(`nn${rows}${cols}${depth}`);
    const x = random(rows * depth + 3, s);
    const y = random(depth * cols + 5, s);
    const bias = random(cols + 2, s);
    const out = new Float64Array(rows * cols + 1);
    gemmNN(rows, cols, depth, x, 3, depth, y, 5, cols, bias, 2, out, 1, cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = bias[2 + c]!;
        for (let k = 0; k < depth; k++) sum += x[3 + r * depth + k]! * y[5 + k * cols + c]!;
        expect(out[1 + r * cols + c]).toBe(sum);
      }
    }
    expect(out[0]).toBe(0);
  });

  it.each(shapes)('TN %i×%i, depth %i (accumulates)', (rows, cols, depth) => {
    const s = new Stream(`tn${rows}${cols}${depth}`);
    const x = random(depth * rows, s);
    const y = random(depth * cols, s);
    const start = random(rows * cols + 2, s);
    const out = start.slice();
    gemmTN(rows, cols, depth, x, rows, y, cols, out, 2, cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (let k = 0; k < depth; k++) sum += x[k * rows + r]! * y[k * cols + c]!;
        expect(out[2 + r * cols + c]).toBe(start[2 + r * cols + c]! + sum);
      }
    }
    expect([out[0], out[1]]).toEqual([start[0], start[1]]);
  });

  it.each(shapes)('NT %i×%i, depth %i', (rows, cols, depth) => {
    const s = new Stream(`nt${rows}${cols}${depth}`);
    const x = random(rows * depth, s);
    const y = random(cols * depth + 4, s);
    const out = new Float64Array(rows * cols);
    gemmNT(rows, cols, depth, x, depth, y, 4, depth, out, cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (let k = 0; k < depth; k++) sum += x[r * depth + k]! * y[4 + c * depth + k]!;
        expect(out[r * cols + c]).toBe(sum);
      }
    }
  });
});
