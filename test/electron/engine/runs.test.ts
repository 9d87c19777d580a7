// The desktop's RunHost on real worker threads: events, pause/step/resume, cancel, export.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBatch } from '../../../core/protocol/lab-api';
import { LabError } from '../../../core/protocol/lab-api';
import { BATCH_INTERVAL_MS } from '../../../core/protocol/batcher';
import { displayStride, keptIndices } from '../../../core/protocol/decimate';
import { createRunHost } from '../../../electron/engine/runs';
import type { RunHost } from '../../../electron/engine/run-host';
import { runCommand } from '../../../electron/cli/commands';
import { WORKER_ENTRY } from '../../paths';

const temp = mkdtempSync(join(tmpdir(), 'll-runs-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let host: RunHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};

const himmelblau = {
  format: 'landscape-lab/experiment@1',
  name: 'himmelblau',
  seed: 'runs',
  restarts: 6,
  problem: {
    type: 'function',
    function: { name: 'himmelblau' },
    start: { kind: 'uniform' },
    search: { name: 'simulated_annealing', steps: 800, stepSize: 0.5, temperature: 10, cooling: 0.99 },
    success: { valueTolerance: 1e-3, distanceTolerance: 0.05 },
  },
  record: { every: 20, params: 'ends' },
};

const network = (restarts: number, epochs: number) => ({
  format: 'landscape-lab/experiment@1',
  name: 'moons',
  seed: 'runs-net',
  restarts,
  problem: { type: 'network', dataset: { kind: 'moons', samples: 80 }, model: { hidden: [8] }, optimizer: { name: 'sgd', learningRate: 0.3, epochs, batchSize: 8 } },
  record: { every: 5, params: 'all' },
  landscape: { plane: 'pca', resolution: 17 },
});

const source = (experiment: object) => ({ text: JSON.stringify(experiment), path: null, datasets: {} });

/** Starts a host recording every event; `until` resolves when the run reaches an end state. */
function record(h: RunHost) {
  const batches: RunEventBatch[] = [];
  const events: RunEvent[] = [];
  let wake: (() => void) | null = null;
  h.onEvents((b) => {
    batches.push(b);
    events.push(...b.events);
    wake?.();
  });
  const waitFor = async (pred: (events: RunEvent[]) => boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!pred(events)) {
      if (Date.now() > deadline) throw new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  const ended = (es: RunEvent[]) => es.some((e) => e.type === 'state' && ['completed', 'cancelled', 'failed'].includes(e.state));
  return { batches, events, waitFor, ended };
}

const restartsOf = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'restart' ? [e.result] : []));

/** The restarts of `experiment` run straight through on a host of one worker, by index. */
async function straightRun(experiment: object) {
  const again = createRunHost(WORKER_ENTRY, 1);
  const rec = record(again);
  await again.start(source(experiment), noFiles);
  await rec.waitFor(rec.ended);
  await again.close();
  return restartsOf(rec.events).sort((a, b) => a.index - b.index);
}

describe('RunHost (worker threads)', () => {
  it('runs a function search: started, its landscape at once, every restart, the analysis, completed', async () => {
    host = createRunHost(WORKER_ENTRY, 2);
    const rec = record(host);
    const { run } = await host.start(source(himmelblau), noFiles);
    await rec.waitFor(rec.ended);
    const types = rec.events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.indexOf('landscape')).toBeLessThan(types.indexOf('restart'));
    expect(restartsOf(rec.events).map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const last = rec.events.at(-1)!;
    expect(last).toMatchObject({ type: 'state', state: 'completed', run });
    const analysis = rec.events.find((e) => e.type === 'analysis');
    expect(analysis && analysis.type === 'analysis' && analysis.restarts).toHaveLength(6);
    const landscape = rec.events.find((e) => e.type === 'landscape')!;
    expect(landscape.type === 'landscape' && landscape.landscape.minima).toHaveLength(4);
  });

  // The process's threads, from /proc: a worker thread is one. New thread ids are counted, not the
  // number of threads: the workers of the tests before may still be ending meanwhile.
  it.runIf(process.platform === 'linux')('warm starts the pool\'s threads before any run, and a run then gives the same restarts', async () => {
    const threads = () => new Set(readdirSync('/proc/self/task'));
    const before = threads();
    host = createRunHost(WORKER_ENTRY, 2);
    host.warm();
    expect([...threads()].filter((t) => !before.has(t)).length).toBeGreaterThanOrEqual(2);
    const rec = record(host);
    await host.start(source(himmelblau), noFiles);
    await rec.waitFor(rec.ended);
    expect(restartsOf(rec.events).sort((a, b) => a.index - b.index)).toEqual(await straightRun(himmelblau));
  });

  it('exports the same files, byte for byte, as the CLI running the same experiment', async () => {
    const file = join(temp, 'net.json');
    const experiment = network(4, 10);
    writeFileSync(file, JSON.stringify(experiment));
    const io = { out: () => {}, err: { write: () => true } };
    expect(await runCommand(file, { out: join(temp, 'cli'), workers: 2, shard: null, workerEntry: WORKER_ENTRY }, io)).toBe(0);

    host = createRunHost(WORKER_ENTRY, 2);
    const rec = record(host);
    const { run } = await host.start(source(experiment), noFiles);
    await rec.waitFor(rec.ended);
    // The network's slice arrives before its grid rows, and the rows fill the whole grid.
    const types = rec.events.map((e) => e.type);
    expect(types.indexOf('landscape')).toBeLessThan(types.indexOf('rows'));
    const rows = rec.events.flatMap((e) => (e.type === 'rows' ? [e] : []));
    expect(rows.reduce((n, e) => n + e.values.length, 0)).toBe(17 * 17);
    // An earlier export of a search left a basins.json there: this run does not make one, so it goes
    // (the folder holds one run's files); a file of the user's stays.
    mkdirSync(join(temp, 'app'));
    writeFileSync(join(temp, 'app', 'basins.json'), '{}');
    writeFileSync(join(temp, 'app', 'notes.txt'), 'mine');
    const reply = await host.exportRun(run, join(temp, 'app'));
    expect(reply.files.map((f) => f.slice(reply.dir.length + 1))).toEqual(['trajectories.csv', 'run.json', 'summary.json', 'landscape.json']);
    expect(reply.removed).toEqual(['basins.json']);
    expect(readdirSync(join(temp, 'app')).sort()).toEqual(['landscape.json', 'notes.txt', 'run.json', 'summary.json', 'trajectories.csv']);
    for (const name of ['trajectories.csv', 'run.json', 'summary.json', 'landscape.json']) {
      expect(readFileSync(join(temp, 'app', name), 'utf8'), name).toBe(readFileSync(join(temp, 'cli', name), 'utf8'));
    }
  });

  it('thins the events to the window\'s draw budget, and still exports every record', async () => {
    const experiment = network(4, 10);
    const full = await straightRun(experiment);
    const records = full[0]!.records.count;
    const budget = 20;
    const stride = displayStride(records, 4, budget);
    expect(stride).toBeGreaterThan(1);
    const kept = Array.from(keptIndices(records, stride));

    host = createRunHost(WORKER_ENTRY, 2);
    const rec = record(host);
    const { run } = await host.start(source(experiment), noFiles, budget);
    await rec.waitFor(rec.ended);
    const thinned = restartsOf(rec.events).sort((a, b) => a.index - b.index);
    expect(thinned).toHaveLength(4);
    for (const [i, r] of thinned.entries()) {
      expect(r.records.count).toBe(kept.length);
      expect(Array.from(r.records.step)).toEqual(kept.map((k) => full[i]!.records.step[k]));
      expect(Array.from(r.records.loss)).toEqual(kept.map((k) => full[i]!.records.loss[k]));
      expect(r.params!.history!.length).toBe(kept.length * r.params!.initial.length);
    }
    const landscape = rec.events.find((e) => e.type === 'landscape');
    expect(landscape?.type === 'landscape' && landscape.landscape.paths.map((p) => p.x.length)).toEqual([kept.length, kept.length, kept.length, kept.length]);

    // The export holds every record: the same trajectories as a run without a budget.
    const reply = await host.exportRun(run, join(temp, 'thinned'));
    const unthinned = createRunHost(WORKER_ENTRY, 2);
    const rec2 = record(unthinned);
    const again = await unthinned.start(source(experiment), noFiles);
    await rec2.waitFor(rec2.ended);
    await unthinned.exportRun(again.run, join(temp, 'unthinned'));
    await unthinned.close();
    expect(reply.files.map((f) => f.slice(reply.dir.length + 1))).toContain('trajectories.csv');
    const csv = readFileSync(join(temp, 'thinned', 'trajectories.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 4 * records);
    expect(csv).toBe(readFileSync(join(temp, 'unthinned', 'trajectories.csv'), 'utf8'));
  });

  it('sends at most one batch per BATCH_INTERVAL_MS however fast the workers report', async () => {
    host = createRunHost(WORKER_ENTRY, 2);
    const stamps: { at: number; state: boolean }[] = [];
    host.onEvents((batch) => stamps.push({ at: performance.now(), state: batch.events.some((e) => e.type === 'state') }));
    const rec = record(host);
    // Many cheap restarts: the workers finish hundreds of them a second, for a second or two in all
    // (long enough for several batches however fast the searches get).
    await host.start(source({ ...himmelblau, restarts: 1000, problem: { ...himmelblau.problem, search: { ...himmelblau.problem.search, steps: 20_000 } } }), noFiles);
    await rec.waitFor(rec.ended);
    expect(restartsOf(rec.events)).toHaveLength(1000);
    // A batch with a state change (running, finishing, completed) goes at once; every other one waits
    // out its interval after the batch before it.
    const gaps = stamps.flatMap((b, i) => (i > 0 && !b.state ? [b.at - stamps[i - 1]!.at] : []));
    expect(gaps.length).toBeGreaterThan(3);
    // Timers may fire a millisecond early; none comes close to twice the rate.
    expect(Math.min(...gaps)).toBeGreaterThan(BATCH_INTERVAL_MS - 8);
  });

  it('pause holds every restart, step finishes exactly one more, resume completes the same run as without pausing', async () => {
    const experiment = network(6, 400);
    host = createRunHost(WORKER_ENTRY, 2);
    const rec = record(host);
    const { run } = await host.start(source(experiment), noFiles);
    // Paused as soon as it has started: the workers have their restarts and hold at their next
    // progress report. (Waiting for a first progress event first, a fresh-clone CI run on a starved
    // machine got it in the same batch as all six restarts, and there was nothing left to hold.)
    host.pause(run);
    await new Promise((r) => setTimeout(r, 400));
    const heldAt = restartsOf(rec.events).length;
    const progressAt = rec.events.filter((e) => e.type === 'progress').length;
    await new Promise((r) => setTimeout(r, 600));
    expect(restartsOf(rec.events).length).toBe(heldAt);
    expect(rec.events.filter((e) => e.type === 'progress').length).toBe(progressAt);
    expect(rec.events.some((e) => e.type === 'state' && e.state === 'paused')).toBe(true);

    host.step(run);
    await rec.waitFor((es) => restartsOf(es).length === heldAt + 1);
    await new Promise((r) => setTimeout(r, 600));
    expect(restartsOf(rec.events).length).toBe(heldAt + 1);

    host.resume(run);
    await rec.waitFor(rec.ended);
    const paused = restartsOf(rec.events).sort((a, b) => a.index - b.index);
    expect(paused).toHaveLength(6);

    const straight = await straightRun(experiment);
    for (let i = 0; i < 6; i++) expect(Array.from(paused[i]!.records.loss)).toEqual(Array.from(straight[i]!.records.loss));
  });

  it('with short restarts sent in groups, pause holds them, step finishes exactly one, and the run is the same', async () => {
    // 2,000-step searches, many to a message (groupSize), each about half a millisecond. Paused as soon
    // as the run has started, with each worker's first groups sent: the whole run is under a second of
    // work, which a starved machine could finish before the first batch of results reached this thread.
    const experiment = { ...himmelblau, restarts: 3000, problem: { ...himmelblau.problem, search: { ...himmelblau.problem.search, steps: 2000 } } };
    host = createRunHost(WORKER_ENTRY, 2);
    const rec = record(host);
    const { run } = await host.start(source(experiment), noFiles);
    host.pause(run);
    await new Promise((r) => setTimeout(r, 300));
    const heldAt = restartsOf(rec.events).length;
    expect(heldAt).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 500));
    expect(restartsOf(rec.events).length).toBe(heldAt);

    for (let k = 1; k <= 3; k++) {
      host.step(run);
      await rec.waitFor((es) => restartsOf(es).length === heldAt + k);
      await new Promise((r) => setTimeout(r, 300));
      expect(restartsOf(rec.events).length).toBe(heldAt + k);
    }

    host.resume(run);
    await rec.waitFor(rec.ended);
    const paused = restartsOf(rec.events).sort((a, b) => a.index - b.index);
    expect(paused.map((r) => r.index)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    const straight = await straightRun(experiment);
    for (let i = 0; i < 3000; i += 7) expect(Array.from(paused[i]!.records.loss)).toEqual(Array.from(straight[i]!.records.loss));
  });

  it('a workers change during a run leaves it as it was; the next run, on the new pool, gives the same restarts', async () => {
    const experiment = network(4, 10);
    host = createRunHost(WORKER_ENTRY, 2);
    const rec = record(host);
    const { run } = await host.start(source(experiment), noFiles);
    host.setWorkers(1);
    expect(() => host!.setWorkers(0)).toThrow(new RangeError('a worker pool needs at least 1 worker, got 0'));
    await rec.waitFor(rec.ended);
    expect(rec.events.at(-1)).toMatchObject({ type: 'state', state: 'completed', run });
    const during = restartsOf(rec.events).sort((a, b) => a.index - b.index);
    const straight = await straightRun(experiment);
    expect(during).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(Array.from(during[i]!.params!.final)).toEqual(Array.from(straight[i]!.params!.final));

    rec.events.length = 0;
    const next = await host.start(source(experiment), noFiles);
    await rec.waitFor(rec.ended);
    expect(rec.events.at(-1)).toMatchObject({ type: 'state', state: 'completed', run: next.run });
    const after = restartsOf(rec.events).sort((a, b) => a.index - b.index);
    for (let i = 0; i < 4; i++) expect(Array.from(after[i]!.params!.final)).toEqual(Array.from(straight[i]!.params!.final));
  });

  it('cancel keeps the finished restarts, and the cancelled run exports them', async () => {
    host = createRunHost(WORKER_ENTRY, 1);
    const rec = record(host);
    // Enough restarts that the run is still going when the first batch of results arrives.
    const { run } = await host.start(source(network(40, 300)), noFiles);
    await rec.waitFor((es) => restartsOf(es).length >= 2);
    host.cancel(run);
    await rec.waitFor(rec.ended);
    const end = rec.events.at(-1)!;
    expect(end).toMatchObject({ type: 'state', state: 'cancelled' });
    const kept = restartsOf(rec.events).length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(40);
    const reply = await host.exportRun(run, join(temp, 'cancelled'));
    const run_ = JSON.parse(readFileSync(join(reply.dir, 'run.json'), 'utf8'));
    expect(run_.restarts).toHaveLength(kept);
  });

  it('refuses a bad experiment with its problems, and unknown runs by id', async () => {
    host = createRunHost(WORKER_ENTRY, 1);
    const bad = { ...himmelblau, restarts: 0 };
    const error = await host.start(source(bad), noFiles).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).kind).toBe('experiment');
    expect((error as LabError).problems[0]!.path).toBe('restarts');
    expect(host.validate(source(bad), noFiles)).toMatchObject({ ok: false, problems: [{ path: 'restarts' }] });
    expect(host.validate(source(himmelblau), noFiles)).toMatchObject({ ok: true, restarts: 6, variants: 1 });
    expect(() => host!.pause(99)).toThrow('there is no run 99');
    await expect(host.exportRun(99, temp)).rejects.toThrow('there is no run 99 to export');
  });
});
