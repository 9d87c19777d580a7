import { Stream } from './stream';
import { Xor4096 } from './xor4096';

/** What a stream is used for; each purpose has its own stream so that one never shifts another. */
export type StreamPurpose = 'init' | 'order' | 'search';

/** Stream seeds an experiment may pin: a pinned stream is the same for every restart. */
export interface PinnedSeeds {
  init?: string | undefined;
  order?: string | undefined;
  data?: string | undefined;
  search?: string | undefined;
}

const SEED_RANGE = 2 ** 53;

// The last seed derived: a restart asks for its seed once per stream and once for its result, and
// each derivation seeds a generator (hundreds of mixing rounds).
const last = { key: '', seed: 0 };

/**
 * The seed of restart `index`: an integer in [0, 2^53) derived from the master seed and the index
 * alone, so it does not depend on how many restarts run, in which order, or where.
 */
export function restartSeed(masterSeed: string, index: number): number {
  const key = `restart/${index}/${masterSeed}`;
  if (key !== last.key) {
    // double() has exactly 53 random bits, so the product is an exact integer.
    last.seed = new Xor4096(key).double() * SEED_RANGE;
    last.key = key;
  }
  return last.seed;
}

/** The stream restart `index` uses for `purpose`: derived from its restart seed, unless the experiment pins it. */
export function restartStream(
  masterSeed: string,
  pinned: PinnedSeeds | undefined,
  index: number,
  purpose: StreamPurpose,
): Stream {
  const fixed = pinned?.[purpose];
  if (fixed !== undefined) return new Stream(`pinned/${purpose}/${fixed}`);
  return new Stream(`seed/${restartSeed(masterSeed, index)}/${purpose}`);
}

/** The stream that generates the dataset: one per experiment, so every restart trains on the same data. */
export function dataStream(masterSeed: string, pinned: PinnedSeeds | undefined): Stream {
  const fixed = pinned?.data;
  return new Stream(fixed !== undefined ? `pinned/data/${fixed}` : `data/${masterSeed}`);
}
