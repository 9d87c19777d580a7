import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../../electron/cli/progress';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, write: (s: string) => written.push(s), written };
}

describe('ProgressBar', () => {
  it('draws a bar with the percentage on a terminal and clears it at the end', () => {
    const s = stream(true);
    const bar = new ProgressBar(s, 'demo');
    bar.update(0, 200);
    bar.update(200, 200);
    bar.finish();
    expect(s.written[0]).toBe(`\rdemo [${'.'.repeat(30)}]   0%\x1b[K`);
    expect(s.written[1]).toBe(`\rdemo [${'#'.repeat(30)}] 100%\x1b[K`);
    expect(s.written.at(-1)).toBe('\r\x1b[K');
  });

  it('redraws at most ten times a second, except to show completion', () => {
    const s = stream(true);
    const bar = new ProgressBar(s, 'x');
    for (let i = 0; i < 1000; i++) bar.update(i, 1000);
    expect(s.written.length).toBeLessThanOrEqual(2);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const s = stream(false);
    const bar = new ProgressBar(s, 'x');
    bar.update(5, 10);
    bar.finish();
    expect(s.written).toEqual([]);
  });
});
