import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunOutput } from '../../core/export/outputs';
import { trajectoryCsvChunks } from '../../core/export/outputs';
import { runJsonChunks } from '../../core/export/run-json';
import { summaryJson } from '../../core/export/summary';
import { writeFileAtomic } from './files';

/** The output files of a run directory, in the order they are written (basins.json and landscape.json when the run has them). */
export const OUTPUT_FILES = ['trajectories.csv', 'run.json', 'summary.json'] as const;

/** Every name a run (or merge, or the desktop's export) may write into its directory. */
export const RUN_FILES: readonly string[] = [...OUTPUT_FILES, 'basins.json', 'landscape.json'];

/**
 * After a run's files are written into `dir`: removes the run files of an earlier run there that this
 * run did not write (a landscape.json or basins.json the new experiment does not make), so that the
 * directory never mixes two runs' outputs. `written` holds the paths written. Returns the names removed.
 */
export function removeStaleRunFiles(dir: string, written: readonly string[]): string[] {
  const names = written.map((path) => basename(path));
  const present = readdirSync(dir);
  const stale = RUN_FILES.filter((name) => !names.includes(name) && present.includes(name));
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return stale;
}

/** A run file that could not be written (a full disk, a directory in its place): which, why, and what was written before it. */
export class OutputWriteError extends Error {
  constructor(
    readonly path: string,
    readonly failure: unknown,
    readonly written: readonly string[],
  ) {
    super(`cannot write ${path}: ${failure instanceof Error ? failure.message : String(failure)}`);
    this.name = 'OutputWriteError';
  }
}

/**
 * Writes a run's output files into `dir` (created if missing), each atomically: trajectories.csv,
 * run.json, summary.json, then basins.json and landscape.json when given (their text). Returns the
 * paths. A file that cannot be written stops it with an OutputWriteError; the files before it are
 * written, that one and the rest are as they were.
 */
export function writeRunFiles(dir: string, out: RunOutput, basins: string | null, landscape: string | null): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string | Iterable<string>) => {
    try {
      writeFileAtomic(join(dir, name), content);
    } catch (e) {
      throw new OutputWriteError(join(dir, name), e, [...written]);
    }
    written.push(join(dir, name));
  };
  write('trajectories.csv', trajectoryCsvChunks(out));
  write('run.json', runJsonChunks(out));
  write('summary.json', summaryJson(out));
  if (basins !== null) write('basins.json', basins);
  if (landscape !== null) write('landscape.json', landscape);
  return written;
}
