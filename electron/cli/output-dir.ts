// The --out directory: checked and created before any work starts, removed again if nothing was written.
import { closeSync, mkdirSync, openSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A file-system error in words a person can act on ("permission denied"), from its Node error code. */
export function fsReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** An output directory made ready by `prepareOutputDir`. */
export interface OutputDir {
  /** Removes the directories that `prepareOutputDir` created, if they are still empty (after an interrupt or a failure). */
  removeIfUnused(): void;
}

/**
 * Makes `dir` ready to receive a run's outputs before any work starts, so that a long run is never
 * lost to a bad --out: creates it and its missing parents (one level at a time: Node's recursive mkdir
 * loops forever under /proc), checks that a file can be created in it, and refuses a path that is a
 * file. A directory holding an earlier run's outputs is accepted: they are replaced, each file
 * atomically, when the new ones are written (and removeStaleRunFiles clears the rest). Throws an Error
 * whose message is one line for the user, starting with `option`.
 */
export function prepareOutputDir(dir: string, option: string): OutputDir {
  if (dir === '') throw new Error(`${option}: expected a directory, found ""`);
  const created: string[] = [];
  let st = statOrNull(dir, option);
  if (st === null) {
    const missing: string[] = [];
    let at = resolve(dir);
    while ((st = statOrNull(at, option)) === null && dirname(at) !== at) {
      missing.push(at);
      at = dirname(at);
    }
    if (st !== null && !st.isDirectory()) throw new Error(`${option} ${dir}: cannot create it: ${at} is a file, not a directory`);
    for (const path of missing.reverse()) {
      try {
        mkdirSync(path);
      } catch (e) {
        removeEmpty(created);
        throw new Error(`${option} ${dir}: cannot create ${path}: ${fsReason(e)}`);
      }
      created.push(path);
    }
  } else if (!st.isDirectory()) {
    throw new Error(`${option} ${dir}: it is a file, not a directory`);
  }
  const probe = join(dir, `.landscape-lab-probe.${process.pid}.tmp`);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
  } catch (e) {
    removeEmpty(created);
    throw new Error(`${option} ${dir}: cannot write in it: ${fsReason(e)}`);
  }
  return { removeIfUnused: () => removeEmpty(created) };
}

function statOrNull(path: string, option: string) {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${option} ${path}: ${fsReason(e)}`);
  }
}

/** Removes `dirs` (created parents first), deepest first, each only if empty. */
function removeEmpty(dirs: string[]): void {
  for (const path of [...dirs].reverse()) {
    try {
      rmdirSync(path);
    } catch {
      return; // not empty (or gone): leave it and its parents
    }
  }
}
