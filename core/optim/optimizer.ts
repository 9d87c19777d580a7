import type { OptimizerSpec } from '../experiment/schema';

/** An optimizer with its state for one parameter vector; step() updates params in place from grad. */
export interface Optimizer {
  step(params: Float64Array, grad: Float64Array): void;
}

/**
 * torch.optim.SGD (dampening 0, no weight decay): buf = momentum·buf + g (buf = g on the first step),
 * g' = g + momentum·buf with nesterov, else buf; p −= lr·g'. Without momentum, p −= lr·g.
 */
export class Sgd implements Optimizer {
  private readonly buf: Float64Array;
  private started = false;
  constructor(
    size: number,
    private readonly lr: number,
    private readonly momentum: number,
    private readonly nesterov: boolean,
  ) {
    this.buf = new Float64Array(momentum !== 0 ? size : 0);
  }
  step(params: Float64Array, grad: Float64Array): void {
    const { lr, momentum, buf } = this;
    const n = params.length;
    if (momentum === 0) {
      for (let i = 0; i < n; i++) params[i] = params[i]! + -lr * grad[i]!;
      return;
    }
    if (!this.started) {
      buf.set(grad);
      this.started = true;
    } else {
      for (let i = 0; i < n; i++) buf[i] = buf[i]! * momentum + grad[i]!;
    }
    if (this.nesterov) {
      for (let i = 0; i < n; i++) params[i] = params[i]! + -lr * (grad[i]! + momentum * buf[i]!);
    } else {
      for (let i = 0; i < n; i++) params[i] = params[i]! + -lr * buf[i]!;
    }
  }
}

/**
 * torch.optim.Adam (no weight decay, not amsgrad): m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g²,
 * p −= (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 */
export class Adam implements Optimizer {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(
    size: number,
    private readonly lr: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly eps: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float64Array, grad: Float64Array): void {
    const { beta1, beta2, eps, m, v } = this;
    this.t++;
    const stepSize = this.lr / (1 - beta1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const n = params.length;
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const mi = m[i]! * beta1 + g * (1 - beta1);
      const vi = v[i]! * beta2 + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = params[i]! + (-stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
    }
  }
}

/** torch.optim.RMSprop (not centered, no momentum): s = α·s + (1−α)·g², p −= lr·g / (√s + ε); α is the file's `rho`. */
export class RmsProp implements Optimizer {
  private readonly s: Float64Array;
  constructor(
    size: number,
    private readonly lr: number,
    private readonly alpha: number,
    private readonly eps: number,
  ) {
    this.s = new Float64Array(size);
  }
  step(params: Float64Array, grad: Float64Array): void {
    const { lr, alpha, eps, s } = this;
    const n = params.length;
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const si = s[i]! * alpha + (1 - alpha) * g * g;
      s[i] = si;
      params[i] = params[i]! + (-lr * g) / (Math.sqrt(si) + eps);
    }
  }
}

/** torch.optim.Adagrad (no lr decay, initial accumulator 0): s += g², p −= lr·g / (√s + ε). */
export class Adagrad implements Optimizer {
  private readonly s: Float64Array;
  constructor(
    size: number,
    private readonly lr: number,
    private readonly eps: number,
  ) {
    this.s = new Float64Array(size);
  }
  step(params: Float64Array, grad: Float64Array): void {
    const { lr, eps, s } = this;
    const n = params.length;
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const si = s[i]! + g * g;
      s[i] = si;
      params[i] = params[i]! + (-lr * g) / (Math.sqrt(si) + eps);
    }
  }
}

/** Builds the optimizer a spec names, with fresh state for `size` parameters. */
export function createOptimizer(spec: OptimizerSpec, size: number): Optimizer {
  switch (spec.name) {
    case 'sgd':
      return new Sgd(size, spec.learningRate, spec.momentum, spec.nesterov);
    case 'adam':
      return new Adam(size, spec.learningRate, spec.beta1, spec.beta2, spec.epsilon);
    case 'rmsprop':
      return new RmsProp(size, spec.learningRate, spec.rho, spec.epsilon);
    case 'adagrad':
      return new Adagrad(size, spec.learningRate, spec.epsilon);
  }
}
