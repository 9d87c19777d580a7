import { describe, expect, it } from 'vitest';
import { datasetHash, type Dataset } from '../../../core/data/dataset';
import { generateDataset } from '../../../core/data/generate';
import type { DatasetSpec } from '../../../core/experiment/schema';
import { Stream } from '../../../core/rng/stream';

type GeneratedSpec = Exclude<DatasetSpec, { kind: 'csv' }>;

function generate(spec: GeneratedSpec, key = 'data'): Dataset {
  return generateDataset(spec, new Stream(key));
}

/** How many samples carry each label 0..classes-1. */
function labelCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.classes ?? 0).fill(0);
  for (const v of d.y) counts[v]!++;
  return counts;
}

/** The 2-D points of a dataset with their labels. */
function points(d: Dataset): { x: number; y: number; label: number }[] {
  return Array.from(d.y, (label, i) => ({ x: d.x[2 * i]!, y: d.x[2 * i + 1]!, label }));
}

const TWO_D = { features: 2, targets: 1, featureNames: ['x1', 'x2'], targetName: 'y' };

describe.each<[string, GeneratedSpec]>([
  ['xor', { kind: 'xor', samples: 201, noise: 0.1 }],
  ['circles', { kind: 'circles', samples: 201, noise: 0.1, factor: 0.5 }],
  ['moons', { kind: 'moons', samples: 201, noise: 0.1 }],
  ['spirals', { kind: 'spirals', samples: 201, noise: 0.1 }],
  ['gaussians', { kind: 'gaussians', samples: 201, noise: 0.3, classes: 4 }],
  ['sine', { kind: 'sine', samples: 201, noise: 0.1 }],
])('%s', (_, spec) => {
  it('is deterministic for a stream key', () => {
    expect(generate(spec, 'k')).toEqual(generate(spec, 'k'));
  });

  it('differs for another stream key', () => {
    const a = generate(spec, 'k');
    const b = generate(spec, 'other');
    expect(a.x).not.toEqual(b.x);
  });

  it('has samples rows of finite values', () => {
    const d = generate(spec);
    expect(d.samples).toBe(201);
    expect(d.y.length).toBe(201);
    expect(d.x.length).toBe(201 * d.features);
    expect(d.x.every(Number.isFinite) && d.y.every(Number.isFinite)).toBe(true);
  });
});

describe('xor', () => {
  it('has 2 features and 2 classes', () => {
    expect(generate({ kind: 'xor', samples: 100, noise: 0.1 })).toMatchObject({ ...TWO_D, classes: 2, samples: 100 });
  });

  it('without noise labels a point 1 exactly when its coordinates have opposite signs, inside the square (-1, 1)²', () => {
    const d = generate({ kind: 'xor', samples: 2000, noise: 0 });
    for (const p of points(d)) {
      expect(Math.abs(p.x) < 1 && Math.abs(p.y) < 1).toBe(true);
      expect(p.label).toBe(p.x > 0 !== p.y > 0 ? 1 : 0);
    }
  });

  it('has roughly balanced labels', () => {
    const [zeros, ones] = labelCounts(generate({ kind: 'xor', samples: 2000, noise: 0.1 }));
    // Binomial(2000, 1/2): sd 22.4; bound 5 sd.
    expect(zeros! + ones!).toBe(2000);
    expect(Math.abs(ones! - 1000)).toBeLessThan(112);
  });
});

describe('circles', () => {
  it('has 2 features, 2 classes, floor(n/2) outer points and the rest inner', () => {
    const d = generate({ kind: 'circles', samples: 201, noise: 0.1, factor: 0.5 });
    expect(d).toMatchObject({ ...TWO_D, classes: 2 });
    expect(labelCounts(d)).toEqual([100, 101]);
  });

  it('without noise puts class 0 on the unit circle and class 1 on the circle of radius factor', () => {
    const d = generate({ kind: 'circles', samples: 101, noise: 0, factor: 0.3 });
    for (const p of points(d)) expect(Math.hypot(p.x, p.y)).toBeCloseTo(p.label === 0 ? 1 : 0.3, 12);
  });

  it('without noise spaces each circle evenly from angle 0', () => {
    const d = generate({ kind: 'circles', samples: 11, noise: 0, factor: 0.5 });
    for (const [label, m] of [
      [0, 5],
      [1, 6],
    ] as const) {
      const angles = points(d)
        .filter((p) => p.label === label)
        .map((p) => (Math.atan2(p.y, p.x) + 2 * Math.PI) % (2 * Math.PI))
        .sort((a, b) => a - b);
      angles.forEach((t, k) => expect(t).toBeCloseTo((2 * Math.PI * k) / m, 12));
    }
  });

  it('shuffles the rows so the classes interleave', () => {
    const y = Array.from(generate({ kind: 'circles', samples: 200, noise: 0.1, factor: 0.5 }).y);
    expect(y.slice(0, 100)).not.toEqual(new Array(100).fill(0));
  });
});

describe('moons', () => {
  it('has 2 features, 2 classes and floor(n/2) points in the first moon', () => {
    const d = generate({ kind: 'moons', samples: 201, noise: 0.1 });
    expect(d).toMatchObject({ ...TWO_D, classes: 2 });
    expect(labelCounts(d)).toEqual([100, 101]);
  });

  it('without noise puts points on two unit half-circles centred at (-0.5, -0.25) and (0.5, 0.25)', () => {
    const d = generate({ kind: 'moons', samples: 200, noise: 0 });
    for (const p of points(d)) {
      if (p.label === 0) {
        // Upper half of the circle around (-0.5, -0.25).
        expect(Math.hypot(p.x + 0.5, p.y + 0.25)).toBeCloseTo(1, 12);
        expect(p.y + 0.25).toBeGreaterThanOrEqual(-1e-12);
      } else {
        // Lower half of the circle around (0.5, 0.25).
        expect(Math.hypot(p.x - 0.5, p.y - 0.25)).toBeCloseTo(1, 12);
        expect(p.y - 0.25).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('without noise runs each moon from end to end of its half-circle', () => {
    const ps = points(generate({ kind: 'moons', samples: 20, noise: 0 }));
    const has = (x: number, y: number, label: number) =>
      ps.some((p) => p.label === label && Math.abs(p.x - x) < 1e-12 && Math.abs(p.y - y) < 1e-12);
    expect(has(0.5, -0.25, 0) && has(-1.5, -0.25, 0)).toBe(true);
    expect(has(-0.5, 0.25, 1) && has(1.5, 0.25, 1)).toBe(true);
  });
});

describe('spirals', () => {
  it('has 2 features, 2 classes and floor(n/2) points in the first arm', () => {
    const d = generate({ kind: 'spirals', samples: 201, noise: 0.1 });
    expect(d).toMatchObject({ ...TWO_D, classes: 2 });
    expect(labelCounts(d)).toEqual([100, 101]);
  });

  it('without noise puts each point on its arm: r (sin t, cos t) with t = 2.5π r + π·class', () => {
    const d = generate({ kind: 'spirals', samples: 200, noise: 0 });
    for (const p of points(d)) {
      const r = Math.hypot(p.x, p.y);
      const t = 2.5 * Math.PI * r + p.label * Math.PI;
      expect(r).toBeLessThan(1);
      expect(p.x).toBeCloseTo(r * Math.sin(t), 12);
      expect(p.y).toBeCloseTo(r * Math.cos(t), 12);
    }
  });

  it('without noise spaces each arm evenly in radius from 0', () => {
    const d = generate({ kind: 'spirals', samples: 10, noise: 0 });
    for (const label of [0, 1]) {
      const radii = points(d)
        .filter((p) => p.label === label)
        .map((p) => Math.hypot(p.x, p.y))
        .sort((a, b) => a - b);
      radii.forEach((r, k) => expect(r).toBeCloseTo(k / 5, 12));
    }
  });
});

describe('gaussians', () => {
  it.each([2, 3, 7])('has %i classes, balanced to within one sample', (classes) => {
    const d = generate({ kind: 'gaussians', samples: 100, noise: 0.3, classes });
    expect(d).toMatchObject({ ...TWO_D, classes });
    const counts = labelCounts(d);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('without noise puts class c at angle 2πc/k on the unit circle', () => {
    const d = generate({ kind: 'gaussians', samples: 30, noise: 0, classes: 5 });
    for (const p of points(d)) {
      expect(p.x).toBeCloseTo(Math.cos((2 * Math.PI * p.label) / 5), 14);
      expect(p.y).toBeCloseTo(Math.sin((2 * Math.PI * p.label) / 5), 14);
    }
  });

  it('spreads each class with stddev noise around its centre', () => {
    const d = generate({ kind: 'gaussians', samples: 20_000, noise: 0.3, classes: 3 });
    let sum2 = 0;
    for (const p of points(d)) {
      const t = (2 * Math.PI * p.label) / 3;
      sum2 += (p.x - Math.cos(t)) ** 2 + (p.y - Math.sin(t)) ** 2;
    }
    // 40,000 squared N(0, 0.09) deviations: relative standard error sqrt(2/40000) = 0.71%; bound 5 of them.
    expect(Math.abs(sum2 / 40_000 / 0.09 - 1)).toBeLessThan(5 * Math.sqrt(2 / 40_000));
  });
});

describe('sine', () => {
  it('is a 1-feature regression set', () => {
    expect(generate({ kind: 'sine', samples: 50, noise: 0.1 })).toMatchObject({
      features: 1,
      targets: 1,
      classes: null,
      featureNames: ['x'],
      targetName: 'y',
    });
  });

  it('without noise has y = sin x for x in (-π, π)', () => {
    const d = generate({ kind: 'sine', samples: 500, noise: 0 });
    for (let i = 0; i < 500; i++) {
      expect(Math.abs(d.x[i]!)).toBeLessThan(Math.PI);
      expect(d.y[i]).toBe(Math.sin(d.x[i]!));
    }
  });
});

describe('iris', () => {
  const iris = generate({ kind: 'iris' });

  it('has 150 rows, 4 features and 3 classes of 50', () => {
    expect(iris).toMatchObject({ samples: 150, features: 4, targets: 1, classes: 3, targetName: 'species' });
    expect(iris.x.length).toBe(600);
    expect(iris.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(labelCounts(iris)).toEqual([50, 50, 50]);
  });

  it("has the column means of Fisher's data", () => {
    // Column sums 876.5, 458.6, 563.7 and 179.9 over 150 rows.
    const expected = [5.843333333333334, 3.0573333333333332, 3.758, 1.1993333333333334];
    for (let c = 0; c < 4; c++) {
      let sum = 0;
      for (let r = 0; r < 150; r++) sum += iris.x[r * 4 + c]!;
      expect(sum / 150).toBeCloseTo(expected[c]!, 12);
    }
  });

  it('does not depend on the stream', () => {
    expect(generate({ kind: 'iris' }, 'other')).toEqual(iris);
  });
});

describe('datasetHash', () => {
  const spec: GeneratedSpec = { kind: 'moons', samples: 100, noise: 0.1 };

  it('is 16 hex digits, equal for equal data built separately', () => {
    const h = datasetHash(generate(spec, 'hash'));
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(datasetHash(generate(spec, 'hash'))).toBe(h);
  });

  it('changes when one input value changes by one ulp', () => {
    const d = generate(spec, 'hash');
    const x = Float64Array.from(d.x);
    x[137] = x[137]! + Math.abs(x[137]!) * Number.EPSILON;
    expect(x[137]).not.toBe(d.x[137]);
    expect(datasetHash({ ...d, x })).not.toBe(datasetHash(d));
  });

  it('changes when one label changes', () => {
    const d = generate(spec, 'hash');
    const y = Float64Array.from(d.y);
    y[42] = 1 - y[42]!;
    expect(datasetHash({ ...d, y })).not.toBe(datasetHash(d));
  });

  it('changes with the number of classes', () => {
    const d = generate(spec, 'hash');
    expect(datasetHash({ ...d, classes: 3 })).not.toBe(datasetHash(d));
  });

  it('reads only the viewed part of a subarray', () => {
    const d = generate(spec, 'hash');
    const padded = new Float64Array(d.x.length + 2);
    padded.set(d.x, 1);
    padded[0] = 99;
    expect(datasetHash({ ...d, x: padded.subarray(1, 1 + d.x.length) })).toBe(datasetHash(d));
  });
});
