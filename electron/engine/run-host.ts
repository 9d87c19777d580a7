// The contract of the object that owns runs on the Node side: the Electron main process's IPC handlers
// call it; its implementation (electron/engine/runs.ts) drives the worker pool. No 'electron' import.
import type { ReadText } from '../../core/experiment/resolve';
import type { ExperimentSource, ExportReply, RunEventBatch, ValidateReply } from '../../core/protocol/lab-api';

/**
 * Runs experiments on worker threads and reports them as batched events. Methods taking a run id
 * throw LabError('invalid-request', ...) for an unknown run; start throws LabError('experiment', ...,
 * problems) for an experiment that cannot run.
 */
export interface RunHost {
  /** Checks an experiment as start would, without running it; datasets are read through `readText`. */
  validate(source: ExperimentSource, readText: ReadText): ValidateReply;
  /**
   * Starts a run (one at a time: starting another cancels the current one) and returns its id; its
   * events are thinned for a window drawing `drawBudget` points of a configuration's restarts (default: no budget).
   */
  start(source: ExperimentSource, readText: ReadText, drawBudget?: number): Promise<{ run: number }>;
  pause(run: number): void;
  resume(run: number): void;
  step(run: number): void;
  cancel(run: number): void;
  /** Writes the run's outputs (the CLI's files: trajectories.csv, run.json, summary.json, landscape.json, ...) into `dir`. */
  exportRun(run: number, dir: string): Promise<ExportReply>;
  /**
   * Sets the pool's size for the runs that start from now on (undefined: the default, cores minus one):
   * at once when no run is going, else when the run going ends, which keeps its workers to the end.
   */
  setWorkers(workers?: number): void;
  /**
   * Starts the pool's worker threads now (the window calls it once its page has loaded), so that the
   * first run does not wait for them to start and load the engine; from then on workers stopped by a
   * cancel are replaced as a run ends. Until it is called, threads start with the first run.
   */
  warm(): void;
  /** Subscribes to event batches (at most 5 a second per run, and at once on a state change); returns the unsubscribe function. */
  onEvents(listener: (batch: RunEventBatch) => void): () => void;
  /** Stops every worker. */
  close(): Promise<void>;
}
