import seedrandom from 'seedrandom';

/**
 * Richard Brent's xorgens xor4096, as seedrandom implements it, in a tight class: seedrandom seeds it
 * (its string-to-state mixing is kept exactly) and hands over its state; `next()` and `double()` then
 * produce the same sequence as seedrandom's xor4096 `int32()` and `double()`, about twice as fast
 * (tested draw for draw against seedrandom).
 */
export class Xor4096 {
  private readonly x = new Int32Array(128);
  private i: number;
  private w: number;

  constructor(key: string) {
    const state = seedrandom.xor4096(key, { state: true }).state();
    this.x.set(state.X);
    this.i = state.i;
    this.w = state.w;
  }

  /** The next 32-bit signed integer (seedrandom's `int32()`). */
  next(): number {
    const X = this.x;
    const w = (this.w + 0x61c88647) | 0;
    this.w = w;
    let v = X[(this.i + 34) & 127]!;
    const i = (this.i + 1) & 127;
    let t = X[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = v ^ t;
    X[i] = v;
    this.i = i;
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /** A uniform draw in (0, 1) with 53 random bits (seedrandom's `double()`). */
  double(): number {
    for (;;) {
      const top = this.next() >>> 11;
      const bot = (this.next() >>> 0) / 0x100000000;
      const result = (top + bot) / (1 << 21);
      if (result !== 0) return result;
    }
  }
}
