import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentError } from '../../../core/experiment/errors';
import { channel, LabError, REQUESTS, type RequestName, RUN_EVENTS_CHANNEL, type RunEventBatch } from '../../../core/protocol/lab-api';
import { CancellationError } from '../../../core/protocol/run-hooks';
import { createFileService } from '../../../electron/main/files';
import { setupIpc, toErrorReply } from '../../../electron/main/ipc';
import { loadSettings } from '../../../electron/main/settings';
import { eventFrom, FakeBrowserWindow, FakeDialog, FakeFrame, FakeIpcMain } from '../fake-electron';
import { FakeRunHost } from './fake-run-host';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'lab-ipc-'));
  mkdirSync(join(dir, 'exp'));
  const file = join(dir, 'exp', 'a.landscape');
  writeFileSync(file, '{}');
  writeFileSync(join(dir, 'exp', 'd.csv'), 'x\n1\n');
  const ipcMain = new FakeIpcMain();
  const host = new FakeRunHost();
  const dialog = new FakeDialog();
  const settings = loadSettings(join(dir, 'user'));
  const win = new FakeBrowserWindow({});
  let current: FakeBrowserWindow | null = win;
  const files = createFileService({ dialog, window: () => current, settings, host });
  const logged: string[] = [];
  const dispose = setupIpc({ ipcMain, host, files, settings, window: () => current, log: (m) => logged.push(m) });
  const invoke = (name: RequestName, payload?: unknown, event = eventFrom(win)) => ipcMain.invoke(channel(name), payload, event);
  return { dir, file, ipcMain, host, dialog, settings, win, files, logged, dispose, invoke, close: () => (current = null) };
}

const source = { text: '{}', path: null, datasets: {} };

describe('setupIpc', () => {
  it('registers one handler per request, on lab:<name>', () => {
    const s = setup();
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(REQUESTS).map((n) => `lab:${n}`).sort());
  });

  // [request, a good payload, what it answers, a bad payload, the field the error names]
  const cases: [RequestName, unknown, unknown, unknown, string][] = [
    ['validate', source, { ok: true, description: 'fake', restarts: 1, variants: 1 }, { ...source, text: 1 }, 'at text'],
    ['start', source, { run: 2 }, { text: '{}', path: null }, 'at datasets'], // run 1 is started first, for the run requests
    ['pause', { run: 1 }, undefined, { run: -1 }, 'at run'],
    ['resume', { run: 1 }, undefined, { run: 1.5 }, 'at run'],
    ['step', { run: 1 }, undefined, {}, 'at run'],
    ['cancel', { run: 1 }, undefined, { run: '1' }, 'at run'],
    ['openExperiment', undefined, null, { path: '/etc/passwd' }, 'invalid openExperiment request'],
    ['openRecent', { path: '/x.landscape' }, 'recent', { path: '' }, 'at path'],
    ['saveExperiment', { text: 't', path: null, saveAs: false }, null, { text: 't', path: null }, 'at saveAs'],
    ['openDataset', undefined, null, 'x.csv', 'invalid openDataset request'],
    ['exportRun', { run: 1 }, null, { run: null }, 'at run'],
    ['saveFile', { name: 'landscape.png', bytes: new Uint8Array(4) }, null, { name: '../../etc/passwd', bytes: new Uint8Array(4) }, 'at name'],
    ['getSettings', undefined, { theme: 'system', presentation: false, workers: 0, recent: [] }, 1, 'invalid getSettings request'],
    ['setSettings', { theme: 'dark' }, { theme: 'dark', presentation: false, workers: 0, recent: [] }, { theme: 'blue' }, 'at theme'],
  ];

  it.each(cases)('%s answers a good payload', async (name, good, answer) => {
    const s = setup();
    await s.invoke('start', source);
    if (answer === 'recent') {
      s.settings.addRecent(s.file);
      expect(await s.invoke(name, { path: s.file })).toEqual({ path: s.file, text: '{}' });
      return;
    }
    expect(await s.invoke(name, good)).toEqual(answer);
  });

  it.each(cases)('%s answers a bad payload with an ErrorReply naming the field, calling nothing', async (name, _good, _answer, bad, field) => {
    const s = setup();
    const reply = (await s.invoke(name, bad)) as { error: { kind: string; message: string } };
    expect(reply.error.kind).toBe('invalid-request');
    expect(reply.error.message).toMatch(new RegExp(`^invalid ${name} request`));
    expect(reply.error.message).toContain(field);
    expect(s.host.calls).toEqual([]);
    expect(s.dialog.calls).toEqual([]);
  });

  it('setSettings refuses the recent list (the host keeps it) and unknown keys', async () => {
    const s = setup();
    const reply = (await s.invoke('setSettings', { recent: ['/etc/passwd'] })) as { error: { message: string } };
    expect(reply.error.message).toContain('recent');
    expect(s.settings.get().recent).toEqual([]);
  });

  it('refuses requests from a subframe, another window, another page or a vanished frame', async () => {
    const s = setup();
    const ours = s.win.webContents.mainFrame;
    const other = new FakeBrowserWindow({});
    const events = [
      eventFrom(s.win, new FakeFrame('app://lab/index.html', ours, ours.processId, ours.routingId)),
      eventFrom(other),
      { sender: s.win.webContents, senderFrame: new FakeFrame('https://evil.example/', null, ours.processId, ours.routingId) },
      eventFrom(s.win, null),
    ];
    for (const event of events) {
      expect(await s.invoke('start', source, event)).toEqual({ error: { kind: 'invalid-request', message: "start: refused, the request did not come from the app's window" } });
    }
    expect(s.host.calls).toEqual([]);
  });

  it('refuses everything once the window is gone', async () => {
    const s = setup();
    s.close();
    expect(await s.invoke('getSettings')).toMatchObject({ error: { kind: 'invalid-request' } });
  });

  it('serializes the host\'s errors by kind; nothing is thrown', async () => {
    const s = setup();
    expect(await s.invoke('pause', { run: 99 })).toEqual({ error: { kind: 'invalid-request', message: 'no run 99' } });
    const problems = [{ path: 'problem.optimizer.learningRate', message: 'expected a number > 0, found -1' }];
    s.host.start = async () => {
      throw new ExperimentError(problems);
    };
    expect(await s.invoke('start', source)).toEqual({ error: { kind: 'experiment', message: 'problem.optimizer.learningRate: expected a number > 0, found -1', problems } });
    s.host.exportRun = async () => {
      throw new CancellationError([]);
    };
    s.host.runs.add(1);
    s.dialog.openAnswers.push([s.dir]);
    expect(await s.invoke('exportRun', { run: 1 })).toEqual({ error: { kind: 'cancelled', message: 'the run was cancelled' } });
    s.host.validate = () => {
      throw new TypeError('boom');
    };
    expect(await s.invoke('validate', source)).toEqual({ error: { kind: 'failed', message: 'boom' } });
    expect(s.logged).toHaveLength(1);
    expect(s.logged[0]).toMatch(/^validate failed: TypeError: boom/);
  });

  it('forwards event batches to the window, and not to a closed one', async () => {
    const s = setup();
    const batch: RunEventBatch = { run: 1, events: [{ type: 'rows', run: 1, rowStart: 0, values: new Float64Array([1, 2]) }] };
    s.host.emit(batch);
    expect(s.win.webContents.sent).toEqual([{ channel: RUN_EVENTS_CHANNEL, args: [batch] }]);
    s.win.close();
    expect(() => s.host.emit(batch)).not.toThrow();
    expect(s.win.webContents.sent).toHaveLength(1);
  });

  it('dispose removes every handler and the event subscription', () => {
    const s = setup();
    s.dispose();
    expect(s.ipcMain.handlers.size).toBe(0);
    expect(s.host.listenerCount).toBe(0);
  });
});

describe('datasets over IPC', () => {
  it('reads a dataset beside an experiment opened through the dialog', async () => {
    const s = setup();
    s.host.datasets = ['d.csv'];
    s.dialog.openAnswers.push([s.file]);
    expect(await s.invoke('openExperiment')).toEqual({ path: s.file, text: '{}' });
    await s.invoke('start', { text: '{}', path: s.file, datasets: {} });
    expect(s.host.read).toEqual({ 'd.csv': 'x\n1\n' });
  });

  it('does not read beside a path the renderer made up', async () => {
    const s = setup();
    s.host.datasets = ['d.csv'];
    await s.invoke('validate', { text: '{}', path: s.file, datasets: {} });
    expect(s.host.read).toEqual({});
    expect(s.host.readErrors['d.csv']).toContain('was not opened or saved in this window');
  });

  it('uses inline datasets without a path', async () => {
    const s = setup();
    s.host.datasets = ['d.csv'];
    await s.invoke('validate', { text: '{}', path: null, datasets: { 'd.csv': 'inline' } });
    expect(s.host.read).toEqual({ 'd.csv': 'inline' });
  });

  it('grants a path saved through the dialog', async () => {
    const s = setup();
    s.host.datasets = ['d.csv'];
    const target = join(s.dir, 'exp', 'saved.landscape');
    s.dialog.saveAnswers.push(target);
    expect(await s.invoke('saveExperiment', { text: '{}', path: null, saveAs: false })).toEqual({ path: target });
    await s.invoke('validate', { text: '{}', path: target, datasets: {} });
    expect(s.host.read).toEqual({ 'd.csv': 'x\n1\n' });
  });
});

describe('toErrorReply', () => {
  it('keeps a LabError\'s kind and problems', () => {
    expect(toErrorReply(new LabError('experiment', 'm', [{ path: 'a', message: 'b' }]))).toEqual({ error: { kind: 'experiment', message: 'm', problems: [{ path: 'a', message: 'b' }] } });
    expect(toErrorReply(new LabError('failed', 'm'))).toEqual({ error: { kind: 'failed', message: 'm' } });
    expect(toErrorReply('text')).toEqual({ error: { kind: 'failed', message: 'text' } });
  });
});
