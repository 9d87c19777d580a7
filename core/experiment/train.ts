import type { Dataset } from '../data/dataset';
import { initialize } from '../init/initializers';
import { lossAndGradient } from '../nn/backprop';
import { createMlp, createWorkspace, type Mlp, type Workspace } from '../nn/mlp';
import { createOptimizer } from '../optim/optimizer';
import { restartSeed, restartStream } from '../rng/seeds';
import type { Stream } from '../rng/stream';
import { measureSignal } from '../analysis/signal';
import { distinctUnits } from '../analysis/symmetry';
import type { NetworkPlan, RunPlan } from './plan';
import type { RecordColumns, RestartResult } from './result';
import { searchRestart } from './search-restart';
import { compactRecords, keepEvenRows, makeRoom, type RecordSchedule, recordInterval } from './thinning';

/** Rows evaluated at once when measuring the whole training set. */
const EVAL_CHUNK = 256;

/** Reports progress as (updates done, updates in all); called at most about 100 times per restart. */
export type ProgressHook = (done: number, total: number) => void;

/** Draws a restart's starting parameters: explicit vectors, or each layer's kernel and bias from the init stream. */
export function initialParams(plan: NetworkPlan, net: Mlp, index: number, stream: Stream): Float64Array {
  const params = new Float64Array(net.paramCount);
  const init = plan.problem.init;
  if ('explicit' in init) {
    const e = init.explicit;
    params.set(Array.isArray(e[0]) ? (e as number[][])[index]! : (e as number[]));
    return params;
  }
  for (let l = 0; l < net.layers; l++) {
    initialize(init.weights, [net.sizes[l]!, net.sizes[l + 1]!], stream, params, net.kernelOffset[l]!);
    initialize(init.bias, [net.sizes[l + 1]!], stream, params, net.biasOffset[l]!);
  }
  return params;
}

/**
 * Loss, accuracy and gradient of the whole training set at `params`: the mean loss is returned,
 * the mean gradient written to `grad`, and the number of correct predictions left in ws.correct.
 */
export function evaluateAll(net: Mlp, params: Float64Array, data: Dataset, ws: Workspace, grad: Float64Array): number {
  grad.fill(0);
  const n = data.samples;
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < n; start += ws.capacity) {
    const count = Math.min(ws.capacity, n - start);
    loss += lossAndGradient(net, params, data, null, start, count, 1 / n, ws, grad);
    correct += ws.correct;
  }
  ws.correct = correct;
  return loss / n;
}

/** The first `count` rows of `size` values (the array itself when it holds exactly that many). */
export function trimRows(a: Float64Array, count: number, size: number): Float64Array {
  return a.length === count * size ? a : a.slice(0, count * size);
}

/** Record columns cut to the records made (a restart that stopped early made fewer than planned). */
export function trimRecords(r: RecordColumns, capacity: number, dimensions: number): RecordColumns {
  if (r.count === capacity) return r;
  const cut = (a: Float64Array) => a.slice(0, r.count);
  return {
    count: r.count,
    step: cut(r.step),
    epoch: r.epoch && cut(r.epoch),
    loss: cut(r.loss),
    accuracy: r.accuracy && cut(r.accuracy),
    gradNorm: cut(r.gradNorm),
    position: r.position && trimRows(r.position, r.count, dimensions),
  };
}

/**
 * Whether every value is finite. Checked after every update, so without a branch per value: x·0 is
 * ±0 for a finite x and NaN for ±Infinity or NaN, and a sum of zeros is zero (no overflow is possible).
 */
export function allFinite(a: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
  }
  if (i < n) s0 += a[i]! * 0;
  return s0 + s1 === 0;
}

function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** Fisher–Yates shuffle of 0..n-1 into `order`, drawing from `stream`. */
export function shuffleOrder(order: Int32Array, stream: Stream): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = order.length - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/**
 * Trains restart `index` of variant `variant` and returns everything recorded. The result depends on
 * (experiment, variant, index) alone. Records: step 0, then after every `record.every`-th update
 * (or each epoch's last), and always after the last update; when `record.maxPoints` records are held,
 * every other one is dropped and the interval doubles (see thinning.ts). A restart whose loss or
 * parameters stop being finite is recorded at that step and stopped with status "diverged".
 */
export function trainRestart(run: RunPlan, variant: number, index: number, onProgress?: ProgressHook): RestartResult {
  const plan = run.variants[variant]!;
  if (plan.kind === 'function') return searchRestart(run, plan, variant, index, onProgress);
  return trainNetwork(run, plan, variant, index, onProgress);
}

/** Trains one network restart (see trainRestart). */
function trainNetwork(run: RunPlan, plan: NetworkPlan, variant: number, index: number, onProgress?: ProgressHook): RestartResult {
  const { experiment } = run;
  const { problem, dataset } = plan;
  const opt = problem.optimizer;
  const net = createMlp(plan.sizes, problem.model.activation, problem.model.output);
  const P = net.paramCount;
  const N = dataset.samples;

  // The parameters and both gradients live in the workspace's memory, where the WebAssembly kernels
  // can reach them (core/nn/native.ts); the numbers are the same without them.
  const ws = createWorkspace(net, Math.min(N, Math.max(opt.batchSize, EVAL_CHUNK)), dataset.targets, 3);
  const [params, grad, fullGrad] = ws.vectors as [Float64Array, Float64Array, Float64Array];
  params.set(initialParams(plan, net, index, restartStream(experiment.seed, experiment.seeds, index, 'init')));
  const orderStream = restartStream(experiment.seed, experiment.seeds, index, 'order');
  const optimizer = createOptimizer(opt, P);

  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;

  const capacity = plan.capacity;
  const records: RecordColumns = {
    count: 0,
    step: new Float64Array(capacity),
    epoch: new Float64Array(capacity),
    loss: new Float64Array(capacity),
    accuracy: dataset.classes === null ? null : new Float64Array(capacity),
    gradNorm: new Float64Array(capacity),
    position: null,
  };
  const hidden = net.layers - 1;
  const symmetry = new Float64Array(capacity * hidden);
  const tolerance = experiment.analysis.symmetryTolerance;
  const keep = experiment.record.params;
  const history = keep === 'all' ? new Float64Array(capacity * P) : null;
  const initial = keep === 'none' ? null : params.slice();

  /** Records the whole-set figures at the current parameters; returns false if they are not finite. */
  const record = (step: number, epoch: number): boolean => {
    const k = records.count++;
    const loss = evaluateAll(net, params, dataset, ws, fullGrad);
    records.step[k] = step;
    records.epoch![k] = epoch;
    records.loss[k] = loss;
    if (records.accuracy) records.accuracy[k] = ws.correct / N;
    const g = norm(fullGrad);
    records.gradNorm[k] = g;
    if (history) history.set(params, k * P);
    for (let h = 0; h < hidden; h++) symmetry[k * hidden + h] = distinctUnits(net, params, h, tolerance);
    return Number.isFinite(loss) && Number.isFinite(g);
  };
  const signal = measureSignal(net, params, dataset, ws);

  const schedule: RecordSchedule = { interval: recordInterval(experiment.record.every, plan.batchesPerEpoch), capacity };
  const compact = () => {
    if (history) keepEvenRows(history, records.count, P);
    keepEvenRows(symmetry, records.count, hidden);
    compactRecords(records, 0);
  };
  /** Makes room for a record due at `step` (final: the last step or a divergence, always admitted); returns whether to record. */
  const admit = (step: number, final: boolean) => makeRoom(schedule, step, final, records.count, compact);
  const total = plan.steps;
  const progressEvery = Math.max(1, Math.ceil(total / 100));
  let status: RestartResult['status'] = 'ok';
  let reason: string | null = null;

  if (!record(0, 0)) {
    status = 'diverged';
    reason = 'the loss at the starting point is not finite';
  }
  let step = 0;
  for (let epoch = 1; epoch <= opt.epochs && status === 'ok'; epoch++) {
    if (opt.shuffle) shuffleOrder(order, orderStream);
    for (let start = 0; start < N; start += opt.batchSize) {
      const count = Math.min(opt.batchSize, N - start);
      grad.fill(0);
      // The batch's loss is not recorded (records hold the whole set's): only its gradient is computed.
      lossAndGradient(net, params, dataset, order, start, count, 1 / count, ws, grad, false);
      optimizer.step(params, grad);
      step++;
      if (!allFinite(params)) {
        admit(step, true);
        record(step, epoch);
        status = 'diverged';
        reason = `parameters stopped being finite at step ${step}`;
        break;
      }
      if ((step % schedule.interval === 0 || step === total) && admit(step, step === total) && !record(step, epoch)) {
        status = 'diverged';
        reason = `the loss stopped being finite at step ${step}`;
        break;
      }
      if (onProgress && step % progressEvery === 0) onProgress(step, total);
    }
  }
  if (onProgress) onProgress(total, total);

  return {
    variant,
    index,
    seed: restartSeed(experiment.seed, index),
    status,
    reason,
    records: trimRecords(records, capacity, 0),
    params: initial === null ? null : { initial, final: params.slice(), history: history && trimRows(history, records.count, P) },
    search: null,
    symmetry: trimRows(symmetry, records.count, hidden),
    signal,
  };
}
