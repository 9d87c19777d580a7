import { describe, expect, it } from 'vitest';
import { buildObjective, knownMinima } from '../../../core/functions/build';
import { BUILTIN_NAMES, BUILTINS, MAX_MINIMA, STYBLINSKI_TANG_ARGMIN, STYBLINSKI_TANG_MIN } from '../../../core/functions/builtin';
import { FormulaError } from '../../../core/functions/expression';
import { clip, type Domain, distance, numericGradient } from '../../../core/functions/objective';
import { Stream } from '../../../core/rng/stream';

const ND = ['sphere', 'rastrigin', 'ackley', 'griewank', 'rosenbrock', 'styblinski_tang', 'egg_crate'] as const;
const FIXED_2D = ['himmelblau', 'six_hump_camel', 'beale', 'booth'] as const;

/** The dimensions each function is checked in: 2, and 3 and 5 for the n-D ones. */
const dimensionsOf = (name: string): number[] => (BUILTINS[name]!.fixed2D ? [2] : [2, 3, 5]);
const cases = BUILTIN_NAMES.flatMap((name) => dimensionsOf(name).map((n) => [name, n] as const));

const valueAt = (name: string, p: readonly number[]): number => BUILTINS[name]!.value(Float64Array.from(p));
function gradientAt(name: string, p: readonly number[]): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  BUILTINS[name]!.gradient(Float64Array.from(p), out);
  return out;
}
const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, a) => s + a * a, 0));

/** |actual − expected| ≤ tol; NaN and ±Infinity never pass (the comparison is false for NaN). */
function expectNear(actual: number, expected: number, tol: number, what = ''): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol)) expect.fail(`${what}: expected ${expected} ± ${tol}, found ${actual} (off by ${err})`);
}

describe('the list of built-ins', () => {
  it('names the eleven functions in the documented order', () => {
    expect(BUILTIN_NAMES).toEqual(['sphere', 'rastrigin', 'ackley', 'griewank', 'rosenbrock', 'styblinski_tang', 'himmelblau', 'six_hump_camel', 'beale', 'booth', 'egg_crate']);
  });

  it('marks the fixed 2-D functions and the minimum dimensions', () => {
    for (const name of FIXED_2D) expect([name, BUILTINS[name]!.fixed2D, BUILTINS[name]!.minDimensions]).toEqual([name, true, 2]);
    for (const name of ND) expect([name, BUILTINS[name]!.fixed2D]).toEqual([name, false]);
  });

  it('rosenbrock needs at least 2 dimensions; the other n-D functions 1', () => {
    // In 1-D the sum over consecutive pairs is empty, so the function would be 0 everywhere.
    expect(BUILTINS.rosenbrock!.minDimensions).toBe(2);
    for (const name of ND.filter((n) => n !== 'rosenbrock')) expect([name, BUILTINS[name]!.minDimensions]).toEqual([name, 1]);
  });
});

// Each function's textbook formula (Surjanovic & Bingham's VLSE; egg_crate is the lab's own
// Σ sin²(π·x_i)) evaluated independently in Python 3.11's decimal module at 60 significant digits:
// sin and cos by their Taylor series after reduction modulo 2π (π by the decimal docs' recipe),
// exp and sqrt by Decimal's own; each coordinate converted exactly from its double, Decimal(float(c)),
// and the result rounded once to the nearest double (repr(float(v))). Spot-checked against mpmath at
// 40 digits. A float64 evaluation of these few-term formulas is within a few ulps of the largest
// intermediate (ackley's 20 + e, griewank's x²/4000 ≈ 90, beale's 1.2e5); the worst measured error
// was 2e-15 relative, so 1e-13 × max(1, |f|) is tight yet never flaky.
const TEXTBOOK: Record<string, [number[], number][]> = {
  sphere: [
    [[1.5, -2.25], 7.3125],
    [[-4.9, 3.3], 34.900000000000006],
    [[0.1, 0.2], 0.05],
    [[1.5, -2.25, 3.75], 21.375],
    [[0.3, -1.7, 2.9, -4.1, 5.0], 53.199999999999996],
  ],
  rastrigin: [
    [[1.3, -0.7], 28.360339887498952],
    [[-4.52, 2.49], 66.53191429742749],
    [[0.05, 5.12], 29.416648562834354],
    [[0.5, -1.25, 3.3], 55.79266994374946],
    [[0.3, -1.7, 2.9, -4.1, 5.0], 83.19999999999999],
  ],
  ackley: [
    [[1.3, -0.7], 5.753062416420399],
    [[-20.5, 7.25], 21.188052476149938],
    [[0.01, -0.02], 0.07651187471226548],
    [[3.3, -12.7, 31.1], 21.246770004294056],
    [[0.3, -1.7, 2.9, -4.1, 5.0], 10.81036410640032],
  ],
  griewank: [
    [[1.3, -0.7], 0.7651511920369847],
    [[123.4, -456.7], 56.44146415124451],
    [[-599.9, 3.14], 90.37394087615759],
    [[10.0, -20.0, 30.0], 1.3498259985114276],
    [[100.5, -200.25, 3.3, -4.4, 550.0], 89.296143219228],
  ],
  rosenbrock: [
    [[1.3, -0.7], 571.3000000000001],
    [[-1.5, 2.0], 12.5],
    [[0.9, 0.8], 0.019999999999999987],
    [[0.5, -1.25, 2.0], 249.453125],
    [[0.3, -1.7, 1.9, -0.1, 2.0], 2200.64],
  ],
  styblinski_tang: [
    [[1.3, -0.7], -14.3919],
    [[-4.9, 3.3], 64.33610000000004],
    [[-2.9, -2.9], -78.3319],
    [[0.5, -1.25, 4.0], -5.123046875],
    [[0.3, -1.7, 2.9, -4.1, 5.0], 73.73219999999998],
  ],
  himmelblau: [
    [[1.3, -0.7], 127.3442],
    [[-4.9, 3.3], 267.0362000000001],
    [[2.5, 2.5], 8.125],
  ],
  six_hump_camel: [
    [[1.3, -0.7], 0.4615263333333333],
    [[-2.9, 1.9], 115.5638303333333],
    [[0.1, 0.7], -0.8898096666666666],
  ],
  beale: [
    [[1.3, -0.7], 3.7954858099999997],
    [[-4.4, 4.3], 123266.32334963999],
    [[2.5, 0.4], 0.10372500000000003],
  ],
  booth: [
    [[1.3, -0.7], 60.019999999999996],
    [[-9.9, 8.8], 256.49],
    [[1.5, 2.5], 0.5],
  ],
  egg_crate: [
    [[1.3, -0.7], 1.3090169943749477],
    [[-2.4, 0.25], 1.4045084971874735],
    [[0.5, 2.0], 1.0],
    [[0.5, -1.25, 2.1], 1.5954915028125265],
    [[0.3, -1.7, 2.2, -0.1, 1.5], 2.7500000000000004],
  ],
};

describe('each built-in matches its textbook formula', () => {
  it.each(BUILTIN_NAMES.map((name) => [name]))('%s', (name) => {
    const points = TEXTBOOK[name]!;
    // The n-D functions are checked in 3 and 5 dimensions as well as 2.
    expect(new Set(points.map(([p]) => p.length))).toEqual(new Set(dimensionsOf(name)));
    for (const [p, want] of points) expectNear(valueAt(name, p), want, 1e-13 * Math.max(1, Math.abs(want)), `${name}(${p})`);
  });
});

describe('standard domains', () => {
  const STANDARD: Record<string, [number, number][]> = {
    sphere: [[-5.12, 5.12]],
    rastrigin: [[-5.12, 5.12]],
    ackley: [[-32.768, 32.768]],
    griewank: [[-600, 600]],
    rosenbrock: [[-2.048, 2.048]],
    styblinski_tang: [[-5, 5]],
    egg_crate: [[-2.5, 2.5]],
    himmelblau: [[-5, 5], [-5, 5]],
    six_hump_camel: [[-3, 3], [-2, 2]],
    beale: [[-4.5, 4.5], [-4.5, 4.5]],
    booth: [[-10, 10], [-10, 10]],
  };

  it.each(cases)('%s in %i dimensions', (name, n) => {
    const want = BUILTINS[name]!.fixed2D ? STANDARD[name] : Array.from({ length: n }, () => STANDARD[name]![0]);
    expect(BUILTINS[name]!.domain(n)).toEqual(want);
  });
});

/** The global minima each function lists in its standard domain. */
/** The minima a built-in lists on its standard domain (none of these has too many to list). */
const minimaOf = (name: string, n: number) => {
  const listed = BUILTINS[name]!.minima(n, BUILTINS[name]!.domain(n));
  if (listed === null) throw new Error(`${name} in ${n} dimensions lists no minima`);
  return listed;
};

describe('the listed minima against independent values', () => {
  // Python decimal at 60 digits, Newton's method on 4x³ − 32x + 5 from −2.9 (100 steps), then rounded
  // once to the nearest double: both listed constants are the correctly rounded values.
  it('styblinski_tang: the 1-D argmin and minimum', () => {
    expect(STYBLINSKI_TANG_ARGMIN).toBe(-2.903534027771177);
    expect(STYBLINSKI_TANG_MIN).toBe(-39.16616570377141);
  });

  it('styblinski_tang: n copies of the 1-D minimiser, n times the 1-D minimum', () => {
    for (const n of [1, 2, 3, 5]) {
      const [m, ...rest] = minimaOf('styblinski_tang', n);
      expect(rest).toEqual([]);
      expect(m!.position).toEqual(Array.from({ length: n }, () => -2.903534027771177));
      // n·min in decimal: −78.33233140754282 (2), −117.49849711131425 (3), −195.8308285188571 (5).
      const want = { 1: -39.16616570377141, 2: -78.33233140754282, 3: -117.49849711131425, 5: -195.8308285188571 }[n]!;
      expectNear(m!.value, want, 1e-15 * Math.abs(want), `styblinski_tang ${n}-D minimum`);
    }
  });

  // Python decimal at 60 digits, 2-D Newton's method on the gradient (200 steps) from a rough guess near
  // each minimum, rounded once to doubles; the residual value there was below 1e-117.
  it('himmelblau: the four minima', () => {
    expect(minimaOf('himmelblau', 2)).toEqual([
      { position: [3, 2], value: 0 },
      { position: [-2.805118086952745, 3.131312518250573], value: 0 },
      { position: [-3.779310253377747, -3.2831859912861696], value: 0 },
      { position: [3.5844283403304917, -1.8481265269644036], value: 0 },
    ]);
  });

  // As for himmelblau; the value at the decimal minimiser is −1.0316284534898773504…
  it('six_hump_camel: the two minima', () => {
    expect(minimaOf('six_hump_camel', 2)).toEqual([
      { position: [0.08984201310031806, -0.7126564030207396], value: -1.0316284534898774 },
      { position: [-0.08984201310031806, 0.7126564030207396], value: -1.0316284534898774 },
    ]);
  });

  it('the rest: origin, ones and the integer points', () => {
    for (const name of ['sphere', 'rastrigin', 'ackley', 'griewank']) {
      expect(minimaOf(name, 3)).toEqual([{ position: [0, 0, 0], value: 0 }]);
    }
    expect(minimaOf('rosenbrock', 3)).toEqual([{ position: [1, 1, 1], value: 0 }]);
    expect(minimaOf('beale', 2)).toEqual([{ position: [3, 0.5], value: 0 }]);
    expect(minimaOf('booth', 2)).toEqual([{ position: [1, 3], value: 0 }]);
  });
});

// Minima at exactly representable points (the origin, ones, (3, 0.5), (1, 3), integers) have a
// gradient of exactly 0 up to the rounding of sin at a multiple of π (egg_crate's π·sin(2πk) ≈ 1e-15),
// so 1e-14 there. Himmelblau's, the camel's and Styblinski–Tang's minimisers are rounded to doubles:
// an offset δ of half an ulp (≤ 4.4e-16 at |x| < 4) times Hessian entries up to ~120 (himmelblau at
// (−3.78, −3.28)) plus rounding in x² − 11 gives ~1e-13, so 1e-12 there. Values: 1e-12 absolute for a
// minimum of 0 and relative for the others (the second-order change from δ is ~1e-29).
const ROUNDED_MINIMA = new Set(['himmelblau', 'six_hump_camel', 'styblinski_tang']);

describe('at every listed minimum the value is the listed one and the gradient vanishes', () => {
  it.each(cases)('%s in %i dimensions', (name, n) => {
    const minima = minimaOf(name, n);
    expect(minima.length).toBeGreaterThan(0);
    const gradTol = ROUNDED_MINIMA.has(name) ? 1e-12 : 1e-14;
    for (const m of minima) {
      expect(m.position).toHaveLength(n);
      expectNear(valueAt(name, m.position), m.value, 1e-12 * Math.max(1, Math.abs(m.value)), `${name} value at ${m.position}`);
      expectNear(norm(gradientAt(name, m.position)), 0, gradTol, `${name} |gradient| at ${m.position}`);
    }
  });

  it('ackley: the gradient at exactly the origin is 0, not NaN (the cone tip)', () => {
    for (const n of [1, 2, 5]) expect(Array.from(gradientAt('ackley', new Array<number>(n).fill(0)))).toEqual(new Array<number>(n).fill(0));
  });

  it('ackley: the value at the origin is 0 to rounding', () => {
    expectNear(valueAt('ackley', [0, 0]), 0, 1e-15, 'ackley(0, 0)');
  });
});

/** Every point of a grid with `k` intervals per axis over `domain`, passed to `visit` (the array is reused). */
function forGrid(domain: Domain, k: number, visit: (x: Float64Array) => void): void {
  const n = domain.length;
  const idx = new Array<number>(n).fill(0);
  const x = new Float64Array(n);
  for (;;) {
    for (let d = 0; d < n; d++) x[d] = domain[d]![0] + ((domain[d]![1] - domain[d]![0]) * idx[d]!) / k;
    visit(x);
    let d = 0;
    while (d < n && ++idx[d]! > k) idx[d++] = 0;
    if (d === n) return;
  }
}

describe('the listed minima are global over a dense grid of the standard domain', () => {
  // 401×401 points in 2-D and 81³ in 3-D. No grid value may lie below the listed minimum (less a
  // rounding slack of 1e-12·max(1, |min|)). In 2-D the best grid point must also lie within one grid
  // cell of a listed minimiser, so a listed minimum that is only local (or a missing one) is caught; in
  // 3-D the grid is too coarse for that (rosenbrock's best grid point lies 0.28 along its curved valley).
  const gridCases = [...BUILTIN_NAMES.map((name) => [name, 2, 400] as const), ...ND.map((name) => [name, 3, 80] as const)];
  it.each(gridCases)('%s in %i dimensions (%i intervals per axis)', (name, n, k) => {
    const b = BUILTINS[name]!;
    const domain = b.domain(n);
    const minima = minimaOf(name, n);
    const lowest = Math.min(...minima.map((m) => m.value));
    let best = Infinity;
    let bestAt: number[] = [];
    forGrid(domain, k, (x) => {
      const v = b.value(x);
      if (v < best) {
        best = v;
        bestAt = Array.from(x);
      }
    });
    expect(best).toBeGreaterThanOrEqual(lowest - 1e-12 * Math.max(1, Math.abs(lowest)));
    if (n === 2) {
      const cell = Math.sqrt(domain.reduce((s, [lo, hi]) => s + ((hi - lo) / k) ** 2, 0));
      const nearest = Math.min(...minima.map((m) => distance(bestAt, m.position)));
      expect(nearest).toBeLessThanOrEqual(cell);
    }
  });
});

describe('analytic gradients match central finite differences', () => {
  // 200 seeded uniform points per function and dimension. The fourth-order central difference
  // (8(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))) / 12h with h = 1e-3 has truncation error h⁴·|f⁽⁵⁾|/30
  // (≤ 3e-9 for rastrigin's 10(2π)⁵; zero for the quartics) and rounding error ~1.5·eps·|f|/h (≤ 4e-8
  // for beale's |f| ≤ 1.8e5, where |∇f| is itself ~1e5). Measured against (|∂f| + 1) the worst was 6e-10
  // (ackley); 1e-8 leaves margin, while a wrong coefficient or a dropped term is off by 1e-3 or more.
  const h = 1e-3;
  it.each(cases)('%s in %i dimensions', (name, n) => {
    const b = BUILTINS[name]!;
    const domain = b.domain(n);
    const s = new Stream(`functions/fd/${name}/${n}`);
    const g = new Float64Array(n);
    for (let k = 0; k < 200; k++) {
      const x = Float64Array.from(domain, ([lo, hi]) => lo + (hi - lo) * s.uniform());
      b.gradient(x, g);
      for (let i = 0; i < n; i++) {
        const keep = x[i]!;
        const f = (d: number) => {
          x[i] = keep + d;
          const v = b.value(x);
          x[i] = keep;
          return v;
        };
        const fd = (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
        expectNear(g[i]!, fd, 1e-8 * (Math.abs(fd) + 1), `${name} ∂${i} at ${Array.from(x)}`);
      }
    }
  });
});

describe('egg_crate minima', () => {
  const integerPoints = (n: number, lo: number, hi: number): number[][] => {
    let points: number[][] = [[]];
    for (let i = 0; i < n; i++) points = points.flatMap((p) => Array.from({ length: hi - lo + 1 }, (_, k) => [...p, lo + k]));
    return points;
  };
  const positions = (ms: readonly { position: readonly number[] }[] | null) => (ms === null ? null : ms.map((m) => m.position.join(',')).sort());

  it('are the 25 integer points of [−2.5, 2.5]², all of value 0', () => {
    const ms = knownMinima('egg_crate', 2, BUILTINS.egg_crate!.domain(2))!;
    expect(positions(ms)).toEqual(positions(integerPoints(2, -2, 2).map((position) => ({ position }))));
    expect(ms.every((m) => m.value === 0)).toBe(true);
  });

  it('are the 125 integer points of [−2.5, 2.5]³', () => {
    const ms = knownMinima('egg_crate', 3, BUILTINS.egg_crate!.domain(3));
    expect(positions(ms)).toEqual(positions(integerPoints(3, -2, 2).map((position) => ({ position }))));
  });

  it('include integer points on the domain boundary', () => {
    expect(knownMinima('egg_crate', 2, [[-2, 2], [0, 1]])).toHaveLength(10);
  });

  it('are listed in 5-D (3,125 minima)', () => {
    expect(knownMinima('egg_crate', 5, BUILTINS.egg_crate!.domain(5))).toHaveLength(3125);
  });

  it('are not listed in 6-D: 15,625 exceeds MAX_MINIMA', () => {
    expect(MAX_MINIMA).toBe(10_000);
    expect(knownMinima('egg_crate', 6, BUILTINS.egg_crate!.domain(6))).toBeNull();
  });

  it('exactly MAX_MINIMA minima are still listed', () => {
    expect(knownMinima('egg_crate', 1, [[1, 10_000]])).toHaveLength(10_000);
  });

  it('one more than MAX_MINIMA is not', () => {
    expect(knownMinima('egg_crate', 1, [[0, 10_000]])).toBeNull();
  });

  // null means "more than MAX_MINIMA"; a box with no integer point has none, which is an empty list.
  it('a box with no integer point has no minima (an empty list, not null)', () => {
    expect(knownMinima('egg_crate', 2, [[0.2, 0.8], [0.2, 0.8]])).toEqual([]);
  });

  it('a box with many integers on one axis but none on another has no minima (not null)', () => {
    expect(knownMinima('egg_crate', 2, [[0, 20_000], [0.2, 0.8]])).toEqual([]);
  });
});

describe('knownMinima filters to a custom domain', () => {
  it('himmelblau on [0, 5] × [−5, 5] keeps the 2 minima with x ≥ 0', () => {
    expect(knownMinima('himmelblau', 2, [[0, 5], [-5, 5]])!.map((m) => m.position)).toEqual([
      [3, 2],
      [3.5844283403304917, -1.8481265269644036],
    ]);
  });

  it('himmelblau on [0, 5]² keeps only (3, 2)', () => {
    expect(knownMinima('himmelblau', 2, [[0, 5], [0, 5]])!.map((m) => m.position)).toEqual([[3, 2]]);
  });

  it('keeps a minimum on the boundary of the box', () => {
    expect(knownMinima('booth', 2, [[1, 2], [3, 4]])).toEqual([{ position: [1, 3], value: 0 }]);
  });

  it('drops a minimum just outside the box', () => {
    expect(knownMinima('rosenbrock', 3, [[-1, 1], [-1, 1], [-1, 0.999]])).toEqual([]);
  });

  it('keeps minima inside a box wider than the standard one', () => {
    expect(knownMinima('six_hump_camel', 2, [[-10, 10], [-10, 10]])).toHaveLength(2);
  });

  it('has no minima for a name that is not a built-in (custom)', () => {
    expect(knownMinima('custom', 2, [[-3, 3], [-3, 3]])).toEqual([]);
  });
});

describe('buildObjective', () => {
  const standard = (name: string, n: number): [number, number][] => BUILTINS[name]!.domain(n).map(([lo, hi]) => [lo, hi]);

  it('a built-in: its own value and analytic gradient, the given domain, the filtered minima', () => {
    const domain: [number, number][] = [[0, 5], [-5, 5]];
    const o = buildObjective({ name: 'himmelblau', dimensions: 2, domain });
    expect(o.name).toBe('himmelblau');
    expect(o.dimensions).toBe(2);
    expect(o.domain).toEqual(domain);
    expect(o.analyticGradient).toBe(true);
    expect(o.minima).toEqual(knownMinima('himmelblau', 2, domain));
    expect(o.minima).toHaveLength(2);
    expect(o.value).toBe(BUILTINS.himmelblau!.value);
    expect(o.gradient).toBe(BUILTINS.himmelblau!.gradient);
  });

  it('an n-D built-in keeps its dimensions', () => {
    const o = buildObjective({ name: 'rastrigin', dimensions: 5, domain: standard('rastrigin', 5) });
    expect(o.dimensions).toBe(5);
    expect(o.minima).toEqual([{ position: [0, 0, 0, 0, 0], value: 0 }]);
  });

  it('an egg crate with too many minima to list gets an empty list', () => {
    const o = buildObjective({ name: 'egg_crate', dimensions: 6, domain: standard('egg_crate', 6) });
    expect(o.minima).toEqual([]);
  });

  it('a custom formula: 2-D, no known minima, value from the formula, central-difference gradient', () => {
    const o = buildObjective({ name: 'custom', dimensions: 2, domain: [[-3, 3], [-3, 3]], formula: 'x^2*y + 3*y' });
    expect(o.name).toBe('custom');
    expect(o.dimensions).toBe(2);
    expect(o.minima).toEqual([]);
    expect(o.analyticGradient).toBe(false);
    expect(o.value(Float64Array.of(2, -1))).toBe(-7);
    const g = new Float64Array(2);
    o.gradient(Float64Array.of(2, -1), g);
    // ∂/∂x = 2xy = −4, ∂/∂y = x² + 3 = 7. The difference is exact for terms of degree ≤ 2 in each
    // coordinate, leaving rounding, ~eps·|f|/h ≈ 2e-16·7/1e-6 ≈ 2e-9; so 1e-8.
    expectNear(g[0]!, -4, 1e-8, '∂x');
    expectNear(g[1]!, 7, 1e-8, '∂y');
  });

  it('a custom formula that does not parse throws FormulaError', () => {
    expect(() => buildObjective({ name: 'custom', dimensions: 2, domain: [[-3, 3], [-3, 3]], formula: '2x' })).toThrow(FormulaError);
  });

  it('a custom function without a formula throws "the formula is empty"', () => {
    expect(() => buildObjective({ name: 'custom', dimensions: 2, domain: [[-3, 3], [-3, 3]] })).toThrow('the formula is empty at character 1 of ""');
  });
});

describe('numericGradient', () => {
  it('matches the analytic gradient (himmelblau, seeded points)', () => {
    // Second-order central difference with h = 1e-6·max(1, |x|): truncation h²·|f'''|/6 ≲ 1e-10 and
    // rounding ~eps·|f|/h ≲ 2e-16·900/1e-6 ≈ 2e-7 over [−5, 5]² (|f| ≤ 890); so 1e-6·(|∂f| + 1).
    const s = new Stream('functions/numericGradient');
    const b = BUILTINS.himmelblau!;
    const g = new Float64Array(2);
    const fd = new Float64Array(2);
    for (let k = 0; k < 100; k++) {
      const x = Float64Array.of(10 * s.uniform() - 5, 10 * s.uniform() - 5);
      b.gradient(x, g);
      numericGradient(b.value, x, fd);
      for (let i = 0; i < 2; i++) expectNear(fd[i]!, g[i]!, 1e-6 * (Math.abs(g[i]!) + 1), `∂${i} at ${Array.from(x)}`);
    }
  });

  it('restores x exactly', () => {
    const x = Float64Array.of(0.1, -2.7, 1e-300, 12345.678);
    const copy = Float64Array.from(x);
    numericGradient(BUILTINS.sphere!.value, x, new Float64Array(4));
    expect(Array.from(x)).toEqual(Array.from(copy));
  });

  it('scales the step with |x|: exact for a quadratic at 1e8', () => {
    // h = 100 there, and (1e8 ± 100)² are exact doubles, so the difference is exactly 4·x·h; a fixed
    // step of 1e-6 would lose about 1% to the 2-ulp spacing of doubles near 1e16.
    const out = new Float64Array(1);
    numericGradient(BUILTINS.sphere!.value, Float64Array.of(1e8), out);
    expect(out[0]).toBe(2e8);
  });
});

describe('clip', () => {
  const domain: Domain = [[-1, 1], [0, 10], [-5, -2]];

  it('moves coordinates outside the box onto its faces, in place', () => {
    const x = Float64Array.of(-3, 11, -2.5);
    clip(x, domain);
    expect(Array.from(x)).toEqual([-1, 10, -2.5]);
  });

  it('leaves points inside and on the boundary unchanged', () => {
    const x = Float64Array.of(1, 0, -5);
    clip(x, domain);
    expect(Array.from(x)).toEqual([1, 0, -5]);
  });

  it('clips infinities to the faces', () => {
    const x = Float64Array.of(-Infinity, Infinity, 0);
    clip(x, domain);
    expect(Array.from(x)).toEqual([-1, 10, -2]);
  });
});

describe('distance', () => {
  it('is Euclidean (3-4-5)', () => {
    expect(distance(Float64Array.of(1, 2), [4, 6])).toBe(5);
  });

  it('is 0 from a point to itself', () => {
    expect(distance([0.3, -7, 2], [0.3, -7, 2])).toBe(0);
  });

  it('is symmetric', () => {
    expect(distance([1, -2, 3.5], [-4, 0.25, 8])).toBe(distance([-4, 0.25, 8], [1, -2, 3.5]));
  });
});
