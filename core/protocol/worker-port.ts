// The scheduler's view of one worker thread: Node's worker_threads (electron/engine/pool.ts) and the web
// edition's Web Workers (renderer/engine) each adapt their thread to this port.
import type { FromWorker, ToWorker } from './engine';

/** What a thread's adapter reports: messages, an error thrown in it, or its exit (as "exited with code N"). */
export interface PortHandlers {
  message(m: FromWorker): void;
  error(reason: string): void;
  exit(reason: string): void;
}

/** One worker, as the scheduler sees it. */
export interface WorkerPort {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** Attaches handlers; returns the detach function. Several may be attached at once. */
  listen(handlers: PortHandlers): () => void;
  terminate(): void;
}
