// The preload as shipped: bundled by esbuild to CommonJS with only 'electron' external, then run in a
// bare V8 context (no Node globals, a require that knows only 'electron'), as a sandboxed preload is.
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS } from '../../../core/protocol/lab-api';
import { ROOT } from '../../paths';

let code: string;

beforeAll(async () => {
  const out = await build({
    absWorkingDir: ROOT,
    entryPoints: ['electron/preload/preload.ts'],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    logLevel: 'silent',
  });
  code = out.outputFiles[0]!.text;
});

function load(invoke: (channel: string, payload: unknown) => unknown) {
  const exposed: Record<string, any> = {};
  const listeners: Record<string, (event: unknown, payload: unknown) => void> = {};
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => invoke(channel, payload),
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) => (listeners[channel] = listener),
      removeListener: (channel: string) => delete listeners[channel],
    },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    module,
    exports: module.exports,
    console: { error: () => {}, log: () => {}, warn: () => {} },
    Float64Array,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
  });
  return { exposed, listeners, required };
}

describe('the bundled preload', () => {
  it('requires only electron and exposes only window.lab with the LabApi methods', () => {
    const { exposed, required } = load(() => undefined);
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['lab']);
    expect(Object.keys(exposed.lab).sort()).toEqual([...Object.keys(REQUESTS), 'host', 'onMenu', 'onRunEvents'].sort());
    expect(exposed.lab.host).toBe('desktop');
  });

  it('invokes lab:<name> and rejects with plain LabError data', async () => {
    const calls: string[] = [];
    const { exposed } = load((channel) => {
      calls.push(channel);
      return channel === 'lab:getSettings' ? { theme: 'dark' } : { error: { kind: 'experiment', message: 'a: b', problems: [{ path: 'a', message: 'b' }] } };
    });
    expect(await exposed.lab.getSettings()).toEqual({ theme: 'dark' });
    await expect(exposed.lab.start({})).rejects.toEqual({ name: 'LabError', kind: 'experiment', message: 'a: b', problems: [{ path: 'a', message: 'b' }] });
    expect(calls).toEqual(['lab:getSettings', 'lab:start']);
  });

  it('validates menu commands before the page sees them', () => {
    const { exposed, listeners } = load(() => undefined);
    const seen: string[] = [];
    const off = exposed.lab.onMenu((c: string) => seen.push(c));
    listeners['lab:menu']!({}, 'save');
    listeners['lab:menu']!({}, 'rm -rf');
    expect(seen).toEqual(['save']);
    off();
    expect(listeners['lab:menu']).toBeUndefined();
  });
});
