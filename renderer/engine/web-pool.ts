import { Scheduler } from '../../core/protocol/scheduler';
import type { WorkerPort } from '../../core/protocol/worker-port';
import type { FromWorker } from '../../core/protocol/engine';
import { nextTask } from '../next-task';

/** The web edition's default pool size: one worker per core but one (the page has work too), at least one. */
export function defaultWebWorkers(): number {
  return Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
}

/** A module Web Worker as the scheduler's port. */
function webPort(): WorkerPort {
  const worker = new Worker(new URL('./web-worker.ts', import.meta.url), { type: 'module', name: 'landscape-lab-engine' });
  const listeners = new Set<{ message(m: FromWorker): void; error(r: string): void; exit(r: string): void }>();
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    for (const l of [...listeners]) l.message(e.data);
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    for (const l of [...listeners]) l.error(e.message || 'the worker failed to load or threw');
  };
  worker.onmessageerror = () => {
    for (const l of [...listeners]) l.error('a message from the worker could not be read');
  };
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen: (h) => {
      listeners.add(h);
      return () => listeners.delete(h);
    },
    terminate: () => worker.terminate(),
  };
}

/** The engine's pool on Web Workers; restarts hold mid-run on pause only when the page is cross-origin isolated. */
export function createWebScheduler(size = defaultWebWorkers()): Scheduler {
  return new Scheduler(size, webPort, globalThis.crossOriginIsolated === true, nextTask);
}
