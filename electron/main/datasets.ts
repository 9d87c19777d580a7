// Which dataset files a run may read: those the renderer sent inline, and files beside an experiment
// that main itself handed out this session (opened or saved through a dialog, the recent list or the OS).
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { MAX_CSV_BYTES } from '../../core/experiment/limits';
import type { ReadText } from '../../core/experiment/resolve';
import type { ExperimentSource } from '../../core/protocol/lab-api';
import { readTextFileSync } from './read-text';

/** The experiment paths main handed to the renderer this session; only these unlock reading beside them. */
export class PathGrants {
  private readonly paths = new Set<string>();

  /** Records that main handed out `path` (an experiment file the user chose). */
  grant(path: string): void {
    this.paths.add(resolve(path));
  }

  has(path: string): boolean {
    return this.paths.has(resolve(path));
  }
}

function inside(dir: string, full: string): boolean {
  const rel = relative(dir, full);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * The ReadText a run of `source` uses. A name in `source.datasets` gives that text. Otherwise, only
 * if `source.path` was granted, the file is read relative to the experiment's folder, which it must
 * not leave (no absolute paths, no `..` out of it, no symbolic link out of it), with at most
 * MAX_CSV_BYTES. Errors say why; core prefixes them with the dataset's name and field.
 */
export function datasetReader(source: ExperimentSource, grants: Pick<PathGrants, 'has'>): ReadText {
  const granted = source.path !== null && grants.has(source.path);
  const base = granted ? dirname(resolve(source.path!)) : null;
  return (name) => {
    if (Object.hasOwn(source.datasets, name)) return source.datasets[name]!;
    if (base === null) {
      throw new Error(
        source.path === null
          ? 'the experiment is not saved, so no file beside it can be read; save it, or open the dataset'
          : `${source.path} was not opened or saved in this window, so files beside it are not read; open the experiment again`,
      );
    }
    if (isAbsolute(name)) throw new Error('the desktop app reads datasets by paths relative to the experiment file, not absolute paths');
    const full = resolve(base, name);
    if (!inside(base, full)) throw new Error(`${full} is outside the experiment's folder ${base}`);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      throw new Error(`${full}: no such file`);
    }
    if (!inside(realpathSync(base), real)) throw new Error(`${full} links outside the experiment's folder ${base}`);
    return readTextFileSync(full, MAX_CSV_BYTES);
  };
}
