import type { Domain, Minimum } from './objective';

/** A built-in test function: formula, gradient, standard domain and global minima (Surjanovic & Bingham's Virtual Library of Simulation Experiments conventions). */
export interface Builtin {
  /** Dimensions it is defined for: a fixed 2, or any n from `minDimensions`. */
  readonly fixed2D: boolean;
  readonly minDimensions: number;
  domain(n: number): Domain;
  /** Global minima for n dimensions (callers filter to the domain), or null when there are more than MAX_MINIMA. */
  minima(n: number, domain: Domain): Minimum[] | null;
  value(x: Float64Array): number;
  gradient(x: Float64Array, out: Float64Array): void;
}

// 2π appears as the literal 6.283185307179586 (exactly the double 2·Math.PI), not a module constant:
// esbuild turns a top-level const into a var, which V8 reloads and unboxes at each use in a loop.
const box = (n: number, lo: number, hi: number): Domain => Array.from({ length: n }, () => [lo, hi] as const);
const at = (n: number, v: number, value: number): Minimum[] => [{ position: Array.from({ length: n }, () => v), value }];

/** The minimiser of the 1-D Styblinski–Tang term (x⁴ − 16x² + 5x)/2: the root of 4x³ − 32x + 5 near −2.9 (Newton in 60 digits). */
export const STYBLINSKI_TANG_ARGMIN = -2.903534027771177;
/** The 1-D Styblinski–Tang term's minimum value. */
export const STYBLINSKI_TANG_MIN = -39.16616570377141;

export const BUILTINS: Record<string, Builtin> = {
  sphere: {
    fixed2D: false,
    minDimensions: 1,
    domain: (n) => box(n, -5.12, 5.12),
    minima: (n) => at(n, 0, 0),
    value(x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
      return s;
    },
    gradient(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = 2 * x[i]!;
    },
  },
  rastrigin: {
    fixed2D: false,
    minDimensions: 1,
    domain: (n) => box(n, -5.12, 5.12),
    minima: (n) => at(n, 0, 0),
    value(x) {
      let s = 10 * x.length;
      for (let i = 0; i < x.length; i++) s += x[i]! * x[i]! - 10 * Math.cos(6.283185307179586 * x[i]!);
      return s;
    },
    gradient(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = 2 * x[i]! + 20 * Math.PI * Math.sin(6.283185307179586 * x[i]!);
    },
  },
  ackley: {
    fixed2D: false,
    minDimensions: 1,
    domain: (n) => box(n, -32.768, 32.768),
    minima: (n) => at(n, 0, 0),
    value(x) {
      const n = x.length;
      let sq = 0;
      let cs = 0;
      for (let i = 0; i < n; i++) {
        sq += x[i]! * x[i]!;
        cs += Math.cos(6.283185307179586 * x[i]!);
      }
      return -20 * Math.exp(-0.2 * Math.sqrt(sq / n)) - Math.exp(cs / n) + 20 + Math.E;
    },
    gradient(x, out) {
      const n = x.length;
      let sq = 0;
      let cs = 0;
      for (let i = 0; i < n; i++) {
        sq += x[i]! * x[i]!;
        cs += Math.cos(6.283185307179586 * x[i]!);
      }
      const r = Math.sqrt(sq / n);
      const a = r === 0 ? 0 : (4 * Math.exp(-0.2 * r)) / (n * r); // the cone's tip at 0 has no gradient; take 0
      const b = (Math.exp(cs / n) * 6.283185307179586) / n;
      for (let i = 0; i < n; i++) out[i] = a * x[i]! + b * Math.sin(6.283185307179586 * x[i]!);
    },
  },
  griewank: {
    fixed2D: false,
    minDimensions: 1,
    domain: (n) => box(n, -600, 600),
    minima: (n) => at(n, 0, 0),
    value(x) {
      let s = 0;
      let p = 1;
      for (let i = 0; i < x.length; i++) {
        s += x[i]! * x[i]!;
        p *= Math.cos(x[i]! / Math.sqrt(i + 1));
      }
      return 1 + s / 4000 - p;
    },
    gradient(x, out) {
      const n = x.length;
      for (let i = 0; i < n; i++) {
        let p = 1;
        for (let j = 0; j < n; j++) if (j !== i) p *= Math.cos(x[j]! / Math.sqrt(j + 1));
        out[i] = x[i]! / 2000 + (p * Math.sin(x[i]! / Math.sqrt(i + 1))) / Math.sqrt(i + 1);
      }
    },
  },
  rosenbrock: {
    fixed2D: false,
    minDimensions: 2,
    domain: (n) => box(n, -2.048, 2.048),
    minima: (n) => at(n, 1, 0),
    value(x) {
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! * x[i]!) ** 2 + (1 - x[i]!) ** 2;
      return s;
    },
    gradient(x, out) {
      const n = x.length;
      out.fill(0);
      for (let i = 0; i + 1 < n; i++) {
        const d = x[i + 1]! - x[i]! * x[i]!;
        out[i] = out[i]! - 400 * x[i]! * d - 2 * (1 - x[i]!);
        out[i + 1] = out[i + 1]! + 200 * d;
      }
    },
  },
  styblinski_tang: {
    fixed2D: false,
    minDimensions: 1,
    domain: (n) => box(n, -5, 5),
    minima: (n) => at(n, STYBLINSKI_TANG_ARGMIN, n * STYBLINSKI_TANG_MIN),
    value(x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        s += v * v * v * v - 16 * v * v + 5 * v;
      }
      return s / 2;
    },
    gradient(x, out) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        out[i] = (4 * v * v * v - 32 * v + 5) / 2;
      }
    },
  },
  himmelblau: {
    fixed2D: true,
    minDimensions: 2,
    domain: () => box(2, -5, 5),
    // The four minima, from Newton's method in 60 digits.
    minima: () => [
      { position: [3, 2], value: 0 },
      { position: [-2.805118086952745, 3.131312518250573], value: 0 },
      { position: [-3.779310253377747, -3.2831859912861696], value: 0 },
      { position: [3.5844283403304917, -1.8481265269644036], value: 0 },
    ],
    value(x) {
      const a = x[0]! * x[0]! + x[1]! - 11;
      const b = x[0]! + x[1]! * x[1]! - 7;
      return a * a + b * b;
    },
    gradient(x, out) {
      const a = x[0]! * x[0]! + x[1]! - 11;
      const b = x[0]! + x[1]! * x[1]! - 7;
      out[0] = 4 * x[0]! * a + 2 * b;
      out[1] = 2 * a + 4 * x[1]! * b;
    },
  },
  six_hump_camel: {
    fixed2D: true,
    minDimensions: 2,
    domain: () => [
      [-3, 3],
      [-2, 2],
    ],
    minima: () => [
      { position: [0.08984201310031806, -0.7126564030207396], value: -1.0316284534898774 },
      { position: [-0.08984201310031806, 0.7126564030207396], value: -1.0316284534898774 },
    ],
    value(x) {
      const u = x[0]!;
      const v = x[1]!;
      return (4 - 2.1 * u * u + (u * u * u * u) / 3) * u * u + u * v + (-4 + 4 * v * v) * v * v;
    },
    gradient(x, out) {
      const u = x[0]!;
      const v = x[1]!;
      out[0] = 8 * u - 8.4 * u * u * u + 2 * u * u * u * u * u + v;
      out[1] = u - 8 * v + 16 * v * v * v;
    },
  },
  beale: {
    fixed2D: true,
    minDimensions: 2,
    domain: () => box(2, -4.5, 4.5),
    minima: () => [{ position: [3, 0.5], value: 0 }],
    value(x) {
      const u = x[0]!;
      const v = x[1]!;
      return (1.5 - u + u * v) ** 2 + (2.25 - u + u * v * v) ** 2 + (2.625 - u + u * v * v * v) ** 2;
    },
    gradient(x, out) {
      const u = x[0]!;
      const v = x[1]!;
      const a = 1.5 - u + u * v;
      const b = 2.25 - u + u * v * v;
      const c = 2.625 - u + u * v * v * v;
      out[0] = 2 * a * (v - 1) + 2 * b * (v * v - 1) + 2 * c * (v * v * v - 1);
      out[1] = 2 * a * u + 2 * b * 2 * u * v + 2 * c * 3 * u * v * v;
    },
  },
  booth: {
    fixed2D: true,
    minDimensions: 2,
    domain: () => box(2, -10, 10),
    minima: () => [{ position: [1, 3], value: 0 }],
    value(x) {
      return (x[0]! + 2 * x[1]! - 7) ** 2 + (2 * x[0]! + x[1]! - 5) ** 2;
    },
    gradient(x, out) {
      const a = x[0]! + 2 * x[1]! - 7;
      const b = 2 * x[0]! + x[1]! - 5;
      out[0] = 2 * a + 4 * b;
      out[1] = 4 * a + 2 * b;
    },
  },
  // Σ sin²(π·x_i): a minimum of 0 at every integer point, all equal, each in a basin of the same shape.
  egg_crate: {
    fixed2D: false,
    minDimensions: 1,
    domain: (n) => box(n, -2.5, 2.5),
    minima: (_n, domain) => {
      // Count the integer points first: a wide domain (say [1e10, 1e300]) has far too many to list.
      const lengths = domain.map(([lo, hi]) => Math.max(0, Math.floor(hi) - Math.ceil(lo) + 1));
      if (lengths.reduce((c, n) => c * n, 1) > MAX_MINIMA) return null;
      const axes = domain.map(([lo], d) => Array.from({ length: lengths[d]! }, (_, k) => Math.ceil(lo) + k));
      let points: number[][] = [[]];
      for (const axis of axes) points = points.flatMap((p) => axis.map((k) => [...p, k]));
      return points.map((position) => ({ position, value: 0 }));
    },
    value(x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const v = Math.sin(Math.PI * x[i]!);
        s += v * v;
      }
      return s;
    },
    gradient(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.PI * Math.sin(6.283185307179586 * x[i]!);
    },
  },
};

/** Known minima listed at most; beyond it (a huge egg crate) the list is left empty. */
export const MAX_MINIMA = 10_000;

/** The built-in functions' names, in the order the docs list them. */
export const BUILTIN_NAMES = Object.keys(BUILTINS) as readonly string[];
