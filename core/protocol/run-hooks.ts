// What the caller of a scheduler's run, grid or analysis passes in and gets back besides results:
// progress callbacks, a cancel signal, and the error a cancelled run rejects with.
import type { RestartResult } from '../experiment/result';

/** Thrown by run/grid when the run is cancelled; `results` holds the restarts that had finished. */
export class CancellationError extends Error {
  constructor(readonly results: (RestartResult | undefined)[]) {
    super('the run was cancelled');
    this.name = 'CancellationError';
  }
}

/** The part of an AbortSignal the scheduler uses (core has no DOM or Node types; AbortSignal fits). */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Progress and completion callbacks of one run. */
export interface RunHooks {
  /** Optimizer updates (or search steps, or grid points) done over all tasks, and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each restart finishes, in completion order. */
  onResult?: (result: RestartResult) => void;
  signal?: CancelSignal;
}

/** Hooks of a grid computation: progress, and each chunk of rows as it arrives. */
export interface GridHooks extends Omit<RunHooks, 'onResult'> {
  onRows?: (rowStart: number, values: Float64Array) => void;
}
