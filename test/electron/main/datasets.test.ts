import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '../../../core/experiment/limits';
import type { ExperimentSource } from '../../../core/protocol/lab-api';
import { datasetReader, PathGrants } from '../../../electron/main/datasets';

function folder() {
  const base = mkdtempSync(join(tmpdir(), 'lab-datasets-'));
  const exp = join(base, 'exp');
  mkdirSync(join(exp, 'data'), { recursive: true });
  writeFileSync(join(exp, 'a.landscape'), '{}');
  writeFileSync(join(exp, 'data', 'x.csv'), 'x,y\n1,2\n');
  writeFileSync(join(base, 'outside.csv'), 'secret\n');
  symlinkSync(join(base, 'outside.csv'), join(exp, 'link.csv'));
  return { base, exp, file: join(exp, 'a.landscape') };
}

const source = (path: string | null, datasets: Record<string, string> = {}): ExperimentSource => ({ text: '{}', path, datasets });

describe('datasetReader', () => {
  it('reads a granted experiment\'s datasets relative to its folder', () => {
    const f = folder();
    const grants = new PathGrants();
    grants.grant(f.file);
    expect(datasetReader(source(f.file), grants)('data/x.csv')).toBe('x,y\n1,2\n');
    expect(datasetReader(source(f.file), grants)('./data/../data/x.csv')).toBe('x,y\n1,2\n');
  });

  it('does not read beside a path main did not hand out', () => {
    const f = folder();
    expect(() => datasetReader(source(f.file), new PathGrants())('data/x.csv')).toThrow(`${f.file} was not opened or saved in this window, so files beside it are not read`);
  });

  it('does not read from disk for an unsaved experiment', () => {
    expect(() => datasetReader(source(null), new PathGrants())('data/x.csv')).toThrow('the experiment is not saved');
  });

  it('uses inline datasets first, with or without a path', () => {
    const f = folder();
    const grants = new PathGrants();
    grants.grant(f.file);
    expect(datasetReader(source(null, { 'data/x.csv': 'inline' }), grants)('data/x.csv')).toBe('inline');
    expect(datasetReader(source(f.file, { 'data/x.csv': 'inline' }), grants)('data/x.csv')).toBe('inline');
    expect(() => datasetReader(source(null, { 'a.csv': 'inline' }), grants)('__proto__')).toThrow('not saved');
  });

  it('refuses absolute paths, paths out of the folder and links out of it', () => {
    const f = folder();
    const grants = new PathGrants();
    grants.grant(f.file);
    const read = datasetReader(source(f.file), grants);
    expect(() => read(join(f.base, 'outside.csv'))).toThrow('not absolute paths');
    expect(() => read('../outside.csv')).toThrow(`${join(f.base, 'outside.csv')} is outside the experiment's folder ${f.exp}`);
    expect(() => read('link.csv')).toThrow(`${join(f.exp, 'link.csv')} links outside the experiment's folder`);
  });

  it('names the missing file, and refuses folders', () => {
    const f = folder();
    const grants = new PathGrants();
    grants.grant(f.file);
    const read = datasetReader(source(f.file), grants);
    expect(() => read('data/missing.csv')).toThrow(`${join(f.exp, 'data', 'missing.csv')}: no such file`);
    expect(() => read('data')).toThrow(`${join(f.exp, 'data')}: not a file`);
  });

  it('refuses a file over MAX_CSV_BYTES before reading it', () => {
    const f = folder();
    const big = join(f.exp, 'big.csv');
    writeFileSync(big, '');
    // A sparse file: over the limit without writing 100 MiB.
    truncateSync(big, MAX_CSV_BYTES + 1);
    const grants = new PathGrants();
    grants.grant(f.file);
    expect(() => datasetReader(source(f.file), grants)('big.csv')).toThrow(`${big}: 100.0 MiB, over the limit of 100.0 MiB`);
  });

  it('grants match the path however it is spelled', () => {
    const grants = new PathGrants();
    grants.grant('/a/b/../c.landscape');
    expect(grants.has('/a/c.landscape')).toBe(true);
    expect(grants.has('/a/b/c.landscape')).toBe(false);
  });
});
