// Reading a user's text file with a size limit checked before reading; errors name the file.
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

/** Bytes as MiB with one decimal, for messages. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'not a file';
  return e instanceof Error ? e.message : String(e);
}

function check(path: string, st: Stats, limit: number): void {
  if (!st.isFile()) throw new Error(`${path}: not a file`);
  if (st.size > limit) throw new Error(`${path}: ${mib(st.size)}, over the limit of ${mib(limit)}`);
}

/** Reads a UTF-8 file of at most `limit` bytes; throws an Error whose message starts with the path. */
export async function readTextFile(path: string, limit: number): Promise<string> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (e) {
    throw new Error(`${path}: ${reason(e)}`);
  }
  check(path, st, limit);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: ${reason(e)}`);
  }
}

/** The synchronous twin of readTextFile (for core's synchronous ReadText). */
export function readTextFileSync(path: string, limit: number): string {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new Error(`${path}: ${reason(e)}`);
  }
  check(path, st, limit);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: ${reason(e)}`);
  }
}
