import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Scheduler } from '../../core/protocol/scheduler';
import type { WorkerPort } from '../../core/protocol/worker-port';

export { CancellationError, type GridHooks, type RunHooks } from '../../core/protocol/run-hooks';

/** The default pool size: one worker per core but one (the main thread has work too), at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** A worker_threads Worker as the scheduler's port. */
function nodePort(entry: string | URL): WorkerPort {
  const worker = new Worker(entry);
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen: (h) => {
      const error = (e: Error) => h.error(e.message);
      const exit = (code: number) => h.exit(`exited with code ${code}`);
      worker.on('message', h.message);
      worker.on('error', error);
      worker.on('exit', exit);
      return () => {
        worker.off('message', h.message);
        worker.off('error', error);
        worker.off('exit', exit);
      };
    },
    terminate: () => void worker.terminate(),
  };
}

/**
 * The engine's pool on worker_threads (the CLI and the Electron main process): the core scheduler over
 * Node workers started from `entry`, the path of the bundled worker script.
 */
export class WorkerPool extends Scheduler {
  constructor(size: number, entry: string | URL) {
    // Between parts of a big message the main process's event loop runs (IPC, the window's requests).
    super(size, () => nodePort(entry), true, () => new Promise((resolve) => setImmediate(resolve)));
  }

  /** Stops every worker. */
  override close(): Promise<void> {
    super.close();
    return Promise.resolve();
  }
}
