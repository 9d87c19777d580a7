import { describe, expect, it } from 'vitest';
import { channel, LabError, MENU_CHANNEL, REQUESTS, type RequestName, RUN_EVENTS_CHANNEL, type RunEventBatch } from '../../../core/protocol/lab-api';
import { createPreloadApi, forBridge, isErrorReply, type LabErrorData } from '../../../electron/preload/api';
import { FakeIpcRenderer } from '../fake-electron';

function setup(answer?: (channel: string, ...args: unknown[]) => unknown) {
  const ipc = new FakeIpcRenderer(answer);
  const reports: string[] = [];
  const api = createPreloadApi(ipc, (m) => reports.push(m));
  return { ipc, api, reports };
}

const source = { text: '{}', path: null, datasets: {} };

describe('createPreloadApi', () => {
  it('is the desktop host', () => {
    expect(setup().api.host).toBe('desktop');
  });

  // [method, its argument or undefined]
  const calls: [RequestName, unknown][] = [
    ['validate', source],
    ['start', source],
    ['pause', { run: 1 }],
    ['resume', { run: 1 }],
    ['step', { run: 1 }],
    ['cancel', { run: 1 }],
    ['openExperiment', undefined],
    ['openRecent', { path: '/a.landscape' }],
    ['saveExperiment', { text: 't', path: null, saveAs: true }],
    ['openDataset', undefined],
    ['exportRun', { run: 2 }],
    ['saveFile', { name: 'landscape.png', bytes: new Uint8Array([137, 80, 78, 71]) }],
    ['getSettings', undefined],
    ['setSettings', { theme: 'dark' }],
  ];

  it('has a method for every request', () => {
    expect(calls.map((c) => c[0]).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  it.each(calls)('%s invokes lab:%s with its argument and resolves with the reply', async (name, arg) => {
    const s = setup(() => ({ answer: name }));
    const method = s.api[name] as (a?: unknown) => Promise<unknown>;
    const result = await (arg === undefined ? method() : method(arg));
    expect(s.ipc.invoked).toEqual([{ channel: channel(name), args: arg === undefined ? [] : [arg] }]);
    // The run controls resolve with nothing, whatever main answers.
    expect(result).toEqual(['pause', 'resume', 'step', 'cancel'].includes(name) ? undefined : { answer: name });
  });

  it('turns an ErrorReply into a LabError with its kind and problems', async () => {
    const problems = [{ path: 'problem.seed', message: 'expected an integer, found 1.5' }];
    const s = setup(() => ({ error: { kind: 'experiment', message: 'problem.seed: expected an integer, found 1.5', problems } }));
    const error = await s.api.start(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ kind: 'experiment', message: 'problem.seed: expected an integer, found 1.5', problems });
  });

  it('gives a LabError without problems an empty list', async () => {
    const s = setup(() => ({ error: { kind: 'invalid-request', message: 'invalid pause request at run: too small' } }));
    await expect(s.api.pause({ run: -1 })).rejects.toMatchObject({ kind: 'invalid-request', problems: [] });
  });

  it('turns a failed invoke (no handler) into LabError("failed")', async () => {
    const s = setup(() => {
      throw new Error("No handler registered for 'lab:start'");
    });
    await expect(s.api.start(source)).rejects.toMatchObject({ name: 'LabError', kind: 'failed', message: "start: No handler registered for 'lab:start'" });
  });

  it('isErrorReply needs an error with a kind and a message', () => {
    expect(isErrorReply({ error: { kind: 'failed', message: 'm' } })).toBe(true);
    expect(isErrorReply({ error: 'x' })).toBe(false);
    expect(isErrorReply({ ok: false, problems: [] })).toBe(false);
    expect(isErrorReply(null)).toBe(false);
  });
});

describe('event subscriptions', () => {
  const batch: RunEventBatch = {
    run: 3,
    events: [
      { type: 'progress', run: 3, done: 5, total: 10, restartsDone: 1 },
      { type: 'rows', run: 3, rowStart: 0, values: new Float64Array([1, NaN]) },
    ],
  };

  it('delivers valid run-event batches until unsubscribed', () => {
    const s = setup();
    const seen: RunEventBatch[] = [];
    const off = s.api.onRunEvents((b) => seen.push(b));
    s.ipc.deliver(RUN_EVENTS_CHANNEL, batch);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.events[1]).toMatchObject({ type: 'rows', values: new Float64Array([1, NaN]) });
    off();
    off();
    s.ipc.deliver(RUN_EVENTS_CHANNEL, batch);
    expect(seen).toHaveLength(1);
    expect(s.ipc.listenerCount(RUN_EVENTS_CHANNEL)).toBe(0);
  });

  it.each([
    ['not an object', 'hello'],
    ['an unknown event type', { run: 1, events: [{ type: 'shell', run: 1, command: 'rm -rf /' }] }],
    ['a plain array where a Float64Array belongs', { run: 1, events: [{ type: 'rows', run: 1, rowStart: 0, values: [1, 2] }] }],
    ['a negative run id', { run: -1, events: [] }],
  ])('drops and reports a batch with %s', (_what, payload) => {
    const s = setup();
    const seen: unknown[] = [];
    s.api.onRunEvents((b) => seen.push(b));
    s.ipc.deliver(RUN_EVENTS_CHANNEL, payload);
    expect(seen).toEqual([]);
    expect(s.reports).toHaveLength(1);
    expect(s.reports[0]).toMatch(/^lab:run-events: dropped an invalid message: invalid run-events request/);
  });

  it('delivers menu commands, drops unknown ones, and unsubscribes', () => {
    const s = setup();
    const seen: string[] = [];
    const off = s.api.onMenu((c) => seen.push(c));
    s.ipc.deliver(MENU_CHANNEL, 'run-start');
    s.ipc.deliver(MENU_CHANNEL, 'format-disk');
    s.ipc.deliver(MENU_CHANNEL, { command: 'open' });
    expect(seen).toEqual(['run-start']);
    expect(s.reports).toEqual(['lab:menu: dropped an invalid message: not a menu command: "format-disk"', 'lab:menu: dropped an invalid message: not a menu command: {"command":"open"}']);
    off();
    s.ipc.deliver(MENU_CHANNEL, 'open');
    expect(seen).toEqual(['run-start']);
  });

  it('listens only on its two channels, and refuses a listener that is not a function', () => {
    const s = setup();
    s.api.onRunEvents(() => {});
    s.api.onMenu(() => {});
    expect(s.ipc.listenerCount(RUN_EVENTS_CHANNEL)).toBe(1);
    expect(s.ipc.listenerCount(MENU_CHANNEL)).toBe(1);
    expect(() => s.api.onMenu('lab:start' as never)).toThrow(TypeError);
  });

  it('exposes no ipcRenderer and no way to name a channel', () => {
    const api = setup().api as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(api)) {
      expect(value, key).not.toBeInstanceOf(FakeIpcRenderer);
      if (typeof value === 'function') expect(value.length, key).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(api).sort()).toEqual([...Object.keys(REQUESTS), 'host', 'onMenu', 'onRunEvents'].sort());
  });
});

describe('forBridge', () => {
  it('rejects with plain data that survives contextBridge (kind, message, problems)', async () => {
    const problems = [{ path: 'a', message: 'b' }];
    const s = setup(() => ({ error: { kind: 'experiment', message: 'a: b', problems } }));
    const bridged = forBridge(s.api);
    const error = (await bridged.start(source).catch((e: unknown) => e)) as LabErrorData;
    expect(error).toEqual({ name: 'LabError', kind: 'experiment', message: 'a: b', problems });
    expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
    expect(structuredClone(error)).toEqual(error);
  });

  it('passes results and subscriptions through', async () => {
    const s = setup(() => ({ run: 1 }));
    const bridged = forBridge(s.api);
    expect(await bridged.start(source)).toEqual({ run: 1 });
    const seen: string[] = [];
    bridged.onMenu((c) => seen.push(c));
    s.ipc.deliver(MENU_CHANNEL, 'save');
    expect(seen).toEqual(['save']);
    expect(Object.keys(bridged).sort()).toEqual(Object.keys(s.api).sort());
  });
});
