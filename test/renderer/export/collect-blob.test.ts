import { describe, expect, it } from 'vitest';
import { collectBlob, SLICE_MS } from '../../../renderer/export/collect-blob';

/** A Blob's text (jsdom's Blob has no text()). */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

describe('collectBlob', () => {
  it('makes a Blob of every part in order, yielding to the page after each SLICE_MS of work', async () => {
    let clock = 0;
    const yields: number[] = [];
    function* parts() {
      for (let i = 0; i < 10; i++) {
        clock += 5; // each part takes 5 ms to make
        yield `part ${i} ✓\n`;
      }
    }
    const blob = await collectBlob(parts(), 'text/csv', { now: () => clock, nextTask: async () => void yields.push(clock) });
    expect(await textOf(blob)).toBe(Array.from({ length: 10 }, (_, i) => `part ${i} ✓\n`).join(''));
    expect(blob.type).toBe('text/csv');
    // 5 ms a part: a slice holds three parts (15 ms >= SLICE_MS), so the page gets a task back after parts 3, 6 and 9.
    expect(SLICE_MS).toBe(12);
    expect(yields).toEqual([15, 30, 45]);
  });

  it('does not yield for a file made within one slice, and makes an empty file of no parts', async () => {
    let yields = 0;
    const deps = { now: () => 0, nextTask: async () => void yields++ };
    expect(await textOf(await collectBlob(['a', 'b', 'c'], 'application/json', deps))).toBe('abc');
    expect((await collectBlob([], 'text/csv', deps)).size).toBe(0);
    expect(yields).toBe(0);
  });
});
