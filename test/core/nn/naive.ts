// A deliberately plain reference MLP for tests: one sample at a time, nested loops, Math.tanh.
import type { Activation, OutputKind } from '../../../core/experiment/schema';

function act(kind: Activation, z: number): number {
  switch (kind) {
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return Math.max(0, z);
    case 'leaky_relu':
      return z > 0 ? z : 0.01 * z;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'elu':
      return z > 0 ? z : Math.exp(z) - 1;
    case 'linear':
      return z;
  }
}

/** Mean loss and accuracy of a flat-parameter MLP on (x, y), computed the slow, obvious way. */
export function naiveLoss(
  sizes: number[],
  activation: Activation,
  output: OutputKind,
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  samples: number,
): { loss: number; accuracy: number } {
  let total = 0;
  let correct = 0;
  for (let s = 0; s < samples; s++) {
    let a = Array.from({ length: sizes[0]! }, (_, i) => x[s * sizes[0]! + i]!);
    let p = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const m = sizes[l]!;
      const n = sizes[l + 1]!;
      const z = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let i = 0; i < m; i++) sum += a[i]! * params[p + i * n + j]!;
        z[j] = sum + params[p + m * n + j]!;
      }
      p += m * n + n;
      a = l + 2 < sizes.length ? z.map((v) => act(activation, v)) : z;
    }
    if (output === 'sigmoid') {
      const t = y[s]!;
      const pr = 1 / (1 + Math.exp(-a[0]!));
      total += -(t * Math.log(pr) + (1 - t) * Math.log(1 - pr));
      if ((pr >= 0.5 ? 1 : 0) === t) correct++;
    } else if (output === 'softmax') {
      const t = y[s]!;
      const max = Math.max(...a);
      const sum = a.reduce((acc, v) => acc + Math.exp(v - max), 0);
      total += -(a[t]! - max - Math.log(sum));
      if (a.indexOf(max) === t) correct++;
    } else {
      total += a.reduce((acc, v, j) => acc + (v - y[s * a.length + j]!) ** 2, 0) / a.length;
    }
  }
  return { loss: total / samples, accuracy: correct / samples };
}
