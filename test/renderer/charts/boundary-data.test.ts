import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../core/data/dataset';
import { parseJson, resolveExperiment } from '../../../core/experiment/resolve';
import { trainRestart } from '../../../core/experiment/train';
import { createMlp } from '../../../core/nn/mlp';
import {
  type BoundaryNetwork,
  boundaryGrid,
  boundaryNetworks,
  boundaryProblem,
  dataBounds,
  describeBoundary,
  emptyBoundaryGrid,
  fillBoundaryRows,
  predictClasses,
  shadeGrid,
} from '../../../renderer/charts/boundary-data';
import { nativeAvailable } from '../../../core/nn/native';
import { withoutWebAssembly } from '../../core/nn/without-wasm';

function dataset(points: number[][], labels: number[], classes: number | null = 2): Dataset {
  return {
    x: Float64Array.from(points.flat()),
    y: Float64Array.from(labels),
    samples: labels.length,
    features: points[0]!.length,
    targets: 1,
    classes,
    featureNames: points[0]!.map((_, i) => `x${i + 1}`),
    targetName: 'y',
  };
}

const square = dataset(
  [
    [-1, -1],
    [1, 1],
  ],
  [0, 1],
);

/** A 2-1 sigmoid network computing z = x1 (weights [1, 0], bias 0): class 1 exactly where x1 >= 0. */
const sign: BoundaryNetwork = { net: createMlp([2, 1], 'tanh', 'sigmoid'), dataset: square };
const signParams = Float64Array.from([1, 0, 0]);

describe('boundaryGrid', () => {
  it('predicts class 1 right of x1 = 0 for z = x1, with σ(|x1|) as confidence', () => {
    const g = boundaryGrid(sign, signParams, 10);
    expect(g.classes).toBe(2);
    expect([g.columns, g.rows]).toEqual([10, 10]);
    for (let i = 0; i < g.rows; i++) {
      for (let j = 0; j < g.columns; j++) {
        const x = g.xs[j]!;
        expect(g.cls[i * g.columns + j]).toBe(x >= 0 ? 1 : 0);
        expect(g.confidence[i * g.columns + j]).toBeCloseTo(1 / (1 + Math.exp(-Math.abs(x))), 14);
      }
    }
  });

  it('places cell centres over the bounds, rows ascending in x2', () => {
    const g = boundaryGrid(sign, signParams, 4, { xMin: 0, xMax: 4, yMin: -2, yMax: 2 });
    expect(Array.from(g.xs)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(Array.from(g.ys)).toEqual([-1.5, -0.5, 0.5, 1.5]);
  });

  it('goes through hidden layers with core forward code: relu(x1) − relu(−x1) = x1', () => {
    const net = createMlp([2, 2, 1], 'relu', 'sigmoid');
    // Kernel 2×2 row-major (input i to unit j at i·2 + j): unit 0 = x1, unit 1 = −x1; biases 0; output = h0 − h1.
    const params = Float64Array.from([1, -1, 0, 0, 0, 0, 1, -1, 0]);
    const g = boundaryGrid({ net, dataset: square }, params, 8);
    const reference = boundaryGrid(sign, signParams, 8);
    expect(Array.from(g.cls)).toEqual(Array.from(reference.cls));
  });

  it('takes the arg max of a softmax head, its probability as confidence', () => {
    const three = dataset(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      [0, 1, 2],
      3,
    );
    // Logits (x1, x2, 0): class 0 where x1 is largest, 1 where x2 is, 2 where both are negative.
    const net = createMlp([2, 3], 'tanh', 'softmax');
    const params = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0]);
    const points = Float64Array.from([2, 1, -1, 3, -2, -1, 1, 1]);
    const cls = new Int32Array(4);
    const conf = new Float64Array(4);
    predictClasses(net, params, points, cls, conf);
    expect(Array.from(cls)).toEqual([0, 1, 2, 0]); // the tie at (1, 1) goes to the lowest index
    const z = [2, 1, 0];
    expect(conf[0]).toBeCloseTo(Math.exp(2) / z.reduce((s, v) => s + Math.exp(v), 0), 14);
    expect(boundaryGrid({ net, dataset: three }, params, 5).classes).toBe(3);
  });

  it('marks cells whose output is not finite with class −1', () => {
    const g = boundaryGrid(sign, Float64Array.from([NaN, 0, 0]), 3);
    expect(Array.from(g.cls)).toEqual(new Array(9).fill(-1));
    expect(g.confidence[0]).toBeNaN();
  });

  it('refuses a wrong parameter vector or resolution', () => {
    expect(() => boundaryGrid(sign, new Float64Array(2))).toThrow('expected 3 parameters (the 2-1 network), found 2');
    expect(() => boundaryGrid(sign, signParams, 1)).toThrow('expected a grid resolution of 2..1024, found 1');
  });
});

describe('boundaryGrid on the WebAssembly kernels', () => {
  it('gives the same classes and confidences, bit for bit, as without them (2-16-16-3, softmax)', async () => {
    expect(nativeAvailable()).toBe(true);
    const net = createMlp([2, 16, 16, 3], 'tanh', 'softmax');
    const params = Float64Array.from({ length: net.paramCount }, (_, i) => 0.8 * Math.sin(1.7 * i + 0.3));
    const data = dataset([[-3, -2], [3, 2], [0, 1]], [0, 1, 2], 3);
    const grid = async () => {
      const { boundaryGrid: fresh } = await import('../../../renderer/charts/boundary-data');
      const g = fresh({ net, dataset: data }, params, 37);
      return { cls: Array.from(g.cls), confidence: Array.from(g.confidence) };
    };
    const withKernels = await grid();
    expect(new Set(withKernels.cls).size).toBe(3);
    expect(await withoutWebAssembly(grid)).toEqual(withKernels);
  });
});

describe('emptyBoundaryGrid and fillBoundaryRows', () => {
  it('evaluate the same grid in bands of rows as boundaryGrid does at once', () => {
    const net = createMlp([2, 3, 1], 'tanh', 'sigmoid');
    const params = Float64Array.from({ length: net.paramCount }, (_, i) => Math.sin(3 * i + 1));
    const b = { net, dataset: square };
    const whole = boundaryGrid(b, params, 12);
    const banded = emptyBoundaryGrid(b, params, 12);
    expect(Array.from(banded.cls)).toEqual(new Array(144).fill(-1));
    for (const [from, to] of [[0, 5], [5, 5], [5, 11], [11, 12]] as const) fillBoundaryRows(b, params, banded, from, to);
    expect(banded).toEqual(whole);
  });

  it('give the same grid with the network\'s workspace reused after other parameters, NaN ones and other sizes', () => {
    const net = createMlp([2, 5, 1], 'tanh', 'sigmoid');
    const params = Float64Array.from({ length: net.paramCount }, (_, i) => Math.cos(2 * i + 0.5));
    boundaryGrid({ net, dataset: square }, new Float64Array(net.paramCount).fill(NaN), 40);
    boundaryGrid({ net, dataset: square }, Float64Array.from({ length: net.paramCount }, (_, i) => i), 33);
    const reused = boundaryGrid({ net, dataset: square }, params, 7);
    const fresh = boundaryGrid({ net: createMlp([2, 5, 1], 'tanh', 'sigmoid'), dataset: square }, params, 7);
    expect(reused).toEqual(fresh);
    expect(reused.cls.some((c) => c === -1)).toBe(false);
  });

  it('refuse rows outside the grid', () => {
    const g = emptyBoundaryGrid(sign, signParams, 4);
    expect(() => fillBoundaryRows(sign, signParams, g, 3, 5)).toThrow('expected rows 0 <= from <= to <= 4, found [3, 5)');
    expect(() => fillBoundaryRows(sign, signParams, g, 2, 1)).toThrow('expected rows 0 <= from <= to <= 4, found [2, 1)');
  });
});

describe('boundaryProblem', () => {
  it('explains when a boundary cannot be drawn', () => {
    expect(boundaryProblem(sign)).toBeNull();
    expect(boundaryProblem(null)).toBe('A decision boundary needs a network problem.');
    const regression = { net: createMlp([2, 1], 'tanh', 'linear'), dataset: dataset([[0, 0]], [0.5], null) };
    expect(boundaryProblem(regression)).toBe('A decision boundary needs classification data (this is regression).');
    const wide = { net: createMlp([3, 1], 'tanh', 'sigmoid'), dataset: dataset([[0, 0, 0]], [0]) };
    expect(boundaryProblem(wide)).toBe('A decision boundary needs 2 input features; this data has 3.');
    expect(() => boundaryGrid(wide, new Float64Array(4))).toThrow('A decision boundary needs 2 input features; this data has 3.');
  });
});

describe('dataBounds', () => {
  it('widens the data box by the margin on each side, and a flat side by the margin of 1', () => {
    expect(dataBounds(square, 0.1)).toEqual({ xMin: -1.2, xMax: 1.2, yMin: -1.2, yMax: 1.2 });
    expect(dataBounds(dataset([[3, 5]], [0]), 0.5)).toEqual({ xMin: 2.5, xMax: 3.5, yMin: 4.5, yMax: 5.5 });
  });
});

describe('shadeGrid', () => {
  const g = boundaryGrid(sign, signParams, 4, { xMin: -2, xMax: 2, yMin: 0, yMax: 4 });
  const colors = [0xe69f00, 0x56b4e9];
  const pixels = shadeGrid(g, colors, 0xffffff, 0x000000);
  const px = (row: number, col: number) => Array.from(pixels.slice((row * 4 + col) * 4, (row * 4 + col) * 4 + 4));

  it('draws the boundary line where the class changes', () => {
    // Columns 0, 1 are class 0 (x = −1.5, −0.5), columns 2, 3 class 1; column 1 borders column 2.
    for (let row = 0; row < 4; row++) expect(px(row, 1)).toEqual([0, 0, 0, 255]);
  });

  it('shades surer cells closer to their class colour', () => {
    // Column 0 (x = −1.5) is surer of class 0 than column 1 would be; column 3 (x = 1.5) surer than column 2 (x = 0.5).
    const distance = (p: number[], hex: number) => Math.abs(p[0]! - ((hex >> 16) & 255)) + Math.abs(p[1]! - ((hex >> 8) & 255)) + Math.abs(p[2]! - (hex & 255));
    expect(distance(px(0, 3), colors[1]!)).toBeLessThan(distance(px(0, 2), colors[1]!));
    expect(distance(px(0, 0), colors[0]!)).toBeLessThan(distance([255, 255, 255], colors[0]!));
  });

  it('puts the largest y in the top image row', () => {
    // Bounds in y shifted so rows differ: the sign network ignores y, so build a network on x2 instead.
    const onY: BoundaryNetwork = { net: createMlp([2, 1], 'tanh', 'sigmoid'), dataset: square };
    const grid = boundaryGrid(onY, Float64Array.from([0, 1, -2]), 4, { xMin: 0, xMax: 4, yMin: 0, yMax: 4 });
    const image = shadeGrid(grid, colors, 0xffffff, 0x000000);
    // z = x2 − 2: top rows (y = 3.5, 2.5) are class 1; the bottom row (y = 0.5) class 0.
    expect(grid.cls[0]).toBe(0);
    expect(grid.cls[12]).toBe(1);
    const top = Array.from(image.slice(0, 3));
    const bottom = Array.from(image.slice(12 * 4, 12 * 4 + 3));
    expect(top[2]).toBeGreaterThan(top[0]!); // sky blue: more blue than red
    expect(bottom[0]).toBeGreaterThan(bottom[2]!); // orange: more red than blue
  });

  it('leaves cells without a class as background', () => {
    const bad = boundaryGrid(sign, Float64Array.from([NaN, 0, 0]), 2);
    expect(Array.from(shadeGrid(bad, colors, 0x102030, 0).slice(0, 4))).toEqual([0x10, 0x20, 0x30, 255]);
  });
});

describe('with core training', () => {
  const text = JSON.stringify({
    format: 'landscape-lab/experiment@1',
    name: 'boundary',
    seed: 'charts',
    restarts: 1,
    problem: {
      type: 'network',
      dataset: { kind: 'moons', samples: 60, noise: 0.1 },
      model: { hidden: [6], activation: 'tanh' },
      optimizer: { name: 'sgd', learningRate: 0.5, batchSize: 20, epochs: 15 },
    },
    record: { every: 'epoch', params: 'ends' },
  });

  it('classifies the training points as core counted them: the same accuracy', () => {
    const plan = resolveExperiment(parseJson(text), () => '');
    const [network] = boundaryNetworks(plan);
    expect(network!.net.sizes).toEqual([2, 6, 1]);
    expect(network!.net.output).toBe('sigmoid');
    const result = trainRestart(plan, 0, 0);
    const n = network!.dataset.samples;
    const cls = new Int32Array(n);
    predictClasses(network!.net, result.params!.final, network!.dataset.x, cls, new Float64Array(n));
    const correct = cls.reduce((s, c, i) => s + (c === network!.dataset.y[i] ? 1 : 0), 0);
    expect(correct / n).toBe(result.records.accuracy![result.records.count - 1]);
    const grid = boundaryGrid(network!, result.params!.final, 20);
    expect(describeBoundary(grid, 'restart 0', correct / n)).toMatch(/^Decision boundary of restart 0 over the data's two features: class 0 \d+%, class 1 \d+% of the area; training accuracy \d+%\.$/);
  });
});
