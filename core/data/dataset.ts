/**
 * A training set in memory: inputs row-major, one row per sample. For classification `y` holds one
 * class index per sample and `classes` counts them; for regression `y` holds `targets` values per
 * sample and `classes` is null.
 */
export interface Dataset {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly samples: number;
  readonly features: number;
  readonly targets: number;
  readonly classes: number | null;
  readonly featureNames: readonly string[];
  readonly targetName: string;
}

/**
 * A 64-bit digest of the inputs and targets as 16 hex digits (two independent 32-bit multiply-xor
 * lanes over the data's 32-bit words, after cyrb53): equal data, equal digest. Used to check that
 * shards of one run trained on the same data; not a cryptographic hash.
 */
export function datasetHash(d: Dataset): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const header = new Float64Array([d.samples, d.features, d.targets, d.classes ?? -1]);
  for (const arr of [header, d.x, d.y]) {
    const words = new Uint32Array(arr.buffer, arr.byteOffset, arr.length * 2);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
