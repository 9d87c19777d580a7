// @vitest-environment node
// The web edition's run host (web-host.ts) behind its LabApi (web-api.ts), connected in this thread:
// every message between page and host is structured-cloned and delivered in a later task, as between
// the page and its host worker, and the engine's workers run their handler in this thread too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabError, type LabApi, type RunEvent, type RunEventBatch } from '../../core/protocol/lab-api';
import { displayStride, keptIndices } from '../../core/protocol/decimate';
import { Scheduler } from '../../core/protocol/scheduler';
import { createWebApi, type HostPort } from '../../renderer/engine/web-api';
import { createWebHost, type FromHost, type WebHost } from '../../renderer/engine/web-host';
import type { HostInit } from '../../renderer/engine/web-host-worker';
import { inThreadPort } from '../core/protocol/in-thread-port';

const downloads: { name: string; blob: Blob }[] = [];
vi.mock('../../renderer/export/download', () => ({ downloadBlob: (name: string, blob: Blob) => downloads.push({ name, blob }) }));

const timer = { set: (cb: () => void, ms: number) => setTimeout(cb, ms), clear: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
const later = (f: () => void) => setTimeout(f, 0);

/** Every host started, with the init message it got; `fail` makes a host's port report a failure. */
interface Hosts {
  inits: HostInit[];
  ports: { fail(reason: string): void; terminated: boolean }[];
}

/** A HostPort running createWebHost in this thread, as the host worker does. */
function inThreadHost(hosts: Hosts): HostPort {
  let handlers: Parameters<HostPort['listen']>[0] | null = null;
  let host: WebHost | null = null;
  const record = { terminated: false, fail: (reason: string) => handlers?.error(reason) };
  hosts.ports.push(record);
  const deliver = (m: FromHost) => {
    const copy = structuredClone(m);
    later(() => {
      if (!record.terminated) handlers?.message(copy);
    });
  };
  return {
    post: (message) => {
      const m = structuredClone(message);
      later(() => {
        if (record.terminated) return;
        if (m.type === 'init') {
          hosts.inits.push(m);
          host = createWebHost(new Scheduler(1, () => inThreadPort(), false), deliver, timer, m.lastRun, () => {});
        } else void host!.handle(m);
      });
    },
    listen: (h) => {
      handlers = h;
    },
    terminate: () => {
      record.terminated = true;
      void host?.close();
    },
  };
}

const search = (restarts: number, steps = 400) => ({
  format: 'landscape-lab/experiment@1',
  name: 'himmelblau',
  seed: 'web-host',
  restarts,
  problem: {
    type: 'function',
    function: { name: 'himmelblau' },
    start: { kind: 'uniform' },
    search: { name: 'simulated_annealing', steps, stepSize: 0.5, temperature: 10, cooling: 0.99 },
    success: { valueTolerance: 1e-3, distanceTolerance: 0.05 },
  },
  record: { every: 1, params: 'ends' },
});
const source = (experiment: object) => ({ text: JSON.stringify(experiment), path: null, datasets: {} });

/** Records every batch the api sends; `until` waits for an event of a run. */
function listen(api: LabApi) {
  const batches: RunEventBatch[] = [];
  api.onRunEvents((b) => batches.push(b));
  const events = (run: number): RunEvent[] => batches.filter((b) => b.run === run).flatMap((b) => b.events);
  const until = async (run: number, pred: (e: RunEvent) => boolean) => {
    const deadline = Date.now() + 30_000;
    while (!events(run).some(pred)) {
      if (Date.now() > deadline) throw new Error(`timed out; events: ${events(run).map((e) => e.type).join(',')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { batches, events, until };
}
const ended = (e: RunEvent) => e.type === 'state' && ['completed', 'cancelled', 'failed'].includes(e.state);

afterEach(() => {
  downloads.length = 0;
});

describe('the web edition\'s host worker', () => {
  it('starts on the first request, runs the experiment, and sends its events thinned to the draw budget', async () => {
    const hosts: Hosts = { inits: [], ports: [] };
    const api = createWebApi(() => inThreadHost(hosts));
    expect(hosts.ports).toHaveLength(0);
    const rec = listen(api);
    const budget = 400;
    const { run } = await api.start({ ...source(search(4)), drawBudget: budget });
    expect(run).toBe(1);
    expect(hosts.inits).toEqual([{ type: 'init', workers: null, lastRun: 0 }]);
    await rec.until(run, ended);
    expect(rec.events(run).at(-1)).toMatchObject({ type: 'state', state: 'completed' });
    const results = rec.events(run).flatMap((e) => (e.type === 'restart' ? [e.result] : []));
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3]);
    const stride = displayStride(401, 4, budget);
    expect(stride).toBe(5);
    for (const r of results) expect(r.records.count).toBe(keptIndices(401, stride).length);
    expect(hosts.ports).toHaveLength(1);
  });

  it('starts the host with the api when asked to, before any request', async () => {
    const hosts: Hosts = { inits: [], ports: [] };
    createWebApi(() => inThreadHost(hosts), true);
    expect(hosts.ports).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(hosts.inits).toEqual([{ type: 'init', workers: null, lastRun: 0 }]);
  });

  it('makes the export\'s files in the host and downloads them in the page, every record in them', async () => {
    const api = createWebApi(() => inThreadHost({ inits: [], ports: [] }));
    const rec = listen(api);
    const { run } = await api.start({ ...source(search(3)), drawBudget: 100 });
    await rec.until(run, ended);
    const reply = await api.exportRun({ run });
    expect(reply).toEqual({ dir: 'downloads', files: ['trajectories.csv', 'run.json', 'summary.json', 'landscape.json'] });
    expect(downloads.map((d) => d.name)).toEqual(reply!.files);
    const csv = await downloads[0]!.blob.text();
    expect(csv.trim().split('\n')).toHaveLength(1 + 3 * 401);
    expect(JSON.parse(await downloads[2]!.blob.text())).toMatchObject({ restarts: 3 });
  });

  it('refuses what the desktop refuses, with the same kinds of error', async () => {
    const api = createWebApi(() => inThreadHost({ inits: [], ports: [] }));
    const bad = await api.start(source({ ...search(2), restarts: 0 })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(LabError);
    expect(bad).toMatchObject({ kind: 'experiment' });
    expect((bad as LabError).problems.map((p) => p.path)).toContain('restarts');
    await expect(api.pause({ run: 99 })).rejects.toThrow(new LabError('invalid-request', 'there is no run 99'));
    await expect(api.exportRun({ run: 99 })).rejects.toMatchObject({ kind: 'invalid-request' });
    await expect(api.start({ ...source(search(2)), drawBudget: -1 } as never)).rejects.toMatchObject({ kind: 'invalid-request' });
  });

  it('answers a request it does not know with an error, not silence', async () => {
    const posted: FromHost[] = [];
    const host = createWebHost(new Scheduler(1, () => inThreadPort(), false), (m) => posted.push(m), timer, 0, () => {});
    await host.handle({ type: 'call', id: 7, name: 'openRecent' as never, payload: { path: '/etc/passwd' } });
    expect(posted).toEqual([{ type: 'reply', id: 7, error: { kind: 'invalid-request', message: 'the run host has no request "openRecent"' } }]);
    await host.close();
  });

  it('when the host fails: refuses the requests waiting, marks the run going failed, and starts a new host whose runs go on from the last id', async () => {
    const hosts: Hosts = { inits: [], ports: [] };
    const api = createWebApi(() => inThreadHost(hosts));
    const rec = listen(api);
    const { run } = await api.start({ ...source(search(50, 4000)), drawBudget: null });
    await rec.until(run, (e) => e.type === 'started');
    const waiting = api.validate(source(search(1)));
    hosts.ports[0]!.fail('out of memory');
    await expect(waiting).rejects.toThrow(new LabError('failed', 'the run host stopped: out of memory'));
    expect(rec.events(run).at(-1)).toEqual({ type: 'state', run, state: 'failed', message: 'the run host stopped: out of memory' });
    expect(hosts.ports[0]!.terminated).toBe(true);

    const next = await api.start({ ...source(search(2)), drawBudget: null });
    expect(next.run).toBe(run + 1);
    expect(hosts.inits.at(-1)).toEqual({ type: 'init', workers: null, lastRun: run });
    await rec.until(next.run, ended);
    expect(rec.events(next.run).at(-1)).toMatchObject({ state: 'completed' });
  });
});
