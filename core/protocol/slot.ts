// One worker of the scheduler's pool and what the scheduler keeps about it: shared by the scheduler,
// which starts and stops workers, and a run of tasks (task-run.ts), which hands them tasks.
import type { Queued } from './task-queue';
import type { WorkerPort } from './worker-port';

/** A worker of the pool, with the tasks it was sent and its pause/step state. */
export interface Slot {
  port: WorkerPort;
  /** Set when the thread has exited; a dead slot is replaced before the next run. */
  dead: boolean;
  loadedRun: number;
  /** Tasks sent to this worker, in the order it runs them: the first is the one running (or its result is on the way). */
  tasks: Queued[];
  /** Set once a cancelled run's groups are finishing on this worker: it gets no more tasks. */
  draining: boolean;
  detach: (() => void) | null;
  /** Shared hold flag (GATE_HOLD: hold at the next progress report), when shared memory is available. */
  gate: Int32Array | null;
  /** Released by step(): runs until its current restart finishes, then holds again. */
  stepping: boolean;
}
