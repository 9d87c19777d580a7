/** A one-line progress bar for a terminal, redrawn at most ten times a second; silent when the stream is not a TTY. */
export class ProgressBar {
  private last = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown; columns?: number },
    private readonly label: string,
  ) {}

  /** Shows `done` of `total` work units. */
  update(done: number, total: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const elapsed = (now - this.started) / 1000;
    const eta = fraction > 0 && fraction < 1 ? ` ~${formatSeconds((elapsed / fraction) * (1 - fraction))} left` : '';
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${eta}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the bar's line. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
