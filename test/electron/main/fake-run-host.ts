// A RunHost that records calls, reads the datasets an experiment names (as the real one would, through
// readText) and lets tests emit event batches.
import type { ReadText } from '../../../core/experiment/resolve';
import { LabError, type ExperimentSource, type ExportReply, type RunEventBatch, type ValidateReply } from '../../../core/protocol/lab-api';
import type { RunHost } from '../../../electron/engine/run-host';

export class FakeRunHost implements RunHost {
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** Dataset names each validate/start reads through readText; what it read is in `read`. */
  datasets: string[] = [];
  read: Record<string, string> = {};
  readErrors: Record<string, string> = {};
  runs = new Set<number>();
  closed = false;
  private nextRun = 1;
  private readonly listeners = new Set<(batch: RunEventBatch) => void>();

  private readAll(readText: ReadText): void {
    this.read = {};
    this.readErrors = {};
    for (const name of this.datasets) {
      try {
        this.read[name] = readText(name);
      } catch (e) {
        this.readErrors[name] = (e as Error).message;
      }
    }
  }

  private known(run: number): void {
    if (!this.runs.has(run)) throw new LabError('invalid-request', `no run ${run}`);
  }

  validate(source: ExperimentSource, readText: ReadText): ValidateReply {
    this.calls.push({ method: 'validate', args: [source] });
    this.readAll(readText);
    return { ok: true, description: 'fake', restarts: 1, variants: 1 };
  }

  async start(source: ExperimentSource, readText: ReadText): Promise<{ run: number }> {
    this.calls.push({ method: 'start', args: [source] });
    this.readAll(readText);
    const run = this.nextRun++;
    this.runs.add(run);
    return { run };
  }

  pause(run: number): void {
    this.calls.push({ method: 'pause', args: [run] });
    this.known(run);
  }

  resume(run: number): void {
    this.calls.push({ method: 'resume', args: [run] });
    this.known(run);
  }

  warm(): void {
    this.calls.push({ method: 'warm', args: [] });
  }

  step(run: number): void {
    this.calls.push({ method: 'step', args: [run] });
    this.known(run);
  }

  cancel(run: number): void {
    this.calls.push({ method: 'cancel', args: [run] });
    this.known(run);
  }

  async exportRun(run: number, dir: string): Promise<ExportReply> {
    this.calls.push({ method: 'exportRun', args: [run, dir] });
    this.known(run);
    return { dir, files: ['run.json'], removed: [] };
  }

  setWorkers(workers?: number): void {
    this.calls.push({ method: 'setWorkers', args: [workers] });
  }

  onEvents(listener: (batch: RunEventBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(batch: RunEventBatch): void {
    for (const l of this.listeners) l(batch);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.calls.push({ method: 'close', args: [] });
    this.closed = true;
  }
}
