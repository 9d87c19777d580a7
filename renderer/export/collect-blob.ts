// A large run's files are made from generators (a restart's rows a part). Making them and turning
// them into a Blob in one task held the page for seconds (256 restarts of 701 records with their
// parameters: 6.4 s, most of it the Blob encoding the strings). collectBlob takes the parts over
// several tasks of about SLICE_MS of work each, and encodes each slice's parts in their own task:
// the final Blob only joins the slices' Blobs.

/** Work (ms) between two yields to the page. */
export const SLICE_MS = 12;

export interface CollectDeps {
  now?: () => number;
  /** Resolves in a later task (default setTimeout 0). */
  nextTask?: () => Promise<void>;
}

/** A Blob of every part of `parts`, in order, made over as many tasks as SLICE_MS slices need. */
export async function collectBlob(parts: Iterable<string>, type: string, deps: CollectDeps = {}): Promise<Blob> {
  const now = deps.now ?? (() => performance.now());
  const nextTask = deps.nextTask ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const slices: Blob[] = [];
  let slice: string[] = [];
  let until = now() + SLICE_MS;
  for (const part of parts) {
    slice.push(part);
    if (now() >= until) {
      slices.push(new Blob(slice));
      slice = [];
      await nextTask();
      until = now() + SLICE_MS;
    }
  }
  slices.push(new Blob(slice));
  return new Blob(slices, { type });
}
