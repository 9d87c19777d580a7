// One run as the desktop app and the web edition see it: restarts on a scheduler, then the analyses
// and the landscape, all reported as RunEvents. The host adds the clock (batching) and the files.
import { describeConfigurations, type RunOutput } from '../export/outputs';
import { basinsJson, finishRun, FUNCTION_LANDSCAPE_RESOLUTION } from '../export/finish-run';
import type { FunctionPlan, RunPlan } from '../experiment/plan';
import type { RestartResult } from '../experiment/result';
import { buildObjective } from '../functions/build';
import { functionGrid, gridRows } from '../landscape/grid';
import { axis } from '../landscape/plane';
import type { LandscapeData, RunEvent } from './lab-api';
import { CancellationError, type CancelSignal } from './run-hooks';
import type { Scheduler } from './scheduler';

/** How a session ended, and everything its export writes. */
export interface SessionResult {
  state: 'completed' | 'cancelled';
  /** The finished restarts (all of them unless cancelled), sorted by variant then index. */
  output: RunOutput;
  /** landscape.json's object (made text only when exported), or null when the run draws none (or was cancelled before it). */
  landscape: Record<string, unknown> | null;
  landscapeProblem: string | null;
  basins: string | null;
}

/** The function landscape of a 2-D function variant, before any restart: paths arrive with the restarts' records. */
export function functionLandscapeData(plan: FunctionPlan): LandscapeData {
  const { x, y, grid } = functionGrid(buildObjective(plan.problem.function), FUNCTION_LANDSCAPE_RESOLUTION);
  return {
    kind: 'function',
    variant: plan.label,
    plane: 'domain',
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    grid,
    paths: [],
    minima: plan.minima.map((m) => ({ position: [...m.position], value: m.value })),
    explained: null,
    barrier: null,
  };
}

function byVariantThenIndex(a: RestartResult, b: RestartResult): number {
  return a.variant - b.variant || a.index - b.index;
}

/**
 * Runs every restart of `plan` on `scheduler` as run `run`, emitting: started; a function's landscape
 * at once (2-D functions); progress and each restart as it finishes; then (unless cancelled through
 * `signal`) a network's landscape slice with its projected paths, its grid rows as they arrive, and
 * the analysis (stalls, basins, barrier). State events mark running, finishing and the end.
 */
export async function runSession(plan: RunPlan, run: number, scheduler: Scheduler, emit: (e: RunEvent) => void, signal: CancelSignal): Promise<SessionResult> {
  const configurations = describeConfigurations(plan);
  const restarts = plan.experiment.restarts;
  const tasks: { variant: number; index: number }[] = [];
  plan.variants.forEach((_, variant) => {
    for (let index = 0; index < restarts; index++) tasks.push({ variant, index });
  });
  emit({ type: 'started', run, name: plan.experiment.name, restarts, tasks: tasks.length, configurations });
  emit({ type: 'state', run, state: scheduler.isPaused ? 'paused' : 'running', message: null });
  const first = plan.variants[0]!;
  if (first.kind === 'function' && first.problem.function.dimensions === 2) emit({ type: 'landscape', run, landscape: functionLandscapeData(first) });

  let restartsDone = 0;
  let results: RestartResult[];
  const output = (list: RestartResult[]): RunOutput => ({ experiment: plan.experiment, configurations, restarts: list.sort(byVariantThenIndex), shard: null });
  try {
    results = await scheduler.run(plan, tasks, {
      signal,
      onProgress: (done, total) => emit({ type: 'progress', run, done, total, restartsDone }),
      onResult: (result) => {
        restartsDone++;
        emit({ type: 'restart', run, result });
      },
    });
  } catch (e) {
    if (!(e instanceof CancellationError)) throw e;
    const kept = e.results.filter((r): r is RestartResult => r !== undefined);
    emit({ type: 'state', run, state: 'cancelled', message: `cancelled with ${kept.length} of ${tasks.length} restarts finished` });
    return { state: 'cancelled', output: output(kept), landscape: null, landscapeProblem: null, basins: basinsJson(plan) };
  }

  emit({ type: 'state', run, state: 'finishing', message: null });
  const out = output(results);
  let finished;
  try {
    finished = await finishRun(
      plan,
      out,
      (slice) =>
        scheduler.grid(plan, slice.variant, slice.plane, {
          signal,
          onRows: (rowStart, values) => emit({ type: 'rows', run, rowStart, values: values.slice() }),
        }),
      (slice, paths) => {
        const rows = gridRows(slice.plane);
        const coords = Float64Array.from(axis(slice.plane));
        emit({
          type: 'landscape',
          run,
          landscape: {
            kind: 'network',
            variant: slice.plan.label,
            plane: slice.plane.kind,
            x: coords,
            y: rows === 1 ? new Float64Array(1) : coords.slice(),
            grid: new Float64Array(rows * slice.plane.resolution).fill(NaN),
            paths: paths.map((p) => ({ restart: p.restart, x: p.x, y: p.y, loss: p.loss, offPlane: p.offPlane })),
            minima: [],
            explained: slice.plane.explained ?? null,
            barrier: null,
          },
        });
      },
      // The analyses are the costly part: a worker does them, so the host's thread (Electron's main
      // process, or the web page) is never blocked by them.
      (p, o) => scheduler.analyze(p, o.restarts, signal),
    );
  } catch (e) {
    if (!(e instanceof CancellationError)) throw e;
    emit({ type: 'state', run, state: 'cancelled', message: 'cancelled while drawing the landscape; every restart had finished' });
    return { state: 'cancelled', output: out, landscape: null, landscapeProblem: null, basins: basinsJson(plan) };
  }
  emit({
    type: 'analysis',
    run,
    restarts: out.restarts.map((r) => ({ variant: r.variant, index: r.index, stalledAt: r.stalledAt ?? null, basin: r.basin ?? null })),
    barrier: out.barrier ?? null,
  });
  emit({ type: 'state', run, state: 'completed', message: finished.problem });
  return {
    state: 'completed',
    output: out,
    landscape: finished.landscape,
    landscapeProblem: finished.problem,
    basins: basinsJson(plan),
  };
}
