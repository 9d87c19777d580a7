import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { restartSeed } from '../../../core/rng/seeds';
import { Xor4096 } from '../../../core/rng/xor4096';

// Xor4096 seeds itself (seedrandom's string mixing, ported) and restartSeed remembers its last key:
// speed changes only, so each must give exactly what seedrandom gives, which stays the reference.

describe('Xor4096 seeding', () => {
  it('is seedrandom.xor4096 for any string key: the same int32 and double draws (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ minLength: 120, maxLength: 400 })), (key) => {
        const ours = new Xor4096(key);
        const theirs = seedrandom.xor4096(key);
        for (let i = 0; i < 300; i++) {
          if (i % 4 === 0) expect(ours.next()).toBe(theirs.int32());
          else expect(ours.double()).toBe(theirs.double());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches seedrandom for keys of every length around the 128-character mixing limit', () => {
    for (let n = 120; n <= 132; n++) {
      const key = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 37) % 95))).join('');
      const ours = new Xor4096(key);
      const theirs = seedrandom.xor4096(key);
      for (let i = 0; i < 50; i++) expect(ours.double()).toBe(theirs.double());
    }
  });
});

describe('restartSeed', () => {
  it('is seedrandom.xor4096 of "restart/<index>/<seed>", scaled to 2^53, in any order of calls', () => {
    const reference = (seed: string, index: number) => seedrandom.xor4096(`restart/${index}/${seed}`).double() * 2 ** 53;
    const calls: [string, number][] = [['a', 0], ['a', 0], ['a', 1], ['b', 1], ['a', 1], ['a', 0], ['b', 1], ['b', 0], ['1/a', 0], ['a', 10], ['', 0], ['', 0]];
    for (const [seed, index] of calls) expect(restartSeed(seed, index)).toBe(reference(seed, index));
  });
});
