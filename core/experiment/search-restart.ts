import { buildObjective } from '../functions/build';
import { distance } from '../functions/objective';
import { restartSeed, restartStream } from '../rng/seeds';
import { startSearch } from '../search/searches';
import type { FunctionPlan, RunPlan } from './plan';
import type { RecordColumns, RestartResult, SearchOutcome } from './result';
import { compactRecords, keepEvenRows, makeRoom, type RecordSchedule, recordInterval } from './thinning';
import { trimRecords, trimRows, type ProgressHook } from './train';

/** The fewest search steps between progress reports (a search step takes about 0.2 µs; 64 take about 13). */
export const SEARCH_PROGRESS_STEPS = 64;

/**
 * Runs restart `index` of a function search: the start (or first generation) from the restart's init
 * stream, every move from its search stream. Records step 0, then every `record.every`-th step and
 * the last (thinned to `record.maxPoints` as in trainRestart): the reported point, its value (`loss`)
 * and its gradient's norm. A restart whose point or value stops being finite is recorded there and
 * stopped as "diverged". The outcome judges the best point seen: success when its value is within
 * valueTolerance of the global minimum's, or its distance to a known global minimum is within
 * distanceTolerance.
 */
export function searchRestart(run: RunPlan, plan: FunctionPlan, variant: number, index: number, onProgress?: ProgressHook): RestartResult {
  const { experiment } = run;
  const problem = plan.problem;
  const f = buildObjective(problem.function);
  const n = f.dimensions;
  const init = restartStream(experiment.seed, experiment.seeds, index, 'init');
  const moves = restartStream(experiment.seed, experiment.seeds, index, 'search');
  const search = startSearch(problem.search, f, problem.start, init, moves);

  const capacity = plan.capacity;
  // The columns share one array: a typed array of more than 64 bytes gets a backing store outside
  // V8's heap, about 1 µs each, and a restart of 1,000 steps takes about 200 µs.
  const columns = new Float64Array(capacity * (3 + n));
  const records: RecordColumns = {
    count: 0,
    step: columns.subarray(0, capacity),
    epoch: null,
    loss: columns.subarray(capacity, 2 * capacity),
    accuracy: null,
    gradNorm: columns.subarray(2 * capacity, 3 * capacity),
    position: columns.subarray(3 * capacity),
  };
  const keep = experiment.record.params;
  const populationSize = problem.search.name === 'genetic_algorithm' ? problem.search.population : 0;
  const population = keep === 'all' && populationSize > 0 ? new Float64Array(capacity * populationSize * n) : null;
  const initial = keep === 'none' ? null : search.point.slice();
  const g = new Float64Array(n);

  const record = (step: number) => {
    const k = records.count++;
    records.step[k] = step;
    records.loss[k] = search.value;
    f.gradient(search.point, g);
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i]! * g[i]!;
    records.gradNorm[k] = Math.sqrt(s);
    records.position!.set(search.point, k * n);
    if (population && search.population) population.set(search.population, k * populationSize * n);
  };
  const point = search.point;
  const finite = () => {
    if (!Number.isFinite(search.value)) return false;
    for (let i = 0; i < n; i++) if (!Number.isFinite(point[i]!)) return false;
    return true;
  };

  const best = { step: 0, value: search.value, position: search.point.slice() };
  const track = (step: number) => {
    if (search.value < best.value || (Number.isNaN(best.value) && !Number.isNaN(search.value))) {
      best.step = step;
      best.value = search.value;
      best.position.set(search.point);
    }
  };

  const schedule: RecordSchedule = { interval: recordInterval(experiment.record.every, 1), capacity };
  const compact = () => {
    if (population) keepEvenRows(population, records.count, populationSize * n);
    compactRecords(records, n);
  };
  /** Makes room for a record due at `step` (final: the last step or a divergence, always admitted); returns whether to record. */
  const admit = (step: number, final: boolean) => makeRoom(schedule, step, final, records.count, compact);
  const total = plan.steps;
  // Every 1% of the steps, but not more often than every SEARCH_PROGRESS_STEPS: a report reads the
  // host's clock (and the pause flag), which cost a 1,000-step search a few percent at every 10 steps.
  const progressEvery = Math.max(SEARCH_PROGRESS_STEPS, Math.ceil(total / 100));
  let status: RestartResult['status'] = 'ok';
  let reason: string | null = null;
  record(0);
  if (!finite()) {
    status = 'diverged';
    reason = 'the function is not finite at the starting point';
  }
  for (let step = 1; step <= total && status === 'ok'; step++) {
    search.step(step - 1);
    if (!finite()) {
      admit(step, true);
      record(step);
      status = 'diverged';
      reason = `the point or its value stopped being finite at step ${step}`;
      break;
    }
    track(step);
    if ((step % schedule.interval === 0 || step === total) && admit(step, step === total)) record(step);
    if (onProgress && step % progressEvery === 0) onProgress(step, total);
  }
  if (onProgress) onProgress(total, total);

  return {
    variant,
    index,
    seed: restartSeed(experiment.seed, index),
    status,
    reason,
    records: trimRecords(records, capacity, n),
    params:
      initial === null
        ? null
        : {
            initial,
            final: search.point.slice(),
            history: keep === 'all' ? trimRows(records.position!, records.count, n).slice() : null,
            ...(population ? { population: trimRows(population, records.count, populationSize * n) } : {}),
          },
    search: judge(plan, best),
  };
}

/** Success and the nearest known global minimum of a search's best point. */
export function judge(plan: FunctionPlan, best: SearchOutcome['best']): SearchOutcome {
  const minima = plan.minima;
  if (minima.length === 0) return { best, success: null, nearest: null };
  let nearest = 0;
  let nearestDistance = Infinity;
  minima.forEach((m, i) => {
    const d = distance(best.position, m.position);
    if (d < nearestDistance) {
      nearestDistance = d;
      nearest = i;
    }
  });
  const { valueTolerance, distanceTolerance } = plan.problem.success;
  const globalValue = minima[0]!.value;
  const success = best.value - globalValue <= valueTolerance || nearestDistance <= distanceTolerance;
  return { best, success, nearest: { index: nearest, distance: nearestDistance } };
}
