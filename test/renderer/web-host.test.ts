// @vitest-environment node
// The web edition's run host (web-host.ts) behind its LabApi (web-api.ts), connected in this thread:
// every message between page and host is structured-cloned and delivered in a later task, as between
// the page and its host worker, to the host worker's own handler; the engine's workers run their
// handler in this thread too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabError, type LabApi, type RunEvent, type RunEventBatch } from '../../core/protocol/lab-api';
import { displayStride, keptIndices } from '../../core/protocol/decimate';
import { Scheduler } from '../../core/protocol/scheduler';
import { createWebApi, type HostPort } from '../../renderer/engine/web-api';
import { createWebHost, hostWorkerHandler, type FromHost, type HostInit, type ToHost } from '../../renderer/engine/web-host';
import { holdable, inThreadPort, recordingSpawn, timer, type SpawnedPort } from '../core/protocol/in-thread-port';

const downloads: { name: string; blob: Blob }[] = [];
vi.mock('../../renderer/export/download', () => ({ downloadBlob: (name: string, blob: Blob) => downloads.push({ name, blob }) }));

const later = (f: () => void) => setTimeout(f, 0);

/**
 * Every host started, with the init message it got; `fail` makes a host's port report a failure.
 * `engine` records the engine's workers the hosts started (their pool's default size: `defaultSize`,
 * else 1); their messages go through `deliver` when given.
 */
interface Hosts {
  inits: HostInit[];
  ports: { fail(reason: string): void; terminated: boolean }[];
  engine?: SpawnedPort[];
  defaultSize?: number;
  deliver?: (send: () => void) => void;
}

/** A HostPort running the host worker's handler (web-host.ts) in this thread. */
function inThreadHost(hosts: Hosts): HostPort {
  let handlers: Parameters<HostPort['listen']>[0] | null = null;
  const schedulers: Scheduler[] = [];
  const pool = {
    create: (size: number) => {
      const scheduler = new Scheduler(size, recordingSpawn(hosts.engine ?? [], hosts.deliver), false);
      schedulers.push(scheduler);
      return scheduler;
    },
    defaultSize: () => hosts.defaultSize ?? 1,
  };
  const record = { terminated: false, fail: (reason: string) => handlers?.error(reason) };
  hosts.ports.push(record);
  const deliver = (m: FromHost) => {
    const copy = structuredClone(m);
    later(() => {
      if (!record.terminated) handlers?.message(copy);
    });
  };
  const handle = hostWorkerHandler(pool, deliver, timer, () => {});
  return {
    post: (message) => {
      const m = structuredClone(message);
      later(() => {
        if (record.terminated) return;
        if (m.type === 'init') hosts.inits.push(m);
        handle(m);
      });
    },
    listen: (h) => {
      handlers = h;
    },
    terminate: () => {
      record.terminated = true;
      for (const s of schedulers) s.close();
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
    expect(reply).toEqual({ dir: 'downloads', files: ['trajectories.csv', 'run.json', 'summary.json', 'landscape.json'], removed: [] });
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

describe('the web edition\'s workers setting', () => {
  // This file runs in Node, which has no localStorage: the page's settings go to a Map.
  beforeEach(() => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const ticks = (n = 5) => new Promise((r) => setTimeout(r, n));
  const trainers = (engine: SpawnedPort[]) => {
    const used = engine.flatMap((p, i) => (p.log.includes('train') ? [i] : []));
    for (const p of engine) p.log.length = 0;
    return used;
  };
  // 25,000 steps: one restart per message, so that every worker of the pool gets some.
  const long = () => ({ ...source(search(8, 25_000)), drawBudget: null });

  it('starts the new pool\'s workers when the setting changes, before Run, and the next run uses them', async () => {
    const hosts: Hosts = { inits: [], ports: [], engine: [], defaultSize: 2 };
    const api = createWebApi(() => inThreadHost(hosts), true);
    const rec = listen(api);
    await ticks();
    expect(hosts.engine).toHaveLength(2);
    expect(await api.setSettings({ workers: 4 })).toMatchObject({ workers: 4 });
    await ticks();
    expect(hosts.engine).toHaveLength(4);
    const { run } = await api.start(long());
    await rec.until(run, ended);
    expect(rec.events(run).at(-1)).toMatchObject({ state: 'completed' });
    expect(trainers(hosts.engine!)).toEqual([0, 1, 2, 3]);

    // Back to the default (0): the two workers beyond it stop now; the next run uses the two kept.
    await api.setSettings({ workers: 0 });
    await ticks();
    expect(hosts.engine!.map((p) => p.terminated)).toEqual([false, false, true, true]);
    const next = await api.start(long());
    await rec.until(next.run, ended);
    expect(trainers(hosts.engine!)).toEqual([0, 1]);
    expect(hosts.engine).toHaveLength(4);
  });

  it('leaves the pool of a run going alone; the new pool starts when the run ends', async () => {
    const held = holdable();
    const hosts: Hosts = { inits: [], ports: [], engine: [], defaultSize: 2, deliver: held.deliver };
    const api = createWebApi(() => inThreadHost(hosts), true);
    const rec = listen(api);
    held.hold();
    const { run } = await api.start(long());
    await rec.until(run, (e) => e.type === 'started');
    await api.setSettings({ workers: 3 });
    await ticks(20);
    expect(hosts.engine).toHaveLength(2);
    expect(hosts.engine!.some((p) => p.terminated)).toBe(false);
    expect(rec.events(run).some(ended)).toBe(false);

    held.release();
    await rec.until(run, ended);
    const restarts = rec.events(run).flatMap((e) => (e.type === 'restart' ? [e.result] : []));
    expect(restarts.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(rec.events(run).at(-1)).toMatchObject({ state: 'completed' });
    expect(trainers(hosts.engine!)).toEqual([0, 1]);
    await ticks();
    expect(hosts.engine).toHaveLength(3);
    expect(hosts.engine!.some((p) => p.terminated)).toBe(false);
    const next = await api.start(long());
    await rec.until(next.run, ended);
    expect(trainers(hosts.engine!)).toEqual([0, 1, 2]);
  });

  it('logs a workers message it cannot apply and goes on: the pool, the run going and the requests are as they were', async () => {
    const posted: FromHost[] = [];
    const logged: string[] = [];
    const engine: SpawnedPort[] = [];
    const handle = hostWorkerHandler({ create: (size) => new Scheduler(size, recordingSpawn(engine), false), defaultSize: () => 2 }, (m) => posted.push(m), timer, (m) => logged.push(m));
    handle({ type: 'workers', workers: 3 });
    expect(logged).toEqual(['the workers setting (3) was not applied: the run host was not started']);
    handle({ type: 'init', workers: null, lastRun: 0 });
    expect(engine).toHaveLength(2);
    const bad: ToHost[] = [
      { type: 'workers', workers: 0 },
      { type: 'workers', workers: 2.5 },
    ];
    for (const m of bad) handle(m);
    expect(logged.slice(1)).toEqual([
      'the workers setting (0) was not applied: a worker pool needs at least 1 worker, got 0',
      'the workers setting (2.5) was not applied: a worker pool needs at least 1 worker, got 2.5',
    ]);
    expect(engine).toHaveLength(2);
    expect(engine.some((p) => p.terminated)).toBe(false);
    handle({ type: 'call', id: 1, name: 'validate', payload: source(search(2)) });
    await ticks();
    expect(posted).toEqual([{ type: 'reply', id: 1, value: expect.objectContaining({ ok: true, restarts: 2 }) }]);
  });
});
