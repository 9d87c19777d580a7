import type { Stream } from '../rng/stream';
import type { DatasetSpec } from '../experiment/schema';
import type { Dataset } from './dataset';
import { IRIS_CLASSES, IRIS_FEATURES, IRIS_FEATURE_NAMES } from './iris';

type GeneratedSpec = Exclude<DatasetSpec, { kind: 'csv' }>;

function classification(x: Float64Array, y: Float64Array, classes: number, names = ['x1', 'x2']): Dataset {
  return { x, y, samples: y.length, features: names.length, targets: 1, classes, featureNames: names, targetName: 'y' };
}

/** Shuffles the rows of a 2-feature, 1-label set in place (Fisher–Yates on the data stream), so classes are interleaved. */
function shuffleRows(x: Float64Array, y: Float64Array, stream: Stream): void {
  for (let i = y.length - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    const t = y[i]!;
    y[i] = y[j]!;
    y[j] = t;
    const a = x[2 * i]!;
    const b = x[2 * i + 1]!;
    x[2 * i] = x[2 * j]!;
    x[2 * i + 1] = x[2 * j + 1]!;
    x[2 * j] = a;
    x[2 * j + 1] = b;
  }
}

/** Adds independent N(0, noise²) to every input coordinate. */
function jitter(x: Float64Array, noise: number, stream: Stream): void {
  if (noise === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + noise * stream.normal();
}

/**
 * Two classes along two curves: the first ⌊n/2⌋ points on curve 0 (label 0), the rest on curve 1
 * (label 1); point k of a curve with m points is place(curve, k, m). Then noise, then a shuffle so the
 * classes interleave.
 */
function twoCurves(n: number, noise: number, stream: Stream, place: (second: boolean, k: number, m: number) => [number, number]): Dataset {
  const first = Math.floor(n / 2);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const second = i >= first;
    const [a, b] = second ? place(true, i - first, n - first) : place(false, i, first);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = second ? 1 : 0;
  }
  jitter(x, noise, stream);
  shuffleRows(x, y, stream);
  return classification(x, y, 2);
}

/**
 * Generates a built-in dataset from the experiment's data stream. Every generator is a pure function
 * of the spec and the stream; the formulas are documented in docs/experiment-format.md.
 */
export function generateDataset(spec: GeneratedSpec, stream: Stream): Dataset {
  switch (spec.kind) {
    case 'xor': {
      const n = spec.samples;
      const x = new Float64Array(2 * n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const a = 2 * stream.uniform() - 1;
        const b = 2 * stream.uniform() - 1;
        x[2 * i] = a;
        x[2 * i + 1] = b;
        y[i] = a > 0 !== b > 0 ? 1 : 0;
      }
      jitter(x, spec.noise, stream);
      return classification(x, y, 2);
    }
    case 'circles':
      return twoCurves(spec.samples, spec.noise, stream, (second, k, m) => {
        const t = (2 * Math.PI * k) / m;
        const r = second ? spec.factor : 1;
        return [r * Math.cos(t), r * Math.sin(t)];
      });
    case 'moons':
      return twoCurves(spec.samples, spec.noise, stream, (second, k, m) => {
        const t = m > 1 ? (Math.PI * k) / (m - 1) : 0;
        // Centred on (0.5, 0.25) so the two moons straddle the origin.
        return second ? [1 - Math.cos(t) - 0.5, 0.5 - Math.sin(t) - 0.25] : [Math.cos(t) - 0.5, Math.sin(t) - 0.25];
      });
    case 'spirals':
      return twoCurves(spec.samples, spec.noise, stream, (second, k, m) => {
        const s = k / m;
        const t = 1.25 * 2 * Math.PI * s + (second ? Math.PI : 0); // 1.25 turns: hard for a small net, not hopeless
        return [s * Math.sin(t), s * Math.cos(t)];
      });
    case 'gaussians': {
      const n = spec.samples;
      const k = spec.classes;
      const x = new Float64Array(2 * n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = i % k;
        const t = (2 * Math.PI * c) / k;
        x[2 * i] = Math.cos(t);
        x[2 * i + 1] = Math.sin(t);
        y[i] = c;
      }
      jitter(x, spec.noise, stream);
      shuffleRows(x, y, stream);
      return classification(x, y, k);
    }
    case 'sine': {
      const n = spec.samples;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = Math.PI * (2 * stream.uniform() - 1);
        x[i] = v;
        y[i] = Math.sin(v) + spec.noise * stream.normal();
      }
      return { x, y, samples: n, features: 1, targets: 1, classes: null, featureNames: ['x'], targetName: 'y' };
    }
    case 'iris':
      return {
        x: Float64Array.from(IRIS_FEATURES),
        y: Float64Array.from(IRIS_CLASSES),
        samples: IRIS_CLASSES.length,
        features: 4,
        targets: 1,
        classes: 3,
        featureNames: IRIS_FEATURE_NAMES,
        targetName: 'species',
      };
  }
}
