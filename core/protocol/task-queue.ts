// The scheduler's queue of a run's tasks: which of them go to a worker together in one message, how
// many messages go ahead, and what becomes of a lost worker's tasks.
import type { RunPlan } from '../experiment/plan';
import type { Task } from './engine';

/** Messages of tasks sent ahead to each worker, so that it never waits for its next task after a short one. */
export const PIPELINE = 2;

/**
 * Short restarts go to a worker in groups of about this much work (function evaluations: search steps,
 * times the population for a genetic algorithm), at most MAX_GROUP of them: a message each way per
 * restart cost a 1,000-step search a third of its time (each post that wakes the other thread costs
 * 30–40 µs on a virtual machine). Networks, grid chunks and long searches go one at a time. With
 * PIPELINE groups sent ahead a worker holds about 2 × 50,000 evaluations (about 20 ms of annealing):
 * enough to ride out a pause of the main thread (a scavenge of its growing results took 5–15 ms),
 * which at 20,000 (8 ms ahead) left the worker waiting (the search benchmark: 4.8 → 5.5 M steps/s).
 */
export const GROUP_WORK = 50_000;
export const MAX_GROUP = 64;

/** How many restarts of `variant` go to a worker in one message. */
export function groupSize(plan: RunPlan, variant: number): number {
  const v = plan.variants[variant];
  if (v === undefined || v.kind !== 'function') return 1;
  const search = v.problem.search;
  const work = (Math.max(1, v.steps) + 1) * (search.name === 'genetic_algorithm' ? search.population : 1);
  return Math.max(1, Math.min(MAX_GROUP, Math.floor(GROUP_WORK / work)));
}

/**
 * A task in the queue or sent: `attempt` counts its retries; `alone` sends it in a message of its own
 * (a retry, so that a failure is its own); `group` numbers the message it was sent in, and `grouped`
 * says whether that message held several.
 */
export type Queued = Task & { attempt: number; alone: boolean; group: number; grouped: boolean };

/** A run's queue: its tasks in order, each with its index as task id, none tried or sent yet. */
export function queueOf(tasks: readonly Omit<Task, 'id'>[]): Queued[] {
  return tasks.map((t, id) => ({ ...t, id, attempt: 0, alone: false, group: 0, grouped: false }));
}

/** A task's work units, as progress counts them: a restart's steps, or a grid chunk's points. */
export function workOf(plan: RunPlan, t: Omit<Task, 'id'>): number {
  return t.grid ? (t.grid.rowEnd - t.grid.rowStart) * t.grid.plane.resolution : plan.variants[t.variant]!.steps;
}

/** Takes the next message's tasks from the front of `queue` (not empty): one, or a group of short restarts. Modifies `queue`. */
export function takeGroup(plan: RunPlan, queue: Queued[]): Queued[] {
  const first = queue.shift()!;
  // Retries and grid chunks go alone; restarts of one variant together.
  const joins = (t: Queued) => !t.alone && t.grid === undefined && t.variant === first.variant;
  if (!joins(first)) return [first];
  const size = groupSize(plan, first.variant);
  const group = [first];
  while (group.length < size && queue.length > 0 && joins(queue[0]!)) group.push(queue.shift()!);
  return group;
}

/** How many messages a worker's sent tasks came in. */
export function inFlight(sent: readonly Queued[]): number {
  return new Set(sent.map((t) => t.group)).size;
}

/** A message's tasks as the worker gets them: without the queue's bookkeeping. */
export function toTasks(group: readonly Queued[]): Task[] {
  return group.map(({ attempt: _a, alone: _l, group: _g, grouped: _d, ...task }) => task);
}

/**
 * A lost worker's sent tasks, in order, split into the suspects (the running one when the failure is
 * `exact`, else every task of its message) and the rest, which it had not started.
 */
export function splitLost(sent: readonly Queued[], exact: boolean): { suspects: Queued[]; waiting: Queued[] } {
  const running = sent[0];
  const suspects = running === undefined ? [] : exact ? [running] : sent.filter((t) => t.group === running.group);
  const waiting = sent.filter((t) => !suspects.includes(t));
  return { suspects, waiting };
}
