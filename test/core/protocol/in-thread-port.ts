// A scheduler's worker port that runs the engine's worker handler in this thread, structured-cloning
// each message as a thread would; it logs the type of each message it was sent. Its messages back
// arrive through `deliver` (by default in a microtask; holdable() can hold them). Once terminated it
// runs and sends nothing, as a stopped thread.
import { createWorkerHandler, type ToWorker } from '../../../core/protocol/engine';
import type { PortHandlers, WorkerPort } from '../../../core/protocol/worker-port';

export function inThreadPort(log: ToWorker['type'][] = [], deliver: (send: () => void) => void = queueMicrotask): WorkerPort {
  const listeners = new Set<PortHandlers>();
  let terminated = false;
  const handle = createWorkerHandler((message) => {
    const copy = structuredClone(message);
    deliver(() => {
      if (!terminated) listeners.forEach((l) => l.message(structuredClone(copy)));
    });
  });
  return {
    post: (message) => {
      log.push(message.type);
      if (!terminated) handle(structuredClone(message));
    },
    listen: (h) => {
      listeners.add(h);
      return () => listeners.delete(h);
    },
    terminate: () => {
      terminated = true;
    },
  };
}

/**
 * A `deliver` for inThreadPort that holds the workers' messages after hold() (so a run stays going,
 * its workers busy) and delivers them in order at release().
 */
export function holdable() {
  const queue: (() => void)[] = [];
  let held = false;
  return {
    deliver: (send: () => void) => (held ? queue.push(send) : queueMicrotask(send)),
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const send of queue.splice(0)) send();
    },
  };
}

/** One worker a test's pool started: the messages it was sent and whether it was stopped. */
export interface SpawnedPort {
  log: ToWorker['type'][];
  terminated: boolean;
}

/** A spawnPort for a Scheduler that records every worker it starts in `spawned`. */
export function recordingSpawn(spawned: SpawnedPort[], deliver?: (send: () => void) => void): () => WorkerPort {
  return () => {
    const record: SpawnedPort = { log: [], terminated: false };
    spawned.push(record);
    const port = inThreadPort(record.log, deliver);
    return {
      ...port,
      terminate: () => {
        record.terminated = true;
        port.terminate();
      },
    };
  };
}

/** The batcher's timer on this thread's setTimeout (the hosts' own, in Node). */
export const timer = { set: (cb: () => void, ms: number) => setTimeout(cb, ms), clear: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };

/**
 * A function search whose restarts are long enough (25,000 steps, groupSize 1) to go to a worker one
 * in a message, so that every worker of a pool gets some and a cancel stops a worker busy on one.
 */
export function oneAtATime(seed: string, restarts: number) {
  return {
    format: 'landscape-lab/experiment@1',
    seed,
    restarts,
    problem: { type: 'function', function: { name: 'himmelblau' }, start: { kind: 'uniform' }, search: { name: 'random_search', steps: 25_000 } },
    record: { every: 1000 },
  };
}
