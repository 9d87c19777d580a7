// The scheduler's queue (core/protocol/task-queue.ts) on its own: group sizes from the work of a
// restart, which tasks share a message, and how a lost worker's tasks split into suspects and the rest.
import { describe, expect, it } from 'vitest';
import type { GridRows } from '../../../core/protocol/engine';
import { GROUP_WORK, MAX_GROUP, groupSize, inFlight, queueOf, splitLost, takeGroup, toTasks, workOf, type Queued } from '../../../core/protocol/task-queue';
import { plan, xorExperiment } from '../experiment/helpers';

/** Four function variants (searches of different lengths) and nothing else. */
const searches = plan({
  format: 'landscape-lab/experiment@1',
  seed: 'queue',
  restarts: 3,
  problem: { type: 'function', function: { name: 'himmelblau' }, search: { name: 'random_search', steps: 1000 } },
  variants: [
    { label: '1000 steps' },
    { label: '100 steps', problem: { search: { name: 'random_search', steps: 100 } } },
    { label: 'GA', problem: { search: { name: 'genetic_algorithm', steps: 100, population: 20 } } },
    { label: 'long', problem: { search: { name: 'random_search', steps: 200_000 } } },
    { label: 'no steps', problem: { search: { name: 'random_search', steps: 0 } } },
  ],
});
const network = plan(xorExperiment());

/** A grid chunk of rows [rowStart, rowEnd) of a plane of `resolution`. */
const chunk = (rowStart: number, rowEnd: number, resolution = 7) => ({ rowStart, rowEnd, plane: { resolution } }) as unknown as GridRows;

describe('groupSize', () => {
  it('groups short searches to about GROUP_WORK evaluations, at most MAX_GROUP; networks, long searches and unknown variants go alone', () => {
    expect(groupSize(searches, 0)).toBe(Math.floor(GROUP_WORK / 1001));
    expect(groupSize(searches, 1)).toBe(MAX_GROUP);
    expect(groupSize(searches, 2)).toBe(Math.floor(GROUP_WORK / (101 * 20)));
    expect(groupSize(searches, 3)).toBe(1);
    expect(groupSize(searches, 4)).toBe(MAX_GROUP);
    expect(groupSize(searches, 9)).toBe(1);
    expect(groupSize(network, 0)).toBe(1);
  });
});

describe('queueOf and toTasks', () => {
  it("numbers the tasks in order, untried and unsent, and strips the queue's bookkeeping again", () => {
    const tasks = [{ variant: 0, index: 0 }, { variant: 1, index: 0 }, { variant: 0, index: 1, grid: chunk(0, 2) }];
    const queue = queueOf(tasks);
    expect(queue).toEqual(tasks.map((t, id) => ({ ...t, id, attempt: 0, alone: false, group: 0, grouped: false })));
    queue[0]!.attempt = 1;
    queue[0]!.group = 4;
    expect(toTasks(queue)).toEqual(tasks.map((t, id) => ({ ...t, id })));
  });
});

describe('workOf', () => {
  it("counts a restart's steps, or a grid chunk's points", () => {
    expect(workOf(searches, { variant: 0, index: 2 })).toBe(1000);
    expect(workOf(searches, { variant: 2, index: 0 })).toBe(100);
    expect(workOf(searches, { variant: 0, index: 0, grid: chunk(3, 5, 9) })).toBe(18);
  });
});

describe('takeGroup', () => {
  const ids = (group: readonly Queued[]) => group.map((t) => t.id);

  it('takes restarts of one variant together, up to its group size, and stops at another variant', () => {
    const queue = queueOf([
      ...Array.from({ length: 70 }, (_, index) => ({ variant: 1, index })),
      { variant: 0, index: 0 },
      { variant: 0, index: 1 },
    ]);
    expect(ids(takeGroup(searches, queue))).toEqual(Array.from({ length: MAX_GROUP }, (_, i) => i));
    expect(ids(takeGroup(searches, queue))).toEqual([64, 65, 66, 67, 68, 69]);
    expect(ids(takeGroup(searches, queue))).toEqual([70, 71]);
    expect(queue).toEqual([]);
  });

  it('sends a retry alone, and does not let one join a group', () => {
    const queue = queueOf([0, 1, 2, 3].map((index) => ({ variant: 1, index })));
    queue[0]!.alone = true;
    queue[2]!.alone = true;
    expect(ids(takeGroup(searches, queue))).toEqual([0]);
    expect(ids(takeGroup(searches, queue))).toEqual([1]);
    expect(ids(takeGroup(searches, queue))).toEqual([2]);
    expect(ids(takeGroup(searches, queue))).toEqual([3]);
  });

  it('sends grid chunks, networks and long searches one at a time', () => {
    const grid = queueOf([0, 1].map((index) => ({ variant: 1, index, grid: chunk(index, index + 1) })));
    expect(ids(takeGroup(searches, grid))).toEqual([0]);
    const nets = queueOf([0, 1].map((index) => ({ variant: 0, index })));
    expect(ids(takeGroup(network, nets))).toEqual([0]);
    const long = queueOf([0, 1].map((index) => ({ variant: 3, index })));
    expect(ids(takeGroup(searches, long))).toEqual([0]);
  });
});

describe('inFlight and splitLost', () => {
  /** Sent tasks: ids 0–2 in message 1, 3–4 in message 2. */
  const sent = () => queueOf([0, 1, 2, 3, 4].map((index) => ({ variant: 1, index }))).map((t) => ({ ...t, group: t.id < 3 ? 1 : 2, grouped: true }));

  it('counts the messages the sent tasks came in', () => {
    expect(inFlight(sent())).toBe(2);
    expect(inFlight(sent().slice(3))).toBe(1);
    expect(inFlight([])).toBe(0);
  });

  it('suspects only the running task when the failure is exact, else its whole message; the rest wait', () => {
    const exact = splitLost(sent(), true);
    expect(exact.suspects.map((t) => t.id)).toEqual([0]);
    expect(exact.waiting.map((t) => t.id)).toEqual([1, 2, 3, 4]);
    const inexact = splitLost(sent(), false);
    expect(inexact.suspects.map((t) => t.id)).toEqual([0, 1, 2]);
    expect(inexact.waiting.map((t) => t.id)).toEqual([3, 4]);
    expect(splitLost([], false)).toEqual({ suspects: [], waiting: [] });
  });
});
