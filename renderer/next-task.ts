// A later task of the page (or worker): awaiting it lets the page draw and take input between two
// pieces of work. A timer of 0 ms, so unlike a message to ourselves it waits its turn behind input.

/** Resolves in a later task. */
export function nextTask(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}
