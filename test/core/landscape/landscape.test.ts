import { describe, expect, it } from 'vitest';
import { networkVariant, type RunPlan } from '../../../core/experiment/resolve';
import type { RestartResult } from '../../../core/experiment/result';
import { trainRestart } from '../../../core/experiment/train';
import { barrier, networkSlice, projectPaths, sliceGrid } from '../../../core/landscape/build';
import { gridWorkspace, lossGrid, naiveLossGrid, wholeSetLoss } from '../../../core/landscape/grid';
import { axis, dot, LandscapeError, pcaPlane, pointAt, project } from '../../../core/landscape/plane';
import { createMlp } from '../../../core/nn/mlp';
import { Stream } from '../../../core/rng/stream';
import { naiveLoss } from '../nn/naive';
import { plan, problemsOf } from '../experiment/helpers';

function experiment(landscape: object, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'landscape-lab/experiment@1',
    seed: 'landscape',
    restarts: 5,
    problem: { type: 'network', dataset: { kind: 'moons', samples: 60 }, model: { hidden: [5] }, optimizer: { name: 'sgd', learningRate: 0.3, momentum: 0.5, epochs: 15, batchSize: 20 } },
    record: { every: 'epoch', params: 'all' },
    landscape: { resolution: 9, ...landscape },
    ...extra,
  };
}

function run(input: Record<string, unknown>): { p: RunPlan; results: RestartResult[] } {
  const p = plan(input);
  const results = p.variants.flatMap((_, v) => Array.from({ length: p.experiment.restarts }, (_, i) => trainRestart(p, v, i)));
  return { p, results };
}

const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

describe('the structured grid', () => {
  it.each([
    ['a 2-5-1 tanh net on moons (pca)', { plane: 'pca' }, {}],
    ['a 4-6-4-3 relu net on iris (random)', { plane: 'random' }, { problem: { type: 'network', dataset: { kind: 'iris' }, model: { hidden: [6, 4], activation: 'relu' }, optimizer: { name: 'adam', learningRate: 0.01, epochs: 10, batchSize: 30 } } }],
    ['a linear model on sine (weights)', { plane: 'weights', params: [0, 1] }, { problem: { type: 'network', dataset: { kind: 'sine', samples: 50 }, model: { hidden: [] }, optimizer: { name: 'sgd', learningRate: 0.1, epochs: 5 } } }],
    ['an interpolate line', { plane: 'interpolate', restarts: [1, 2] }, {}],
  ])('equals the naive grid to 1e-9: %s', (_name, landscape, extra) => {
    const { p, results } = run(experiment({ ...landscape, resolution: 13 }, extra));
    const slice = networkSlice(p, results);
    const v = networkVariant(p);
    const rows = slice.plane.d2 === null ? 1 : 13;
    const fast = lossGrid(slice.net, v.dataset, slice.plane, 0, rows);
    const naive = naiveLossGrid(slice.net, v.dataset, slice.plane, 0, rows);
    let worst = 0;
    for (let k = 0; k < fast.length; k++) worst = Math.max(worst, Math.abs(fast[k]! - naive[k]!) / Math.max(1, Math.abs(naive[k]!)));
    expect(worst).toBeLessThan(1e-9);
    // A slice of rows equals the same rows of the whole grid.
    if (rows > 1) expect(Array.from(lossGrid(slice.net, v.dataset, slice.plane, 5, 8))).toEqual(Array.from(fast.subarray(5 * 13, 8 * 13)));
  });
});

describe('landscape grids', () => {
  it.each(['pca', 'random', 'weights', 'endpoints'])('the %s grid equals a direct (naive) evaluation of the loss at its points', (kind) => {
    const extra = kind === 'weights' ? { params: [0, 7] } : {};
    const { p, results } = run(experiment({ plane: kind, ...extra }));
    const slice = networkSlice(p, results);
    const grid = sliceGrid(slice);
    const v = networkVariant(p);
    const coords = axis(slice.plane);
    const theta = new Float64Array(v.paramCount);
    for (const [i, j] of [[0, 0], [4, 4], [8, 3], [2, 8]] as const) {
      pointAt(slice.plane, coords[j]!, coords[i]!, theta);
      const direct = naiveLoss(v.sizes, 'tanh', 'sigmoid', theta, v.dataset.x, v.dataset.y, v.dataset.samples).loss;
      expect(Math.abs(grid[i * 9 + j]! - direct)).toBeLessThan(1e-12);
    }
  });

  it('projects each recorded point to the plane point nearest it, keeping its true loss', () => {
    const { p, results } = run(experiment({ plane: 'pca' }));
    const slice = networkSlice(p, results);
    const paths = projectPaths(slice, results);
    expect(paths.length).toBe(5);
    const P = networkVariant(p).paramCount;
    const r = results[2]!;
    const k = 7;
    const theta = r.params!.history!.subarray(k * P, (k + 1) * P);
    const onPlane = new Float64Array(P);
    pointAt(slice.plane, paths[2]!.x[k]!, paths[2]!.y[k]!, onPlane);
    const residual = theta.map((t, i) => t - onPlane[i]!);
    expect(paths[2]!.offPlane[k]).toBeCloseTo(norm(residual), 12);
    // The residual is orthogonal to the plane: the projection is the nearest plane point.
    expect(Math.abs(dot(residual, slice.plane.d1))).toBeLessThan(1e-9);
    expect(Math.abs(dot(residual, slice.plane.d2!))).toBeLessThan(1e-9);
    expect(paths[2]!.loss[k]).toBe(r.records.loss[k]);
  });

  it('the endpoints plane contains its three final points, where the grid gives their losses', () => {
    const { p, results } = run(experiment({ plane: 'endpoints', restarts: [1, 3, 4] }));
    const slice = networkSlice(p, results);
    const ws = gridWorkspace(slice.net, networkVariant(p).dataset);
    const theta = new Float64Array(networkVariant(p).paramCount);
    [1, 3, 4].forEach((i, a) => {
      const r = results[i]!;
      const P = theta.length;
      const final = r.params!.history!.subarray((r.records.count - 1) * P, r.records.count * P);
      const q = project(slice.plane, final);
      expect(q.offPlane).toBeLessThan(1e-9 * norm(final));
      expect([q.x, q.y]).toEqual(slice.plane.anchors![a]!.map((c) => expect.closeTo(c, 9)));
      pointAt(slice.plane, q.x, q.y, theta);
      expect(wholeSetLoss(slice.net, networkVariant(p).dataset, theta, ws)).toBeCloseTo(r.records.loss[r.records.count - 1]!, 9);
    });
  });

  it('a weights plane is exact: a 2-parameter model\'s whole run lies on it, every point at its recorded loss', () => {
    const { p, results } = run({
      format: 'landscape-lab/experiment@1',
      restarts: 3,
      problem: { type: 'network', dataset: { kind: 'sine', samples: 40 }, model: { hidden: [] }, optimizer: { name: 'sgd', learningRate: 0.1, epochs: 20, batchSize: 8 } },
      record: { every: 1, params: 'all' },
      landscape: { plane: 'weights', params: [0, 1], center: 'initial', restart: 1, resolution: 5 },
    });
    const slice = networkSlice(p, results);
    const v = networkVariant(p);
    const ws = gridWorkspace(slice.net, v.dataset);
    const theta = new Float64Array(2);
    for (const path of projectPaths(slice, results)) {
      for (let k = 0; k < path.x.length; k++) {
        expect(path.offPlane[k]).toBe(0);
        pointAt(slice.plane, path.x[k]!, path.y[k]!, theta);
        expect(wholeSetLoss(slice.net, v.dataset, theta, ws)).toBeCloseTo(path.loss[k]!, 12);
      }
    }
  });

  it('the random plane uses filter-normalized directions: each unit block as long as the center\'s, biases zero', () => {
    const { p, results } = run(experiment({ plane: 'random', restart: 2 }));
    const slice = networkSlice(p, results);
    const net = slice.net;
    for (const d of [slice.plane.d1, slice.plane.d2!]) {
      for (let l = 0; l < net.layers; l++) {
        const m = net.sizes[l]!;
        const n = net.sizes[l + 1]!;
        for (let j = 0; j < n; j++) {
          const block = (v: Float64Array) => Array.from({ length: m }, (_, i) => v[net.kernelOffset[l]! + i * n + j]!);
          expect(norm(block(d))).toBeCloseTo(norm(block(slice.plane.center)), 12);
          expect(d[net.biasOffset[l]! + j]).toBe(0);
        }
      }
    }
    const again = networkSlice(p, results);
    expect(Array.from(again.plane.d1)).toEqual(Array.from(slice.plane.d1)); // the direction seed fixes the plane
  });

  it('pca finds the plane of points that lie in one, explaining all their variance', () => {
    const size = 6;
    const s = new Stream('pca');
    const u = Float64Array.from({ length: size }, () => s.normal());
    const w = Float64Array.from({ length: size }, () => s.normal());
    const count = 50;
    const points = new Float64Array(count * size);
    for (let k = 0; k < count; k++) {
      const a = 3 * s.normal();
      const b = s.normal();
      for (let i = 0; i < size; i++) points[k * size + i] = 1 + a * u[i]! + b * w[i]!;
    }
    const plane = pcaPlane(points, count, size, 'auto', 9);
    expect(plane.explained![0] + plane.explained![1]).toBeCloseTo(1, 10);
    expect(plane.explained![0]).toBeGreaterThan(plane.explained![1]);
    expect(dot(plane.d1, plane.d1)).toBeCloseTo(1, 12);
    expect(dot(plane.d1, plane.d2!)).toBeCloseTo(0, 10);
    for (let k = 0; k < count; k++) expect(project(plane, points.subarray(k * size, (k + 1) * size)).offPlane).toBeLessThan(1e-9);
  });

  it('interpolate gives the loss along the segment and the barrier between the two final points', () => {
    const { p, results } = run(experiment({ plane: 'interpolate', restarts: [0, 3], resolution: 21, extent: 0.5 }));
    const slice = networkSlice(p, results);
    const grid = sliceGrid(slice);
    expect(grid.length).toBe(21);
    const b = barrier(slice, grid);
    const finalLoss = (i: number) => results[i]!.records.loss[results[i]!.records.count - 1]!;
    expect(b.ends[0]).toBeCloseTo(finalLoss(0), 12);
    expect(b.ends[1]).toBeCloseTo(finalLoss(3), 12);
    expect(grid[0]).toBeCloseTo(finalLoss(0), 12); // α = 0 is the first grid point when extent is 0.5
    expect(grid[20]).toBeCloseTo(finalLoss(3), 12);
    expect(b.height).toBe(Math.max(0, Math.max(...Array.from(grid.subarray(1, 20))) - Math.max(...b.ends)));
  });

  it('refuses collinear endpoints after the run, naming the field', () => {
    const { p, results } = run(experiment({ plane: 'endpoints', restarts: [0, 1, 2] }, { seeds: { init: 'same', order: 'same' } }));
    expect(() => networkSlice(p, results)).toThrow(LandscapeError);
    expect(() => networkSlice(p, results)).toThrow('landscape.restarts: the first two final points coincide; no plane passes through them');
  });
});

describe('landscape blocks that cannot be honoured are refused before the run', () => {
  it.each([
    [{ plane: 'weights', params: [0, 99] }, {}, 'landscape.params: expected parameter indices below 21 (the 2-5-1 network\'s parameters), found 99'],
    [{ plane: 'weights', params: [3, 3] }, {}, 'landscape.params: expected two different parameters, found [3,3]'],
    [{ plane: 'weights', params: [0] }, {}, 'landscape.params: expected 2 parameter indices, found 1'],
    [{ plane: 'random', restart: 5 }, {}, 'landscape.restart: expected restart indices below 5 (the experiment\'s restarts), found 5'],
    [{ plane: 'endpoints', restarts: [0, 1, 1] }, {}, 'landscape.restarts: expected different restarts (the same final point twice spans no plane), found [0,1,1]'],
    [{ plane: 'interpolate', restarts: [0, 1, 2] }, {}, 'landscape.restarts: expected 2 restart indices, found 3'],
    [{ plane: 'pca', resolution: 300 }, {}, 'landscape.resolution: expected an integer <= 257 (the limit on grid resolution), found 300'],
    [{ plane: 'pca' }, { record: { every: 'epoch', params: 'ends' } }, 'record.params: expected "all" with a landscape block (every recorded point is projected onto the plane), found "ends"'],
    [{ plane: 'pca', variant: 'nope' }, {}, 'landscape.variant: expected one of the variants\' labels (null), found "nope"'],
    [{ plane: 'hessian' }, {}, 'landscape.plane: expected one of "weights", "random", "pca", "endpoints", "interpolate", found "hessian"'],
    [{ plane: 'pca', extent: -1 }, {}, 'landscape.extent: expected a number > 0, found -1'],
  ])('%j', (landscape, extra, message) => {
    expect(problemsOf(experiment(landscape, extra))).toEqual([message]);
  });

  it('refuses a grid over the work limit, with the limit', () => {
    const big = experiment({ plane: 'pca', resolution: 257 }, { problem: { type: 'network', dataset: { kind: 'moons', samples: 100000 }, model: { hidden: [64, 64] } } });
    expect(problemsOf(big)).toEqual(['landscape.resolution: a 257×257 grid over 100000 samples of a 4417-parameter network is 2.92e+13 multiply-adds; the limit is 2e+10']);
  });

  it('refuses a landscape block on a function problem', () => {
    expect(problemsOf({ format: 'landscape-lab/experiment@1', problem: { type: 'function', function: { name: 'sphere' } }, landscape: { plane: 'pca' } })).toEqual([
      'landscape: expected no landscape block for a function problem (a function is drawn over its domain without one)',
    ]);
  });
});

describe('axis', () => {
  it('spans −extent to extent with exact ends (interpolate: around 0.5)', () => {
    const net = createMlp([1, 1], 'linear', 'linear');
    void net;
    expect(axis({ kind: 'pca', center: new Float64Array(1), d1: new Float64Array(1), d2: new Float64Array(1), extent: 2, resolution: 5 })).toEqual([-2, -1, 0, 1, 2]);
    expect(axis({ kind: 'interpolate', center: new Float64Array(1), d1: new Float64Array(1), d2: null, extent: 0.75, resolution: 4 })).toEqual([-0.25, 0.25, 0.75, 1.25]);
  });
});
