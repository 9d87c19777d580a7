import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../../paths';

const temp = mkdtempSync(join(tmpdir(), 'll-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: temp });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function writeExperiment(name: string, body: object): string {
  const file = join(temp, name);
  writeFileSync(file, JSON.stringify(body, null, 2));
  return file;
}

const experiment = {
  format: 'landscape-lab/experiment@1',
  name: 'cli test',
  seed: 'cli',
  restarts: 5,
  problem: {
    type: 'network',
    dataset: { kind: 'circles', samples: 60, noise: 0.05 },
    model: { hidden: [6, 4], activation: 'tanh' },
    optimizer: { name: 'sgd', learningRate: 0.3, momentum: 0.5, batchSize: 16, epochs: 12 },
  },
  record: { every: 3, params: 'all' },
};

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const outputs = (dir: string) => ['trajectories.csv', 'run.json', 'summary.json'].map((f) => read(dir, f));

describe('landscape-lab run', () => {
  const file = writeExperiment('exp.json', experiment);
  const one = join(temp, 'w1');
  const first = cli('run', file, '--out', one, '--workers', '1');

  it('writes the three documented files and says so on stdout, quietly on a non-terminal stderr', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [line, finals, end] = first.stdout.split('\n');
    expect(line).toBe(`5 restarts: 5 ok; wrote ${join(one, 'trajectories.csv')}, ${join(one, 'run.json')}, ${join(one, 'summary.json')}`);
    expect(finals).toMatch(/^final loss mean 0\.\d{4}, min 0\.\d{4}, median 0\.\d{4}, max 0\.\d{4}; accuracy \d+\.\d% to \d+\.\d%$/);
    expect(end).toBe('');
    expect(readdirSync(one).sort()).toEqual(['run.json', 'summary.json', 'trajectories.csv']);
  });

  it('writes trajectories.csv with the documented columns, one row per record', () => {
    const lines = read(one, 'trajectories.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('restart,seed,step,epoch,loss,accuracy,grad_norm');
    // 60 samples / 16 = 4 updates × 12 epochs = 48 updates; records at 0, 3, ..., 48: 17 per restart.
    expect(lines.length).toBe(1 + 5 * 17);
    const row = lines[1]!.split(',');
    expect(row.slice(0, 4)).toEqual(['0', row[1], '0', '0']);
    expect(Number.isSafeInteger(Number(row[1]))).toBe(true);
    for (const line of lines.slice(1)) expect(line.split(',').map(Number).every(Number.isFinite)).toBe(true);
  });

  it('writes run.json with the resolved experiment and every restart, matching the CSV', () => {
    const run = JSON.parse(read(one, 'run.json'));
    expect(run.format).toBe('landscape-lab/run@1');
    expect(run.experiment.problem.model).toEqual({ hidden: [6, 4], activation: 'tanh', output: 'sigmoid', loss: 'bce' });
    expect(run.experiment.problem.init).toEqual({ weights: { name: 'glorot_uniform' }, bias: { name: 'zeros' } });
    expect(run.configurations[0]).toMatchObject({ variant: null, layers: [2, 6, 4, 1], parameters: 51, stepsPerRestart: 48, recordsPerRestart: 17 });
    expect(run.restarts.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4]);
    const r0 = run.restarts[0];
    expect(Object.keys(r0)).toEqual(['index', 'seed', 'status', 'reason', 'records', 'params', 'symmetry', 'signal', 'stalledAt', 'basin']);
    expect(Object.keys(r0.records)).toEqual(['step', 'epoch', 'loss', 'accuracy', 'grad_norm']);
    expect(r0.params.history.length).toBe(17);
    expect(r0.params.history[0]).toEqual(r0.params.initial);
    expect(r0.params.history[16]).toEqual(r0.params.final);
    const csvLoss = read(one, 'trajectories.csv').split('\n').slice(1, 18).map((l) => Number(l.split(',')[4]));
    expect(csvLoss).toEqual(r0.records.loss);
  });

  it('writes summary.json whose statistics are those of the final records', () => {
    const run = JSON.parse(read(one, 'run.json'));
    const finals: number[] = run.restarts.map((r: { records: { loss: number[] } }) => r.records.loss.at(-1));
    const summary = JSON.parse(read(one, 'summary.json'));
    const mean = finals.reduce((a, b) => a + b, 0) / finals.length;
    const sorted = [...finals].sort((a, b) => a - b);
    expect(summary).toMatchObject({ format: 'landscape-lab/summary@1', restarts: 5, ok: 5, diverged: 0, failed: 0 });
    expect(summary.finalLoss.count).toBe(5);
    expect(summary.finalLoss.mean).toBeCloseTo(mean, 14);
    expect(summary.finalLoss.min).toBe(sorted[0]);
    expect(summary.finalLoss.median).toBe(sorted[2]);
    expect(summary.finalLoss.max).toBe(sorted[4]);
    const std = Math.sqrt(finals.reduce((a, v) => a + (v - mean) ** 2, 0) / 4);
    expect(summary.finalLoss.std).toBeCloseTo(std, 14);
    expect(summary.finalAccuracy.count).toBe(5);
  });

  it('writes the same bytes for any number of workers', () => {
    for (const workers of ['2', '3']) {
      const dir = join(temp, `w${workers}`);
      expect(cli('run', file, '--out', dir, '--workers', workers).code).toBe(0);
      expect(outputs(dir)).toEqual(outputs(one));
    }
  });

  it('writes the same bytes when sharded and merged, whatever the shard count', () => {
    for (const n of [2, 3, 7]) {
      const dirs = Array.from({ length: n }, (_, i) => join(temp, `shard-${n}-${i + 1}`));
      dirs.forEach((dir, i) => expect(cli('run', file, '--out', dir, '--shard', `${i + 1}/${n}`, '--workers', '2').code).toBe(0));
      const merged = join(temp, `merged-${n}`);
      const r = cli('merge', ...dirs, '--out', merged);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(outputs(merged)).toEqual(outputs(one));
    }
    const shard = JSON.parse(read(join(temp, 'shard-3-2'), 'run.json'));
    expect(shard.shard).toEqual({ index: 2, count: 3 });
    expect(shard.restarts.map((r: { index: number }) => r.index)).toEqual([1, 2]);
  });

  it('refuses to merge shards that overlap, leave gaps, or ran another experiment', () => {
    const d = (n: number, i: number) => join(temp, `shard-${n}-${i}`);
    expect(cli('merge', d(3, 1), d(3, 2), '--out', join(temp, 'm1'))).toEqual({ code: 1, stdout: '', stderr: 'landscape-lab: restarts 3-4 missing: no shard given holds them\n' });
    expect(cli('merge', d(3, 1), d(3, 1), d(3, 2), d(3, 3), '--out', join(temp, 'm2')).stderr).toBe(`landscape-lab: restart 0 appears in both ${d(3, 1)} and ${d(3, 1)}\n`);
    const other = writeExperiment('other.json', { ...experiment, seed: 'different' });
    const otherDir = join(temp, 'other');
    expect(cli('run', other, '--out', otherDir, '--shard', '2/2').code).toBe(0);
    const r = cli('merge', d(2, 1), otherDir, '--out', join(temp, 'm3'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`landscape-lab: ${join(otherDir, 'run.json')}: ran a different experiment than ${join(d(2, 1), 'run.json')}\n`);
    const notRun = cli('merge', temp, '--out', join(temp, 'm4'));
    expect(notRun).toEqual({ code: 1, stdout: '', stderr: `landscape-lab: cannot read run file ${join(temp, 'run.json')}: no such file\n` });
  });
});

describe('landscape-lab merge and failed restarts', () => {
  it('exits 2, as the unsharded run would, when a merged restart failed; the outputs are written and say which', () => {
    const file = writeExperiment('exp-failed.json', experiment);
    const dirs = [1, 2].map((i) => join(temp, `failed-shard-${i}`));
    dirs.forEach((dir, i) => expect(cli('run', file, '--out', dir, '--shard', `${i + 1}/2`, '--workers', '1').code).toBe(0));
    // What a shard writes for a restart whose worker crashed twice (its run exits 2).
    const run = JSON.parse(read(dirs[1]!, 'run.json'));
    const empty = { step: [], epoch: null, loss: [], accuracy: null, grad_norm: [] };
    run.restarts[0] = { index: run.restarts[0].index, seed: run.restarts[0].seed, status: 'failed', reason: 'the worker crashed twice', records: empty, params: null, stalledAt: null, basin: null };
    writeFileSync(join(dirs[1]!, 'run.json'), JSON.stringify(run));
    const merged = join(temp, 'failed-merged');
    const r = cli('merge', ...dirs, '--out', merged, '--workers', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^merged 2 shards; 5 restarts: 4 ok, 1 failed; wrote /);
    expect(JSON.parse(read(merged, 'summary.json'))).toMatchObject({ restarts: 5, ok: 4, failed: 1 });
  });
});

describe('variants and CSV datasets', () => {
  it('adds a variant column and per-variant statistics; restart i shares its seed across variants', () => {
    mkdirSync(join(temp, 'data'), { recursive: true });
    const rows = ['a,b,label'];
    for (let i = 0; i < 40; i++) rows.push(`${(i % 7) / 7},${Math.cos(i)},${i % 2}`);
    writeFileSync(join(temp, 'data', 'points.csv'), rows.join('\r\n') + '\r\n');
    const file = writeExperiment('variants.json', {
      format: 'landscape-lab/experiment@1',
      restarts: 3,
      problem: { type: 'network', dataset: { kind: 'csv', path: 'data/points.csv', target: 'label' }, optimizer: { name: 'adam', epochs: 4 } },
      record: { every: 'epoch' },
      variants: [{ label: 'zeros, constant', problem: { init: { weights: { name: 'zeros' } } } }, { label: 'he', problem: { init: { weights: { name: 'he_normal' } } } }],
    });
    const dir = join(temp, 'variants');
    const r = cli('run', file, '--out', dir);
    expect(r.stderr).toBe('');
    const lines = read(dir, 'trajectories.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('restart,seed,step,epoch,loss,accuracy,grad_norm,variant');
    expect(lines[1]!.endsWith(',"zeros, constant"')).toBe(true);
    expect(lines.at(-1)!.endsWith(',he')).toBe(true);
    expect(lines.length).toBe(1 + 2 * 3 * 5);
    const seedOf = (l: string) => l.split(',').slice(0, 2).join();
    expect(lines.slice(1, 16).filter((_, k) => k % 5 === 0).map(seedOf)).toEqual(lines.slice(16).filter((_, k) => k % 5 === 0).map(seedOf));
    const summary = JSON.parse(read(dir, 'summary.json'));
    expect(summary.variants.map((v: { label: string; restarts: number }) => [v.label, v.restarts])).toEqual([['zeros, constant', 3], ['he', 3]]);
    const run = JSON.parse(read(dir, 'run.json'));
    expect(run.restarts.map((x: { variant: string; index: number }) => `${x.variant}/${x.index}`)).toEqual(['zeros, constant/0', 'zeros, constant/1', 'zeros, constant/2', 'he/0', 'he/1', 'he/2']);
    expect(run.configurations[0].dataset).toMatchObject({ kind: 'csv', samples: 40, features: 2, classes: 2 });
    expect(run.experiment.variants[1].problem.init.weights).toEqual({ name: 'he_normal' });
  });

  it('names the file, line and column of a bad CSV cell', () => {
    writeFileSync(join(temp, 'bad.csv'), 'x,y\n1,0\n2,oops\n');
    const file = writeExperiment('badcsv.json', { format: 'landscape-lab/experiment@1', problem: { type: 'network', dataset: { kind: 'csv', path: 'bad.csv' } } });
    expect(cli('validate', file)).toEqual({ code: 1, stdout: '', stderr: `landscape-lab: ${file}: problem.dataset.path: bad.csv: line 3, column "y": expected a number, found "oops"\n` });
  });
});

describe('function searches', () => {
  const search = {
    format: 'landscape-lab/experiment@1',
    seed: 'cli-search',
    restarts: 6,
    problem: {
      type: 'function',
      function: { name: 'himmelblau' },
      search: { name: 'momentum', steps: 300, learningRate: 0.002, gradientNoise: 2 },
      basinMap: { resolution: 9 },
    },
    record: { every: 50 },
  };
  const file = writeExperiment('search.json', search);
  const one = join(temp, 'search-1');
  const first = cli('run', file, '--out', one, '--workers', '1');

  it('writes positions as x1, x2 after the standard columns, with epoch and accuracy empty', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = read(one, 'trajectories.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('restart,seed,step,epoch,loss,accuracy,grad_norm,x1,x2');
    expect(lines.length).toBe(1 + 6 * 7);
    const cells = lines[1]!.split(',');
    expect(cells.length).toBe(9);
    expect([cells[3], cells[5]]).toEqual(['', '']);
    const [x, y] = [Number(cells[7]), Number(cells[8])];
    expect(Number(cells[4])).toBeCloseTo((x * x + y - 11) ** 2 + (x + y * y - 7) ** 2, 9);
  });

  it('reports each restart\'s best point, success and nearest minimum, and the success rate over restarts', () => {
    const run = JSON.parse(read(one, 'run.json'));
    expect(run.configurations[0]).toMatchObject({ type: 'function', function: { name: 'himmelblau', dimensions: 2, domain: [[-5, 5], [-5, 5]] }, stepsPerRestart: 300 });
    expect(run.configurations[0].minima.length).toBe(4);
    const r0 = run.restarts[0];
    expect(Object.keys(r0)).toEqual(['index', 'seed', 'status', 'reason', 'records', 'params', 'best', 'success', 'nearestMinimum', 'stalledAt', 'basin']);
    expect(Object.keys(r0.records)).toEqual(['step', 'epoch', 'loss', 'accuracy', 'grad_norm', 'x1', 'x2']);
    expect(r0.records.epoch).toBeNull();
    expect(r0.best.value).toBeLessThanOrEqual(Math.min(...r0.records.loss));
    const summary = JSON.parse(read(one, 'summary.json'));
    const wins = run.restarts.filter((r: { success: boolean }) => r.success).length;
    expect(summary.successes).toBe(wins);
    expect(summary.successRate).toBe(wins / 6);
    expect(summary.successByRestarts.length).toBe(6);
    expect(summary.successByRestarts.at(-1)).toBe(wins > 0 ? 1 : 0);
    expect(summary.globalMinimaFound).toBe(new Set(run.restarts.filter((r: { success: boolean }) => r.success).map((r: { nearestMinimum: { index: number } }) => r.nearestMinimum.index)).size);
    expect(first.stdout.split('\n')[1]).toMatch(/; \d of 6 reached a global minimum \(\d of 4 minima found\)$/);
  });

  it('writes basins.json: where the descent from each grid point ends', () => {
    const basins = JSON.parse(read(one, 'basins.json'));
    expect(basins.format).toBe('landscape-lab/basins@1');
    const map = basins.maps[0];
    expect(map.variant).toBeNull();
    expect(map.x).toEqual([-5, -3.75, -2.5, -1.25, 0, 1.25, 2.5, 3.75, 5]);
    expect(map.grid.length).toBe(9);
    expect(map.endpoints.map((e: { minimum: number }) => e.minimum).sort()).toEqual([0, 1, 2, 3]);
  });

  it('writes the same bytes, basins included, for any worker count and after sharding and merging', () => {
    const files = (dir: string) => [...outputs(dir), read(dir, 'basins.json')];
    const two = join(temp, 'search-2');
    expect(cli('run', file, '--out', two, '--workers', '2').code).toBe(0);
    expect(files(two)).toEqual(files(one));
    const shards = [1, 2, 3].map((i) => join(temp, `search-shard-${i}`));
    shards.forEach((dir, i) => expect(cli('run', file, '--out', dir, '--shard', `${i + 1}/3`).code).toBe(0));
    const merged = join(temp, 'search-merged');
    expect(cli('merge', ...shards, '--out', merged).code).toBe(0);
    expect(files(merged)).toEqual(files(one));
  });

  it('validates a search and says what it would run', () => {
    expect(cli('validate', file).stdout).toBe(`${file}: valid. 6 restarts; momentum on himmelblau in 2 dimensions, 300 steps and 7 records per restart\n`);
  });

  it('says one of a thing in the singular (a run of the starting point only: 0 updates and 1 record)', () => {
    const out = cli('validate', new URL('../../../examples/init-health.json', import.meta.url).pathname);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('(37827 parameters), 0 updates and 1 record per restart;');
    expect(out.stdout).not.toContain('1 records');
  });

  it('names the character where a custom formula stops parsing', () => {
    const bad = writeExperiment('formula.json', { ...search, problem: { type: 'function', function: { name: 'custom', formula: 'sin(3*x)*cos(2y)' } } });
    expect(cli('validate', bad)).toEqual({
      code: 1,
      stdout: '',
      stderr: `landscape-lab: ${bad}: problem.function.formula: expected "," or ")" in the call to cos, found "y" at character 15 of "sin(3*x)*cos(2y)"\n`,
    });
  });
});

describe('landscapes', () => {
  const withPlane = (landscape: object, extra: object = {}) => ({
    ...experiment,
    restarts: 4,
    record: { every: 4, params: 'all' },
    landscape: { resolution: 7, ...landscape },
    ...extra,
  });

  it('writes landscape.json and x, y, off_plane columns, the same for any workers and after sharding', () => {
    const file = writeExperiment('pca.json', withPlane({ plane: 'pca' }));
    const dir = join(temp, 'pca-1');
    const r = cli('run', file, '--out', dir, '--workers', '1');
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]!.endsWith(join(dir, 'landscape.json'))).toBe(true);
    const lines = read(dir, 'trajectories.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('restart,seed,step,epoch,loss,accuracy,grad_norm,x,y,off_plane');
    const land = JSON.parse(read(dir, 'landscape.json'));
    expect(land.format).toBe('landscape-lab/landscape@1');
    expect(land.plane).toMatchObject({ plane: 'pca', center: expect.any(Array), directions: [expect.any(Array), expect.any(Array)] });
    expect(land.plane.explainedVariance.length).toBe(2);
    expect(land.grid.length).toBe(7);
    expect(land.grid[0].length).toBe(7);
    expect(land.x).toEqual(land.y);
    expect(land.paths.length).toBe(4);
    const first = lines[1]!.split(',');
    expect(Number(first[7])).toBe(land.paths[0].x[0]);
    expect(Number(first[9])).toBe(land.paths[0].offPlane[0]);
    const files = (d: string) => [...outputs(d), read(d, 'landscape.json')];
    const two = join(temp, 'pca-2');
    expect(cli('run', file, '--out', two, '--workers', '2').code).toBe(0);
    expect(files(two)).toEqual(files(dir));
    const shards = [1, 2].map((i) => join(temp, `pca-shard-${i}`));
    shards.forEach((d, i) => {
      const s = cli('run', file, '--out', d, '--shard', `${i + 1}/2`);
      expect(s.code).toBe(0);
      expect(s.stdout).toContain('landscape: not drawn for a shard (it needs every restart); merge draws it');
    });
    const merged = join(temp, 'pca-merged');
    const m = cli('merge', ...shards, '--out', merged);
    expect(m.stderr).toBe('');
    expect(files(merged)).toEqual(files(dir));
  });

  it('puts an interpolate line\'s loss barrier in landscape.json and summary.json', () => {
    const file = writeExperiment('interp.json', withPlane({ plane: 'interpolate', restarts: [0, 2] }));
    const dir = join(temp, 'interp');
    expect(cli('run', file, '--out', dir).code).toBe(0);
    const land = JSON.parse(read(dir, 'landscape.json'));
    const summary = JSON.parse(read(dir, 'summary.json'));
    expect(land.grid.length).toBe(1);
    expect(land.barrier.height).toBeGreaterThanOrEqual(0);
    expect(summary.barrier).toEqual(land.barrier);
  });

  it('reports endpoints that span no plane, still writing the other files', () => {
    const file = writeExperiment('collinear.json', withPlane({ plane: 'endpoints', restarts: [0, 1, 2] }, { seeds: { init: 'same', order: 'same' } }));
    const dir = join(temp, 'collinear');
    const r = cli('run', file, '--out', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('landscape-lab: landscape.restarts: the first two final points coincide; no plane passes through them\n');
    expect(readdirSync(dir).sort()).toEqual(['run.json', 'summary.json', 'trajectories.csv']);
    expect(read(dir, 'trajectories.csv').split('\n')[1]!.endsWith(',,,')).toBe(true);
  });

  it('draws a 2-D function over its domain with every restart\'s path', () => {
    const land = JSON.parse(read(join(temp, 'search-1'), 'landscape.json'));
    expect(land.plane.plane).toBe('domain');
    expect(land.resolution).toBe(129);
    expect(land.x[0]).toBe(-5);
    expect(land.x[128]).toBe(5);
    const [x, y] = [land.x[40], land.y[100]];
    expect(land.grid[100][40]).toBe((x * x + y - 11) ** 2 + (x + y * y - 7) ** 2);
    expect(land.paths.length).toBe(6);
  });
});

describe('divergence in the outputs', () => {
  it('writes a diverged restart with its non-finite last record, counts it, and still exits 0', () => {
    const file = writeExperiment('diverge.json', {
      format: 'landscape-lab/experiment@1',
      restarts: 2,
      problem: { type: 'network', dataset: { kind: 'sine', samples: 40 }, model: { hidden: [16], activation: 'relu' }, optimizer: { name: 'sgd', learningRate: 1e6, epochs: 50 } },
    });
    const dir = join(temp, 'diverge');
    const r = cli('run', file, '--out', dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^2 restarts: 0 ok, 2 diverged; wrote /);
    const summary = JSON.parse(read(dir, 'summary.json'));
    expect(summary).toMatchObject({ restarts: 2, ok: 0, diverged: 2, finalLoss: { count: 0, mean: null } });
    const run = JSON.parse(read(dir, 'run.json'));
    expect(run.restarts[0].status).toBe('diverged');
    expect(run.restarts[0].reason).toMatch(/stopped being finite at step \d+$/);
    const lastLoss = run.restarts[0].records.loss.at(-1);
    expect(['NaN', 'Infinity']).toContain(lastLoss);
    const lastRow = read(dir, 'trajectories.csv').trimEnd().split('\n').find((l) => l.startsWith('0,') && /,(NaN|Infinity),/.test(l));
    expect(lastRow).toBeDefined();
  });
});

describe('landscape-lab validate and bad input', () => {
  it('validates a good file and describes what it would run', () => {
    const file = writeExperiment('ok.json', experiment);
    expect(cli('validate', file)).toEqual({
      code: 0,
      stdout: `${file}: valid. 5 restarts; 2-6-4-1 network (51 parameters), 48 updates and 17 records per restart\n`,
      stderr: '',
    });
  });

  it('prints one line per problem and exits 1, with no stack trace', () => {
    const file = writeExperiment('bad.json', { format: 'landscape-lab/experiment@1', restarts: -1, problem: { type: 'network', dataset: { kind: 'xor' }, model: { activation: 'tanhh' } } });
    const r = cli('validate', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `landscape-lab: ${file}: restarts: expected an integer >= 1, found -1\n` +
        `landscape-lab: ${file}: problem.model.activation: expected one of "tanh", "relu", "leaky_relu", "sigmoid", "elu", "linear", found "tanhh" (did you mean "tanh"?)\n`,
    );
    const out = join(temp, 'never');
    expect(cli('run', file, '--out', out).code).toBe(1);
    expect(() => readdirSync(out)).toThrow(); // nothing ran, nothing written
  });

  it.each([
    [['run', 'exp.json'], 'landscape-lab: run: --out DIR is required (where to write the outputs)\n'],
    [['run', '--out', 'x'], 'landscape-lab: run: expected one experiment file, found 0\n'],
    [['run', 'exp.json', '--out', 'x', '--workers', '0'], 'landscape-lab: --workers: expected an integer from 1 to 1024, found "0"\n'],
    [['run', 'exp.json', '--out', 'x', '--shard', '4/3'], 'landscape-lab: --shard: expected i/n with 1 <= i <= n (e.g. 2/4), found "4/3"\n'],
    [['run', 'exp.json', '--out', 'x', '--frobnicate'], "landscape-lab: Unknown option '--frobnicate'\nlandscape-lab: run \"landscape-lab --help\" for usage\n"],
    [['validate', 'exp.json', '--out', 'x'], 'landscape-lab: validate: --out does not apply to this command\n'],
    [['train', 'exp.json'], 'landscape-lab: unknown command "train" (commands: run, validate, merge)\n'],
    [['validate', 'missing.json'], 'landscape-lab: cannot read experiment file missing.json: no such file\n'],
    [['merge', '--out', 'x'], 'landscape-lab: merge: expected at least one shard directory\n'],
  ])('%j', (args, stderr) => {
    writeExperiment('exp.json', experiment);
    expect(cli(...args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it('points at the line and column of a JSON syntax error', () => {
    writeFileSync(join(temp, 'syntax.json'), '{\n  "format": "landscape-lab/experiment@1",\n  "restarts": 3,,\n}\n');
    expect(cli('validate', 'syntax.json').stderr).toBe('landscape-lab: syntax.json: not valid JSON at line 3, column 17: expected a quoted key, found ","\n');
  });

  it('prints usage on stderr, exiting 1, when no command is given', () => {
    const r = cli();
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    expect(r.stderr).toContain('landscape-lab run EXPERIMENT.json --out DIR');
    expect(cli('--workers', '2', 'exp.json')).toEqual({ code: 1, stdout: '', stderr: 'landscape-lab: unknown command "exp.json" (commands: run, validate, merge)\n' });
    expect(cli('--out', 'x')).toEqual({ code: 1, stdout: '', stderr: 'landscape-lab: expected a command first (run, validate or merge)\nlandscape-lab: run "landscape-lab --help" for usage\n' });
  });

  it('prints usage with --help and the version with --version', () => {
    expect(cli('--help').stdout).toContain('landscape-lab run EXPERIMENT.json --out DIR [--workers N] [--shard i/n]');
    expect(cli('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('landscape-lab and its output directory', () => {
  const file = writeExperiment('small.json', { ...experiment, restarts: 2, problem: { ...experiment.problem, optimizer: { ...experiment.problem.optimizer, epochs: 1 } } });

  it('refuses, before running, an --out that is a file, lies under a file, or is empty', () => {
    const plain = join(temp, 'plain-file');
    writeFileSync(plain, 'mine');
    expect(cli('run', file, '--out', plain)).toEqual({ code: 1, stdout: '', stderr: `landscape-lab: --out ${plain}: it is a file, not a directory\n` });
    expect(cli('run', file, '--out', join(plain, 'sub'))).toEqual({ code: 1, stdout: '', stderr: `landscape-lab: --out ${join(plain, 'sub')}: a part of the path is a file, not a directory\n` });
    expect(cli('run', file, '--out', '')).toEqual({ code: 1, stdout: '', stderr: 'landscape-lab: --out: expected a directory, found ""\n' });
    expect(read(temp, 'plain-file')).toBe('mine');
  });

  it("replaces an earlier run's outputs (removing those the new run does not write), refuses to merge into a shard, and creates missing parents", () => {
    const dir = join(temp, 'parent', 'child', 'kept');
    expect(cli('run', file, '--out', dir, '--shard', '1/2').code).toBe(0);
    const other = join(temp, 'kept-2');
    expect(cli('run', file, '--out', other, '--shard', '2/2').code).toBe(0);
    const shard = outputs(dir);
    expect(cli('merge', dir, other, '--out', dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: `landscape-lab: merge --out ${dir}: it is one of the shards being merged, whose files the merged ones would replace; give another directory\n`,
    });
    expect(outputs(dir)).toEqual(shard);
    // Run again into the same directory: the files are the unsharded run's, and a landscape.json of an
    // earlier run that this one does not draw is removed, saying so.
    writeFileSync(join(dir, 'landscape.json'), '{"stale": true}');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const again = cli('run', file, '--out', dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(`landscape-lab: removed landscape.json from ${dir}: an earlier run's, which this run does not write\n`);
    const whole = join(temp, 'kept-whole');
    expect(cli('run', file, '--out', whole).code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(whole));
    expect(read(dir, 'notes.txt')).toBe('mine');
  });

  it('an output file that cannot be written: exit code 74, saying which, why, and what was written before it', () => {
    const dir = join(temp, 'blocked');
    mkdirSync(join(dir, 'summary.json'), { recursive: true }); // a directory where the file goes
    const r = cli('run', file, '--out', dir);
    expect(r.code).toBe(74);
    expect(r.stderr).toBe(
      `landscape-lab: cannot write ${join(dir, 'summary.json')}: it is a directory; trajectories.csv, run.json were written before it, and it and the files after it were not (each file is whole: the new one, or as it was)\n`,
    );
    expect(readdirSync(dir).sort()).toEqual(['run.json', 'summary.json', 'trajectories.csv']); // no temporary file left
  });

  it('on SIGINT mid-run says nothing was written and removes the output directory it created', async () => {
    const long = writeExperiment('long.json', { ...experiment, restarts: 2, problem: { ...experiment.problem, optimizer: { ...experiment.problem.optimizer, epochs: 1_000_000 } }, record: { every: 'epoch', params: 'none' } });
    const dir = join(temp, 'interrupted', 'out');
    const child = spawn(process.execPath, [CLI, 'run', long, '--out', dir, '--workers', '1'], { cwd: temp });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      for (let i = 0; i < 200 && !existsSync(dir); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(dir)).toBe(true); // created before the run starts
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toBe(`\nlandscape-lab: interrupted (SIGINT); nothing was written to ${dir}\n`);
    expect(existsSync(join(temp, 'interrupted'))).toBe(false);
  });
});

describe('landscape-lab and files that are not what they should be', () => {
  it.each([
    ['utf16.json', Buffer.from('\ufeff{}', 'utf16le'), 'the file is UTF-16 text; save it as UTF-8'],
    ['binary.json', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00]), 'the file is not UTF-8 text (a zero byte on line 1): a binary file, or text to save again as UTF-8'],
    ['latin1.json', Buffer.from('{\n"name": "caf\xe9"}', 'latin1'), 'the file is not UTF-8 text (bytes that are not UTF-8 on line 2): a binary file, or text to save again as UTF-8'],
  ])('refuses the experiment file %s as not UTF-8 text', (name, bytes, reason) => {
    writeFileSync(join(temp, name), bytes);
    expect(cli('validate', name)).toEqual({ code: 1, stdout: '', stderr: `landscape-lab: cannot read experiment file ${name}: ${reason}\n` });
  });

  it('names a dataset that is binary, or missing with where it was looked for', () => {
    mkdirSync(join(temp, 'ds'), { recursive: true });
    writeFileSync(join(temp, 'ds', 'bin.csv'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x0a]));
    const problem = (path: string) => ({ ...experiment.problem, dataset: { kind: 'csv', path } });
    const binary = writeExperiment(join('ds', 'bin.json'), { ...experiment, problem: problem('bin.csv') });
    expect(cli('validate', binary).stderr).toBe(`landscape-lab: ${binary}: problem.dataset.path: cannot read "bin.csv": the file is not UTF-8 text (a zero byte on line 1): a binary file, or text to save again as UTF-8\n`);
    const missing = writeExperiment(join('ds', 'missing.json'), { ...experiment, problem: problem('data/x.csv') });
    expect(cli('validate', missing).stderr).toBe(`landscape-lab: ${missing}: problem.dataset.path: cannot read "data/x.csv": no such file (looked for ${join(temp, 'ds', 'data', 'x.csv')}: the path is relative to the experiment file)\n`);
  });

  it('names what is wrong with a shard given to merge', () => {
    const shard = join(temp, 'bad-shard');
    mkdirSync(shard, { recursive: true });
    const runFile = join(shard, 'run.json');
    expect(cli('merge', runFile, '--out', join(temp, 'mx')).stderr).toBe(`landscape-lab: cannot read run file ${join(runFile, 'run.json')}: no such file\n`);
    writeFileSync(runFile, '{\n  "format": "landscape-lab/run@1",\n');
    expect(cli('merge', shard, '--out', join(temp, 'mx')).stderr).toBe(`landscape-lab: ${runFile}: not valid JSON at line 3, column 1: expected a quoted key, found the end of the file\n`);
    expect(cli('merge', runFile, '--out', join(temp, 'mx')).stderr).toBe(`landscape-lab: merge: ${runFile} is a file; give the directories the shards were written to (each holds a run.json)\n`);
    writeFileSync(runFile, '{}');
    expect(cli('merge', shard, '--out', join(temp, 'mx')).stderr).toBe(`landscape-lab: ${runFile}: format: expected "landscape-lab/run@1", found nothing\n`);
    writeFileSync(runFile, JSON.stringify(experiment));
    expect(cli('merge', shard, '--out', join(temp, 'mx')).stderr).toBe(`landscape-lab: ${runFile}: format: expected "landscape-lab/run@1", found "landscape-lab/experiment@1" (an experiment file, not the run.json a run writes)\n`);
    expect(existsSync(join(temp, 'mx'))).toBe(false);
  });
});
