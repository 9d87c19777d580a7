// A CSV dataset over MAX_CSV_BYTES is refused on every path of the CLI and the desktop's main process
// that reads one, before it is read, with the limit in the message: the CLI (an experiment's dataset,
// and the datasets merge reads again) and a run's datasets beside the experiment in main. File > Open
// dataset is tested in test/electron/main/files.test.ts, the web edition's file picker in
// test/renderer/web-api.test.ts (it needs the DOM's types).
//
// Files are sparse (truncateSync), so they take no disk space. The 8 GiB ones prove the order: reading
// a file over 2 GiB fails in Node itself (ERR_FS_FILE_TOO_LARGE), so the limit's message can only come
// from the size checked first. They are skipped on Windows, where NTFS would reserve the space.
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '../../core/experiment/limits';
import { loadExperiment, readTextFile, UsageError } from '../../electron/cli/commands';
import { datasetReader, PathGrants } from '../../electron/main/datasets';

const EIGHT_GIB = 8 * 1024 ** 3;
const sparseOk = process.platform !== 'win32';
/** File sizes over the limit, and how the messages write them. */
const OVER: [string, number, string][] = [['one byte over the limit', MAX_CSV_BYTES + 1, '100.0 MiB'], ...(sparseOk ? [['8 GiB', EIGHT_GIB, '8192.0 MiB'] as [string, number, string]] : [])];

/** A folder holding a sparse `big.csv` of `bytes` bytes and an experiment that trains on it. */
function folder(bytes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lab-huge-'));
  mkdirSync(join(dir, 'data'));
  const csv = join(dir, 'data', 'big.csv');
  writeFileSync(csv, '');
  truncateSync(csv, bytes);
  const experiment = join(dir, 'a.landscape');
  writeFileSync(
    experiment,
    JSON.stringify({
      format: 'landscape-lab/experiment@1',
      problem: { type: 'network', dataset: { kind: 'csv', path: 'data/big.csv', target: 'y' }, model: { hidden: [2] }, optimizer: { name: 'sgd', learningRate: 0.1, epochs: 1 } },
    }),
  );
  return { dir, csv, experiment };
}

/** The UsageError `f` throws; fails if it returns or throws anything else. */
function usageErrorOf(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('the CLI', () => {
  it.each(OVER)('refuses an experiment\'s dataset of %s, naming the field and the limit', (_, bytes, size) => {
    const f = folder(bytes);
    expect(usageErrorOf(() => loadExperiment(f.experiment)).lines).toEqual([
      `${f.experiment}: problem.dataset.path: cannot read "data/big.csv": the file is ${size}; the limit is 100.0 MiB`,
    ]);
  });

  it.each(OVER)('refuses a dataset of %s read again by merge (readTextFile with MAX_CSV_BYTES)', (_, bytes, size) => {
    const f = folder(bytes);
    expect(usageErrorOf(() => readTextFile(f.csv, MAX_CSV_BYTES, 'dataset')).lines).toEqual([`dataset ${f.csv} is ${size}; the limit is 100.0 MiB`]);
  });

  it('readTextFile reads a file of exactly the limit and refuses one byte more', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-huge-'));
    const file = join(dir, 'd.csv');
    writeFileSync(file, 'a,y\n1,0\n');
    expect(readTextFile(file, 8, 'dataset')).toBe('a,y\n1,0\n');
    expect(usageErrorOf(() => readTextFile(file, 7, 'dataset')).lines).toEqual([`dataset ${file} is 0.0 MiB; the limit is 0.0 MiB`]);
  });
});

describe('the desktop\'s main process', () => {
  it.skipIf(!sparseOk)('refuses a run\'s dataset of 8 GiB beside a granted experiment with the limit, so without reading it', () => {
    const f = folder(EIGHT_GIB);
    const grants = new PathGrants();
    grants.grant(f.experiment);
    const read = datasetReader({ text: '{}', path: f.experiment, datasets: {} }, grants);
    expect(() => read('data/big.csv')).toThrow(`${f.csv}: 8192.0 MiB, over the limit of 100.0 MiB`);
  });
});
