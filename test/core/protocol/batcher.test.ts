import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../../core/protocol/batcher';
import type { RunEventBatch } from '../../../core/protocol/lab-api';

/** A timer the test fires by hand. */
function manualTimer() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    set: (cb: () => void, _ms: number) => {
      pending.set(++next, cb);
      return next;
    },
    clear: (h: unknown) => void pending.delete(h as number),
    fire: () => {
      const cbs = [...pending.values()];
      pending.clear();
      for (const cb of cbs) cb();
    },
    get armed() {
      return pending.size;
    },
  };
}

describe('EventBatcher', () => {
  it('sends nothing until its interval passes, then one batch whose progress events collapse to the latest', () => {
    const timer = manualTimer();
    const sent: RunEventBatch[] = [];
    const b = new EventBatcher(7, (batch) => sent.push(batch), timer);
    for (let i = 1; i <= 1000; i++) b.push({ type: 'progress', run: 7, done: i, total: 1000, restartsDone: 0 });
    expect(sent).toHaveLength(0);
    expect(timer.armed).toBe(1);
    timer.fire();
    expect(sent).toEqual([{ run: 7, events: [{ type: 'progress', run: 7, done: 1000, total: 1000, restartsDone: 0 }] }]);
  });

  it('keeps the order of other events, collapsing only adjacent progress reports', () => {
    const timer = manualTimer();
    const sent: RunEventBatch[] = [];
    const b = new EventBatcher(1, (batch) => sent.push(batch), timer);
    b.push({ type: 'progress', run: 1, done: 1, total: 9, restartsDone: 0 });
    b.push({ type: 'progress', run: 1, done: 2, total: 9, restartsDone: 0 });
    b.push({ type: 'rows', run: 1, rowStart: 0, values: new Float64Array(3) });
    b.push({ type: 'progress', run: 1, done: 3, total: 9, restartsDone: 0 });
    timer.fire();
    expect(sent[0]!.events.map((e) => (e.type === 'progress' ? e.done : e.type))).toEqual([2, 'rows', 3]);
  });

  it('sends a state change at once, after what was queued before it, and disarms the timer', () => {
    const timer = manualTimer();
    const sent: RunEventBatch[] = [];
    const b = new EventBatcher(3, (batch) => sent.push(batch), timer);
    b.push({ type: 'progress', run: 3, done: 1, total: 9, restartsDone: 0 });
    expect(sent).toHaveLength(0);
    b.push({ type: 'state', run: 3, state: 'paused', message: null });
    expect(sent.map((s) => s.events.map((e) => e.type))).toEqual([['progress', 'state']]);
    expect(timer.armed).toBe(0);
    b.push({ type: 'progress', run: 3, done: 2, total: 9, restartsDone: 0 });
    expect(sent).toHaveLength(1);
    timer.fire();
    expect(sent).toHaveLength(2);
  });

  it('flush sends at once and disarms the timer; an empty flush sends nothing', () => {
    const timer = manualTimer();
    const sent: RunEventBatch[] = [];
    const b = new EventBatcher(2, (batch) => sent.push(batch), timer);
    b.flush();
    expect(sent).toHaveLength(0);
    b.push({ type: 'state', run: 2, state: 'completed', message: null });
    b.flush();
    expect(sent).toHaveLength(1);
    expect(timer.armed).toBe(0);
  });
});

describe('atMostEvery', () => {
  it('says yes at once, then not again until the interval has passed on the given clock', async () => {
    const { atMostEvery } = await import('../../../core/protocol/engine');
    let t = 1000;
    const due = atMostEvery(50, () => t);
    expect(due()).toBe(true);
    t = 1049;
    expect(due()).toBe(false);
    t = 1050;
    expect(due()).toBe(true);
    expect(due()).toBe(false);
  });
});
