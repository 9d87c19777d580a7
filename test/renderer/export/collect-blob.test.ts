import { describe, expect, it } from 'vitest';
import { collectBlob, JOIN_EVERY, SLICE_CHARS, SLICE_MS } from '../../../renderer/export/collect-blob';

/** A Blob's text (jsdom's Blob has no text()). */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** What happened in which task: parts made (`make i`) and slices encoded (`encode n parts`). */
function recorder() {
  let task = 0;
  const log: string[] = [];
  return {
    log,
    nextTask: async () => void task++,
    encode: (slice: string[]) => {
      log.push(`task ${task}: encode ${slice.length}`);
      return new Blob(slice);
    },
    made: (i: number) => log.push(`task ${task}: make ${i}`),
  };
}

describe('collectBlob', () => {
  it('makes a Blob of every part in order, making SLICE_MS of parts a task and encoding each slice in a task of its own', async () => {
    let clock = 0;
    const r = recorder();
    function* parts() {
      for (let i = 0; i < 7; i++) {
        clock += 3; // each part takes 3 ms to make
        r.made(i);
        yield `part ${i} ✓\n`;
      }
    }
    const blob = await collectBlob(parts(), 'text/csv', { now: () => clock, nextTask: r.nextTask, encode: r.encode });
    expect(await textOf(blob)).toBe(Array.from({ length: 7 }, (_, i) => `part ${i} ✓\n`).join(''));
    expect(blob.type).toBe('text/csv');
    // 3 ms a part: a slice holds three parts (9 ms >= SLICE_MS).
    expect(SLICE_MS).toBe(8);
    expect(r.log).toEqual([
      'task 0: make 0', 'task 0: make 1', 'task 0: make 2', 'task 1: encode 3',
      'task 2: make 3', 'task 2: make 4', 'task 2: make 5', 'task 3: encode 3',
      'task 4: make 6', 'task 4: encode 1',
    ]);
  });

  it('ends a slice at SLICE_CHARS characters however fast the parts come', async () => {
    const r = recorder();
    const part = 'x'.repeat(SLICE_CHARS / 4);
    const blob = await collectBlob(Array.from({ length: 9 }, () => part), 'text/plain', { now: () => 0, nextTask: r.nextTask, encode: r.encode });
    expect(blob.size).toBe(9 * part.length);
    expect(r.log).toEqual(['task 1: encode 4', 'task 3: encode 4', 'task 4: encode 1']);
  });

  it('keeps every part in order across many slices joined in groups of JOIN_EVERY', async () => {
    let clock = 0;
    const r = recorder();
    const count = 3 * JOIN_EVERY + 5;
    const parts = function* () {
      for (let i = 0; i < count; i++) {
        clock += SLICE_MS; // a slice a part
        yield `${i},`;
      }
    };
    const blob = await collectBlob(parts(), 'text/csv', { now: () => clock, nextTask: r.nextTask, encode: r.encode });
    expect(await textOf(blob)).toBe(Array.from({ length: count }, (_, i) => `${i},`).join(''));
    expect(r.log.filter((l) => l.includes('encode'))).toHaveLength(count);
  });

  it('does not yield for a file made within one slice, and makes an empty file of no parts', async () => {
    let yields = 0;
    const deps = { now: () => 0, nextTask: async () => void yields++ };
    expect(await textOf(await collectBlob(['a', 'b', 'c'], 'application/json', deps))).toBe('abc');
    expect((await collectBlob([], 'text/csv', deps)).size).toBe(0);
    expect(yields).toBe(0);
  });
});
