import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes a file atomically: the text goes to a temporary file beside the target, is flushed to disk,
 * and is renamed over the target, so a crash midway leaves the previous file intact. `content` may be
 * a string, pieces of one (written in order, never joined in memory), or bytes.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    try {
      if (content instanceof Uint8Array) {
        for (let at = 0; at < content.byteLength; ) at += writeSync(fd, content, at);
      } else for (const piece of typeof content === 'string' ? [content] : content) writeSync(fd, piece);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
