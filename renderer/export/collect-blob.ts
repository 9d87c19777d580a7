// A large run's files are made from generators (a restart's rows a part, or fewer). Making them and
// turning them into a Blob in one task held the page for seconds (256 restarts of 701 records with
// their parameters: 6.4 s, most of it the Blob encoding the strings). collectBlob takes the parts
// over tasks of about SLICE_MS of work, and encodes each slice in a task of its own: Chromium encodes
// a Blob of strings at about 70 MB/s (14 ms a megabyte, measured), so a slice also ends at
// SLICE_CHARS characters. Joining Blobs costs too (250 slices of 500 kB: 39 ms in one call), so every
// JOIN_EVERY slices are joined as they come, and the final Blob joins those groups.

/** Work (ms) making parts between two yields to the page. */
export const SLICE_MS = 8;
/** Characters in a slice at most (about 7 ms to encode), unless a single part is longer. */
export const SLICE_CHARS = 500_000;
/** Slices joined into one Blob as soon as there are this many. */
export const JOIN_EVERY = 16;

import { nextTask as laterTask } from '../next-task';

export interface CollectDeps {
  now?: () => number;
  /** Resolves in a later task (default setTimeout 0). */
  nextTask?: () => Promise<void>;
  /** Makes a slice's Blob (default `new Blob(parts)`); a test counts the calls. */
  encode?: (parts: string[]) => Blob;
}

/** A Blob of every part of `parts`, in order, made over as many tasks as its slices need. */
export async function collectBlob(parts: Iterable<string>, type: string, deps: CollectDeps = {}): Promise<Blob> {
  const now = deps.now ?? (() => performance.now());
  const nextTask = deps.nextTask ?? laterTask;
  const encode = deps.encode ?? ((slice: string[]) => new Blob(slice));
  const groups: Blob[] = [];
  let slices: Blob[] = [];
  let slice: string[] = [];
  let chars = 0;
  let until = now() + SLICE_MS;
  for (const part of parts) {
    slice.push(part);
    chars += part.length;
    if (now() >= until || chars >= SLICE_CHARS) {
      // Made in this task; encoded in the next; the next parts in the one after.
      await nextTask();
      slices.push(encode(slice));
      slice = [];
      chars = 0;
      if (slices.length === JOIN_EVERY) {
        groups.push(new Blob(slices));
        slices = [];
      }
      await nextTask();
      until = now() + SLICE_MS;
    }
  }
  if (slice.length > 0) slices.push(encode(slice));
  return new Blob([...groups, ...slices], { type });
}
