import type { RunEvent, RunEventBatch } from './lab-api';

/** The host's timer, passed in (core has no clock). */
export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Default batch interval: at most 5 batches a second per run (state changes go at once). Every batch
 * makes the window lay out, paint and composite; at 30 a second, on a 2-core machine whose other core
 * trains, those frames alone kept the page's thread from its turn for 50 ms and more, and at 10 a
 * second compositing on software GL still took 0.8 of a core (docs/reliability.md).
 */
export const BATCH_INTERVAL_MS = 200;

/**
 * Gathers one run's events into batches sent at most once per `intervalMs`, however fast workers
 * report: events keep their order, and progress events in a batch collapse to the latest one. A
 * state change (paused, completed, …) sends the batch at once, with what was queued before it.
 */
export class EventBatcher {
  private pending: RunEvent[] = [];
  private handle: unknown = null;

  constructor(
    private readonly run: number,
    private readonly send: (batch: RunEventBatch) => void,
    private readonly timer: Timer,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  /** Queues an event; the batch goes out when the interval since its first event has passed. */
  push(event: RunEvent): void {
    if (event.type === 'progress') {
      const last = this.pending.length - 1;
      if (last >= 0 && this.pending[last]!.type === 'progress') {
        this.pending[last] = event;
        return;
      }
    }
    this.pending.push(event);
    if (event.type === 'state') return this.flush();
    if (this.handle === null) this.handle = this.timer.set(() => this.flush(), this.intervalMs);
  }

  /** Sends what is queued now (at the end of a run, or when the host closes). */
  flush(): void {
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.send({ run: this.run, events });
  }
}
