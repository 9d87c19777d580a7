import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Xor4096 } from '../../../core/rng/xor4096';

describe('Xor4096', () => {
  it.each(['', 'landscape-lab', 'seed/123/init', 'ünïcödé ✓', 'a'.repeat(300)])('continues seedrandom.xor4096(%j) draw for draw', (key) => {
    const ours = new Xor4096(key);
    const theirs = seedrandom.xor4096(key);
    for (let i = 0; i < 20_000; i++) {
      if (i % 3 === 0) expect(ours.next()).toBe(theirs.int32());
      else expect(ours.double()).toBe(theirs.double());
    }
  });
});
