import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataStream, restartSeed, restartStream, type PinnedSeeds, type StreamPurpose } from '../../../core/rng/seeds';
import type { Stream } from '../../../core/rng/stream';

const PURPOSES: StreamPurpose[] = ['init', 'order', 'search'];

/** The first draws of a stream, enough to tell two streams apart. */
function head(stream: Stream): number[] {
  return Array.from({ length: 8 }, () => stream.uniform());
}

describe('restartSeed', () => {
  it('is an integer in [0, 2^53) for any master seed and index (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat({ max: 1_000_000 }), (seed, index) => {
        const s = restartSeed(seed, index);
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThan(2 ** 53);
      }),
      { numRuns: 500 },
    );
  });

  it('pins the seeds of a known master seed', () => {
    expect([0, 1, 2].map((i) => restartSeed('lab', i))).toEqual([6946226730685070, 5840586670166915, 7554029897864027]);
  });

  it('depends on (seed, index) only: restart 5 alone equals restart 5 among 100, in either order', () => {
    const alone = restartSeed('experiment', 5);
    const forward = Array.from({ length: 100 }, (_, i) => restartSeed('experiment', i));
    const backward: number[] = [];
    for (let i = 99; i >= 0; i--) backward[i] = restartSeed('experiment', i);
    expect(forward[5]).toBe(alone);
    expect(backward).toEqual(forward);
  });

  it('differs between restarts and between master seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => restartSeed('experiment', i));
    expect(new Set(seeds).size).toBe(1000);
    expect(restartSeed('experiment', 0)).not.toBe(restartSeed('experiment2', 0));
  });
});

describe('restartStream', () => {
  it('gives the same stream for the same (seed, index, purpose), computed alone or among others', () => {
    const alone = head(restartStream('exp', undefined, 5, 'init'));
    const among = Array.from({ length: 10 }, (_, i) => head(restartStream('exp', undefined, i, 'init')));
    expect(among[5]).toEqual(alone);
  });

  it('gives each purpose its own stream', () => {
    const [init, order, search] = PURPOSES.map((p) => head(restartStream('exp', undefined, 0, p)));
    expect(init).not.toEqual(order);
    expect(init).not.toEqual(search);
    expect(order).not.toEqual(search);
  });

  it.each(PURPOSES)('unpinned %s streams differ between restarts', (purpose) => {
    const heads = Array.from({ length: 10 }, (_, i) => JSON.stringify(head(restartStream('exp', undefined, i, purpose))));
    expect(new Set(heads).size).toBe(10);
  });

  it.each(PURPOSES)('a pinned %s stream is equal for every restart index while the other purposes still differ', (purpose) => {
    const pinned: PinnedSeeds = { [purpose]: 'fixed' };
    const first = head(restartStream('exp', pinned, 0, purpose));
    for (let i = 1; i < 20; i++) expect(head(restartStream('exp', pinned, i, purpose))).toEqual(first);
    for (const other of PURPOSES.filter((p) => p !== purpose)) {
      expect(head(restartStream('exp', pinned, 1, other))).not.toEqual(head(restartStream('exp', pinned, 0, other)));
      // Pinning one purpose leaves the others exactly as they were unpinned.
      expect(head(restartStream('exp', pinned, 3, other))).toEqual(head(restartStream('exp', undefined, 3, other)));
    }
  });

  it('gives different pinned streams for different pinned values and for different purposes with one value', () => {
    expect(head(restartStream('exp', { init: 'a' }, 0, 'init'))).not.toEqual(head(restartStream('exp', { init: 'b' }, 0, 'init')));
    expect(head(restartStream('exp', { init: 'a', order: 'a' }, 0, 'init'))).not.toEqual(
      head(restartStream('exp', { init: 'a', order: 'a' }, 0, 'order')),
    );
  });
});

describe('dataStream', () => {
  it('is one stream per experiment: equal for the same seed, different for another seed', () => {
    expect(head(dataStream('exp', undefined))).toEqual(head(dataStream('exp', undefined)));
    expect(head(dataStream('exp', undefined))).not.toEqual(head(dataStream('exp2', undefined)));
  });

  it("differs from every restart's streams", () => {
    const data = head(dataStream('exp', undefined));
    for (let i = 0; i < 20; i++) {
      for (const p of PURPOSES) expect(head(restartStream('exp', undefined, i, p))).not.toEqual(data);
    }
  });

  it('ignores pins of the other purposes and follows its own pin instead of the master seed', () => {
    const plain = head(dataStream('exp', undefined));
    expect(head(dataStream('exp', { init: 'x', order: 'y', search: 'z' }))).toEqual(plain);
    const pinned = head(dataStream('exp', { data: 'd' }));
    expect(pinned).not.toEqual(plain);
    expect(head(dataStream('other', { data: 'd' }))).toEqual(pinned);
  });
});
