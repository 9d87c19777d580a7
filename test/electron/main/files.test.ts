import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../../core/experiment/limits';
import { LabError } from '../../../core/protocol/lab-api';
import { createFileService, DATASET_FILTERS, EXPERIMENT_FILTERS, QUEUED_OPEN_MS } from '../../../electron/main/files';
import { loadSettings } from '../../../electron/main/settings';
import { FakeDialog } from '../fake-electron';
import { FakeRunHost } from './fake-run-host';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'lab-files-'));
  const file = join(dir, 'a.landscape');
  writeFileSync(file, '{"name":"a"}');
  const dialog = new FakeDialog();
  const settings = loadSettings(join(dir, 'user'));
  const host = new FakeRunHost();
  let time = 1_000;
  const win = { id: 'window' };
  const files = createFileService({ dialog, window: () => win, settings, host, now: () => time });
  return { dir, file, dialog, settings, host, files, win, advance: (ms: number) => (time += ms) };
}

describe('openExperiment', () => {
  it('asks with the experiment filters on the window, reads, grants and remembers the file', async () => {
    const s = setup();
    s.dialog.openAnswers.push([s.file]);
    expect(await s.files.openExperiment()).toEqual({ path: s.file, text: '{"name":"a"}' });
    expect(s.dialog.calls[0]).toMatchObject({ kind: 'open', window: s.win, options: { filters: EXPERIMENT_FILTERS, properties: ['openFile'] } });
    expect(EXPERIMENT_FILTERS).toEqual([
      { name: 'Landscape Lab experiment', extensions: ['landscape'] },
      { name: 'JSON', extensions: ['json'] },
    ]);
    expect(s.files.grants.has(s.file)).toBe(true);
    expect(s.settings.get().recent).toEqual([s.file]);
  });

  it('returns null when the user cancels', async () => {
    const s = setup();
    expect(await s.files.openExperiment()).toBeNull();
    expect(s.settings.get().recent).toEqual([]);
  });

  it('refuses a file over MAX_EXPERIMENT_BYTES, naming it', async () => {
    const s = setup();
    const big = join(s.dir, 'big.landscape');
    writeFileSync(big, '');
    truncateSync(big, MAX_EXPERIMENT_BYTES + 1);
    s.dialog.openAnswers.push([big]);
    await expect(s.files.openExperiment()).rejects.toThrow(new LabError('failed', `cannot open ${big}: 64.0 MiB, over the limit of 64.0 MiB`));
    expect(s.files.grants.has(big)).toBe(false);
  });

  it('opens a queued file (command line, Finder, recent menu) without a dialog, once', async () => {
    const s = setup();
    s.files.queueOpen(s.file);
    expect(await s.files.openExperiment()).toEqual({ path: s.file, text: '{"name":"a"}' });
    expect(s.dialog.calls).toEqual([]);
    expect(s.files.grants.has(s.file)).toBe(true);
    expect(await s.files.openExperiment()).toBeNull();
    expect(s.dialog.calls).toHaveLength(1);
  });

  it('forgets a queued file when it is stale or cleared', async () => {
    const s = setup();
    s.files.queueOpen(s.file);
    s.advance(QUEUED_OPEN_MS + 1);
    expect(await s.files.openExperiment()).toBeNull();
    s.files.queueOpen(s.file);
    s.files.clearQueued();
    expect(await s.files.openExperiment()).toBeNull();
    expect(s.dialog.calls).toHaveLength(2);
  });
});

describe('openRecent', () => {
  it('opens only a path in the recent list', async () => {
    const s = setup();
    await expect(s.files.openRecent(s.file)).rejects.toThrow(new LabError('invalid-request', `${s.file} is not in the recent files list`));
    s.settings.addRecent(s.file);
    expect(await s.files.openRecent(s.file)).toEqual({ path: s.file, text: '{"name":"a"}' });
    expect(s.files.grants.has(s.file)).toBe(true);
  });

  it('drops a file that has gone from the list, naming it', async () => {
    const s = setup();
    const gone = join(s.dir, 'gone.landscape');
    s.settings.addRecent(gone);
    s.settings.addRecent(s.file);
    await expect(s.files.openRecent(gone)).rejects.toThrow(`cannot open ${gone}: no such file`);
    expect(s.settings.get().recent).toEqual([s.file]);
  });

  it('moves the opened file to the top', async () => {
    const s = setup();
    s.settings.addRecent(s.file);
    s.settings.addRecent('/other.landscape');
    await s.files.openRecent(s.file);
    expect(s.settings.get().recent).toEqual([s.file, '/other.landscape']);
  });
});

describe('saveExperiment', () => {
  it('saves a new experiment where the user says, atomically, and grants the path', async () => {
    const s = setup();
    const target = join(s.dir, 'new.landscape');
    s.dialog.saveAnswers.push(target);
    expect(await s.files.saveExperiment({ text: '{"n":1}', path: null, saveAs: false })).toEqual({ path: target });
    expect(readFileSync(target, 'utf8')).toBe('{"n":1}');
    expect(s.dialog.calls[0]).toMatchObject({ kind: 'save', options: { filters: EXPERIMENT_FILTERS, defaultPath: 'experiment.landscape' } });
    expect(s.files.grants.has(target)).toBe(true);
    expect(s.settings.get().recent[0]).toBe(target);
    expect(readdirSync(s.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('saves over a granted path without asking', async () => {
    const s = setup();
    s.dialog.openAnswers.push([s.file]);
    await s.files.openExperiment();
    expect(await s.files.saveExperiment({ text: 'v2', path: s.file, saveAs: false })).toEqual({ path: s.file });
    expect(readFileSync(s.file, 'utf8')).toBe('v2');
    expect(s.dialog.calls).toHaveLength(1);
  });

  it('asks before writing to a path main never handed out', async () => {
    const s = setup();
    expect(await s.files.saveExperiment({ text: 'evil', path: s.file, saveAs: false })).toBeNull();
    expect(readFileSync(s.file, 'utf8')).toBe('{"name":"a"}');
    expect(s.dialog.calls[0]).toMatchObject({ kind: 'save', options: { defaultPath: s.file } });
  });

  it('asks on "save as" even for a granted path', async () => {
    const s = setup();
    s.files.grants.grant(s.file);
    const other = join(s.dir, 'b.landscape');
    s.dialog.saveAnswers.push(other);
    expect(await s.files.saveExperiment({ text: 'b', path: s.file, saveAs: true })).toEqual({ path: other });
    expect(readFileSync(s.file, 'utf8')).toBe('{"name":"a"}');
  });

  it('reports a failed write naming the file', async () => {
    const s = setup();
    const target = join(s.dir, 'no-such-dir', 'x.landscape');
    s.dialog.saveAnswers.push(target);
    await expect(s.files.saveExperiment({ text: 'x', path: null, saveAs: false })).rejects.toThrow(`cannot save ${target}: `);
  });
});

describe('openDataset and exportRun', () => {
  it('opens a CSV with the CSV filter, without granting anything', async () => {
    const s = setup();
    const csv = join(s.dir, 'd.csv');
    writeFileSync(csv, 'a\n1\n');
    s.dialog.openAnswers.push([csv]);
    expect(await s.files.openDataset()).toEqual({ path: csv, text: 'a\n1\n' });
    expect(s.dialog.calls[0]!.options).toMatchObject({ filters: DATASET_FILTERS });
    expect(s.files.grants.has(csv)).toBe(false);
    expect(await s.files.openDataset()).toBeNull();
  });

  it('refuses a CSV over MAX_CSV_BYTES, naming it and the limit', async () => {
    const s = setup();
    const big = join(s.dir, 'big.csv');
    writeFileSync(big, '');
    // A sparse file: over the limit without writing 100 MiB.
    truncateSync(big, MAX_CSV_BYTES + 1);
    s.dialog.openAnswers.push([big]);
    await expect(s.files.openDataset()).rejects.toThrow(new LabError('failed', `cannot open ${big}: 100.0 MiB, over the limit of 100.0 MiB`));
  });

  it('exports to the chosen folder through the host', async () => {
    const s = setup();
    s.host.runs.add(4);
    s.dialog.openAnswers.push([s.dir]);
    expect(await s.files.exportRun(4)).toEqual({ dir: s.dir, files: ['run.json'], removed: [] });
    expect(s.dialog.calls[0]!.options).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
    expect(s.host.calls).toEqual([{ method: 'exportRun', args: [4, s.dir] }]);
    expect(await s.files.exportRun(4)).toBeNull();
    expect(s.host.calls).toHaveLength(1);
  });

  it('saves a file the window made (bytes, atomically) where the user chooses, with a filter for its type', async () => {
    const s = setup();
    const target = join(s.dir, 'slide.png');
    s.dialog.saveAnswers.push(target);
    const bytes = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 255]);
    expect(await s.files.saveFile({ name: 'landscape-1920x1080.png', bytes })).toEqual({ path: target });
    expect(Array.from(readFileSync(target))).toEqual(Array.from(bytes));
    expect(s.dialog.calls[0]!.options).toMatchObject({ defaultPath: 'landscape-1920x1080.png', filters: [{ name: 'PNG', extensions: ['png'] }] });
    expect(await s.files.saveFile({ name: 'x.png', bytes })).toBeNull();
  });

  it('fails without a window to show the dialog on', async () => {
    const dialog = new FakeDialog();
    const files = createFileService({ dialog, window: () => null, settings: loadSettings(mkdtempSync(join(tmpdir(), 'lab-files-'))), host: new FakeRunHost() });
    await expect(files.openDataset()).rejects.toThrow('there is no window to show a dialog on');
  });
});
