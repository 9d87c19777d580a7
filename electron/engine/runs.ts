import { toJson } from '../../core/export/json';
import type { ReadText } from '../../core/experiment/resolve';
import type { ExperimentSource, ExportReply, RunEventBatch } from '../../core/protocol/lab-api';
import { RunManager } from '../../core/protocol/runs';
import { removeStaleRunFiles, writeRunFiles } from './outputs';
import { defaultWorkerCount, WorkerPool } from './pool';
import type { RunHost } from './run-host';

/** Node's timer for event batches. */
const nodeTimer = { set: (cb: () => void, ms: number) => setTimeout(cb, ms), clear: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };

/**
 * The desktop's RunHost: runs on a worker_threads pool of `workers` threads (default: cores minus
 * one) started from `workerEntry` (the bundled worker script); exports write the CLI's files.
 */
export function createRunHost(workerEntry: string | URL, workers = defaultWorkerCount()): RunHost {
  const listeners = new Set<(batch: RunEventBatch) => void>();
  const pool = new WorkerPool(workers, workerEntry);
  const runs = new RunManager(pool, nodeTimer, (batch) => {
    for (const l of listeners) l(batch);
  });
  return {
    validate: (source: ExperimentSource, readText: ReadText) => runs.validate(source, readText),
    start: (source, readText, drawBudget) => runs.start(source, readText, drawBudget),
    pause: (run) => runs.pause(run),
    resume: (run) => runs.resume(run),
    step: (run) => runs.step(run),
    cancel: (run) => runs.cancel(run),
    exportRun: async (run, dir): Promise<ExportReply> => {
      const r = runs.result(run);
      const files = writeRunFiles(dir, r.output, r.basins, r.landscape === null ? null : toJson(r.landscape));
      return { dir, files, removed: removeStaleRunFiles(dir, files) };
    },
    setWorkers: (count = defaultWorkerCount()) => runs.resize(count),
    warm: () => pool.warm(),
    onEvents: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => runs.close(),
  };
}
