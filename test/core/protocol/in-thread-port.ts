// A scheduler's worker port that runs the engine's worker handler in this thread, structured-cloning
// each message as a thread would; it logs the type of each message it was sent.
import { createWorkerHandler, type ToWorker } from '../../../core/protocol/engine';
import type { PortHandlers, WorkerPort } from '../../../core/protocol/scheduler';

export function inThreadPort(log: ToWorker['type'][] = []): WorkerPort {
  const listeners = new Set<PortHandlers>();
  const handle = createWorkerHandler((message) => queueMicrotask(() => listeners.forEach((l) => l.message(structuredClone(message)))));
  return {
    post: (message) => {
      log.push(message.type);
      handle(structuredClone(message));
    },
    listen: (h) => {
      listeners.add(h);
      return () => listeners.delete(h);
    },
    terminate: () => undefined,
  };
}
