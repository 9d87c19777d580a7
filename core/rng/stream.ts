import { doubleBuffer, Xor4096 } from './xor4096';

/** The most draws a stream makes ahead. */
const BUFFER = 256;
/** Draws made ahead at a stream's first draw. */
const FIRST_BATCH = 4;

/**
 * One seeded stream of random draws. Every random number in the lab comes from a Stream, never
 * from Math.random. The generator is seedrandom's xor4096 (Brent's xorgens, period 2^4096 - 1),
 * read 53 bits at a time, which is several times faster than seedrandom's default ARC4; our Xor4096
 * class gives seedrandom's sequence for the same key, seeding included, faster.
 */
export class Stream {
  private readonly prng: Xor4096;
  // Draws are made ahead into a buffer, a few at first (most streams of a restart draw a handful),
  // doubling up to BUFFER: the generator then runs in one loop with its state in locals, and a draw
  // is a read. The numbers and their order are the generator's, whatever the buffer's size.
  private readonly buffer = doubleBuffer(BUFFER);
  private at = 0;
  private end = 0;
  private batch = FIRST_BATCH;
  private spare = 0;
  private hasSpare = false;

  /** Seeds the stream from a string key; equal keys give equal sequences on every platform. */
  constructor(key: string) {
    this.prng = new Xor4096(key);
  }

  /** A uniform draw in the open interval (0, 1) with 53 random bits. */
  uniform(): number {
    if (this.at === this.end) this.refill();
    return this.buffer[this.at++]!;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  private refill(): void {
    const n = this.batch;
    this.prng.fill(this.buffer, n);
    this.at = 0;
    this.end = n;
    if (n < BUFFER) this.batch = 2 * n;
  }

  /** A standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** A standard normal draw redrawn until it lies within ±2 (Keras's truncated normal before scaling). */
  truncatedNormal(): number {
    for (;;) {
      const z = this.normal();
      if (z >= -2 && z <= 2) return z;
    }
  }
}
