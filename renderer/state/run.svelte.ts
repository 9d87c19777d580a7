// What the window knows of the current run, filled from the host's event batches; Svelte components
// read it reactively. Typed arrays are kept raw (not deeply proxied): they are large and immutable.
// The host sends long restarts already thinned for drawing (core/protocol/decimate.ts), to the budget
// given at the run's start (drawBudget), and keeps every record for export.
import type { Configuration } from '../../core/export/outputs';
import type { RestartResult } from '../../core/experiment/result';
import type { LandscapeData, RunEventBatch, RunState as HostState } from '../../core/protocol/lab-api';

/** The window's view of one run. */
export class RunView {
  run = $state<number | null>(null);
  name = $state('');
  state = $state<HostState | 'idle'>('idle');
  message = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  restartsDone = $state(0);
  tasks = $state(0);
  configurations = $state.raw<Configuration[]>([]);
  /**
   * Points the window draws of one configuration's restarts together (core/protocol/decimate.ts):
   * Infinity, or SOFTWARE_DRAW_BUDGET where WebGL runs in software. Set before a run starts, and
   * sent with it (startBudget), so the host thins the run's events to it.
   */
  drawBudget = Infinity;
  /** Finished restarts in arrival order (a new array on each change). */
  results = $state.raw<RestartResult[]>([]);
  landscape = $state.raw<LandscapeData | null>(null);
  /** Bumped whenever grid rows arrive (the landscape's grid is filled in place). */
  rowsVersion = $state(0);
  /** Rows that arrived since the view last took them: [rowStart, values]. */
  pendingRows: [number, Float64Array][] = [];
  analysed = $state(false);
  startedAt = $state<number | null>(null);
  endedAt = $state<number | null>(null);

  /** Forgets the previous run and waits for `run`'s events. */
  begin(run: number, now: number): void {
    this.run = run;
    this.name = '';
    this.state = 'running';
    this.message = null;
    this.done = 0;
    this.total = 0;
    this.restartsDone = 0;
    this.tasks = 0;
    this.configurations = [];
    this.results = [];
    this.landscape = null;
    this.pendingRows = [];
    this.rowsVersion = 0;
    this.analysed = false;
    this.startedAt = now;
    this.endedAt = null;
  }

  /** drawBudget as a run's start request carries it (null: no budget). */
  get startBudget(): number | null {
    return Number.isFinite(this.drawBudget) ? Math.max(1, Math.round(this.drawBudget)) : null;
  }

  /** Applies a batch of the current run's events (other runs' batches are ignored). */
  apply(batch: RunEventBatch, now: number): void {
    if (batch.run !== this.run) return;
    let results: RestartResult[] | null = null;
    for (const e of batch.events) {
      switch (e.type) {
        case 'started':
          this.name = e.name;
          this.tasks = e.tasks;
          this.configurations = e.configurations;
          break;
        case 'state':
          this.state = e.state;
          this.message = e.message;
          if (e.state === 'completed' || e.state === 'cancelled' || e.state === 'failed') this.endedAt = now;
          break;
        case 'progress':
          this.done = e.done;
          this.total = e.total;
          break;
        case 'restart': {
          results ??= [...this.results];
          results.push(e.result);
          break;
        }
        case 'landscape':
          this.landscape = e.landscape;
          this.pendingRows = [];
          break;
        case 'rows':
          if (this.landscape !== null) {
            this.landscape.grid.set(e.values, e.rowStart * this.landscape.x.length);
            this.pendingRows.push([e.rowStart, e.values]);
          }
          this.rowsVersion++;
          break;
        case 'analysis': {
          const byKey = new Map(e.restarts.map((a) => [`${a.variant}/${a.index}`, a]));
          results ??= [...this.results];
          results = results.map((r) => {
            const a = byKey.get(`${r.variant}/${r.index}`);
            return a === undefined ? r : { ...r, stalledAt: a.stalledAt, basin: a.basin };
          });
          if (this.landscape !== null && e.barrier !== null) this.landscape = { ...this.landscape, barrier: e.barrier };
          this.analysed = true;
          break;
        }
      }
    }
    if (results !== null) {
      this.results = results;
      this.restartsDone = results.length;
    }
  }

  /** Takes the rows that arrived since the last call. */
  takeRows(): [number, Float64Array][] {
    const rows = this.pendingRows;
    this.pendingRows = [];
    return rows;
  }

  /** Whether the run is still going (training or finishing). */
  get going(): boolean {
    return this.state === 'running' || this.state === 'paused' || this.state === 'finishing';
  }

  /** Seconds left, from the rate so far; null before there is a rate. */
  eta(now: number): number | null {
    if (this.startedAt === null || this.done <= 0 || this.total <= 0 || !this.going) return null;
    const elapsed = (now - this.startedAt) / 1000;
    return (elapsed * (this.total - this.done)) / this.done;
  }
}
