import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExperimentError, formatProblem } from '../../core/experiment/errors';
import { describePlan } from '../../core/experiment/plan-description';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import { parseJson, resolveExperiment, type RunPlan } from '../../core/experiment/resolve';
import type { RestartResult } from '../../core/experiment/result';
import { summarize } from '../../core/analysis/stats';
import { toJson } from '../../core/export/json';
import { describeConfigurations, type RunOutput, type Shard, shardRange } from '../../core/export/outputs';
import { basinsJson, finishRun, needsWholeRun } from '../../core/export/finish-run';
import { RunFileError, readRunJson } from '../../core/export/read-run';
import { type OutputWriteError, removeStaleRunFiles, writeRunFiles } from '../engine/outputs';
import { WorkerPool } from '../engine/pool';
import { fsReason, type OutputDir, prepareOutputDir } from './output-dir';
import { ProgressBar } from './progress';

/** A problem with the user's input: printed as one line per reason, exit code 1. */
export class UsageError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UsageError';
  }
}

/** Where a command writes: stdout for results, stderr for progress (a terminal shows a bar). */
export interface Io {
  out(text: string): void;
  err: { isTTY?: boolean; write(s: string): unknown };
}


export { BASINS_FORMAT, basinsJson } from '../../core/export/finish-run';
export { OUTPUT_FILES } from '../engine/outputs';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Reads a text file for the CLI, refusing files over `limit` bytes and any that are not UTF-8 text; errors become UsageErrors naming the file. */
export function readTextFile(path: string, limit: number, what: string): string {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError([`${what} ${path} is not a file`]);
    if (st.size > limit) throw new UsageError([`${what} ${path} is ${mib(st.size)}; the limit is ${mib(limit)}`]);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError([`cannot read ${what} ${path}: ${fsReason(e)}`]);
  }
  try {
    return decodeUtf8(bytes);
  } catch (e) {
    throw new UsageError([`cannot read ${what} ${path}: ${(e as Error).message}`]);
  }
}

/** Reads a dataset for an experiment's resolver: throws an Error saying what is wrong, without the path. */
function readDataset(path: string): string {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size > MAX_CSV_BYTES) throw new Error(`the file is ${mib(st.size)}; the limit is ${mib(MAX_CSV_BYTES)}`);
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    // The path is relative to the experiment file, not to the working directory: say where it led.
    throw new Error(code === 'ENOENT' ? `no such file (looked for ${path}: the path is relative to the experiment file)` : fsReason(e));
  }
  return decodeUtf8(bytes);
}

/**
 * UTF-8 bytes as text (a byte-order mark is kept). Throws when they are not UTF-8 text: a binary file,
 * or text saved as UTF-16 or Latin-1, whose characters would otherwise be silently misread.
 */
function decodeUtf8(bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error('the file is UTF-16 text; save it as UTF-8');
  }
  const zero = bytes.indexOf(0);
  try {
    if (zero < 0) return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // located below
  }
  const loose = bytes.toString('utf8');
  const line = loose.slice(0, zero >= 0 ? loose.indexOf('\0') : loose.indexOf('\ufffd')).split('\n').length;
  throw new Error(`the file is not UTF-8 text (${zero >= 0 ? 'a zero byte' : 'bytes that are not UTF-8'} on line ${line}): a binary file, or text to save again as UTF-8`);
}

/** Loads, validates and prepares an experiment file; dataset paths are relative to the file. */
export function loadExperiment(file: string): RunPlan {
  const text = readTextFile(file, MAX_EXPERIMENT_BYTES, 'experiment file');
  const base = dirname(resolve(file));
  try {
    return resolveExperiment(parseJson(text), (path) => readDataset(resolve(base, path)));
  } catch (e) {
    if (e instanceof ExperimentError) throw new UsageError(e.problems.map((p) => `${file}: ${formatProblem(p)}`));
    throw e;
  }
}

/** Parses `--shard i/n` (1-based: shard 1/3 is the first of three). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : null;
  if (shard === null || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new UsageError([`--shard: expected i/n with 1 <= i <= n (e.g. 2/4), found ${JSON.stringify(text)}`]);
  }
  return shard;
}

function describeOutcome(results: RestartResult[]): string {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const parts = [`${count('ok')} ok`];
  if (count('diverged') > 0) parts.push(`${count('diverged')} diverged`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return `${results.length} restart${results.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

const fmt = (v: number | null) => (v === null ? '-' : v.toPrecision(4));

/** A line a person can read at a glance per configuration: the spread of final losses (and accuracies), or for a search its final values and success. */
function describeFinals(out: RunOutput): string {
  const lines: string[] = [];
  out.configurations.forEach((config, v) => {
    const subset = out.restarts.filter((r) => r.variant === v);
    const ok = subset.filter((r) => r.status === 'ok' && r.records.count > 0);
    const label = config.variant === null ? '' : `${config.variant}: `;
    if (ok.length === 0) {
      lines.push(`${label}no restart ended ok\n`);
      return;
    }
    const s = summarize(ok.map((r) => r.records.loss[r.records.count - 1]!));
    const what = config.type === 'network' ? 'final loss' : 'final value';
    let line = `${label}${what} mean ${fmt(s.mean)}, min ${fmt(s.min)}, median ${fmt(s.median)}, max ${fmt(s.max)}`;
    if (config.type === 'network' && ok[0]!.records.accuracy !== null) {
      const a = summarize(ok.map((r) => r.records.accuracy![r.records.count - 1]!));
      line += `; accuracy ${(100 * a.min!).toFixed(1)}% to ${(100 * a.max!).toFixed(1)}%`;
    }
    if (config.type === 'function' && config.minima.length > 0) {
      const wins = subset.filter((r) => r.search?.success === true);
      const found = new Set(wins.map((r) => r.search!.nearest!.index)).size;
      line += `; ${wins.length} of ${subset.length} reached a global minimum (${found} of ${config.minima.length} minima found)`;
    }
    lines.push(line + '\n');
  });
  return lines.join('');
}

/** `landscape-lab validate FILE`: checks a file as `run` would, without running it. */
export function validateCommand(file: string, io: Io): number {
  io.out(`${file}: valid. ${describePlan(loadExperiment(file))}\n`);
  return 0;
}

/** Options of `landscape-lab run`. */
export interface RunOptions {
  out: string;
  workers: number;
  shard: Shard | null;
  /** Path of the bundled worker_threads entry. */
  workerEntry: string | URL;
}

/** The output directory of the command in progress, for an interrupt's message; null before it is prepared. */
let current: { dir: string; output: OutputDir; written: boolean } | null = null;

/** Checks and creates the --out directory before any work starts (see prepareOutputDir); errors become UsageErrors. */
function claimOutputDir(dir: string): void {
  try {
    current = { dir, output: prepareOutputDir(dir, '--out'), written: false };
  } catch (e) {
    throw new UsageError([(e as Error).message]);
  }
}

/**
 * Writes the run files into the claimed directory (synchronously: an interrupt waits until they are
 * all written), replacing an earlier run's, and removes that run's files this one does not write.
 */
function writeClaimed(dir: string, out: RunOutput, basins: string | null, landscape: string | null, io: Io): string[] {
  const written = writeRunFiles(dir, out, basins, landscape);
  if (current !== null) current.written = true;
  const stale = removeStaleRunFiles(dir, written);
  if (stale.length > 0) io.err.write(`landscape-lab: removed ${stale.join(', ')} from ${dir}: an earlier run's, which this run does not write\n`);
  return written;
}

/** Leaves the claimed directory as it was if the command ends without writing (removing it if it created it). */
function releaseOutputDir(): void {
  if (current !== null && !current.written) current.output.removeIfUnused();
  current = null;
}

/**
 * What to tell the user when SIGINT or SIGTERM stops the command: removes the output directory it
 * created if nothing was written there yet. Output files are written synchronously, so an interrupt
 * never finds them half-written.
 */
export function interruptCommand(): string {
  const c = current;
  releaseOutputDir();
  if (c === null) return 'nothing was written';
  return c.written ? `the outputs in ${c.dir} were written in full` : `nothing was written to ${c.dir}`;
}

/** One line for an output file that could not be written: which, why, and what the directory holds now. */
export function describeWriteFailure(e: OutputWriteError): string {
  const before = e.written.length === 0 ? 'no file was written before it' : `${e.written.map((p) => basename(p)).join(', ')} ${e.written.length === 1 ? 'was' : 'were'} written before it`;
  return `cannot write ${e.path}: ${fsReason(e.failure)}; ${before}, and it and the files after it were not (each file is whole: the new one, or as it was)`;
}

/** `landscape-lab run`: trains every restart (of the shard) on a worker pool and writes the outputs. Returns the exit code. */
export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  const plan = loadExperiment(file);
  claimOutputDir(options.out);
  try {
    return await runClaimed(file, plan, options, io);
  } finally {
    releaseOutputDir();
  }
}

async function runClaimed(file: string, plan: RunPlan, options: RunOptions, io: Io): Promise<number> {
  const { start, end } = shardRange(plan.experiment.restarts, options.shard);
  const tasks: { variant: number; index: number }[] = [];
  plan.variants.forEach((_, variant) => {
    for (let index = start; index < end; index++) tasks.push({ variant, index });
  });
  const bar = new ProgressBar(io.err, `${plan.experiment.name || file}`);
  const pool = new WorkerPool(options.workers, options.workerEntry);
  let out: RunOutput;
  let completed: { written: string[]; landscapeProblem: string | null };
  try {
    const results = await pool.run(plan, tasks, { onProgress: (done, total) => bar.update(done, total) });
    bar.finish();
    out = { experiment: plan.experiment, configurations: describeConfigurations(plan), restarts: results, shard: options.shard };
    completed = await completeRun(plan, out, options.out, basinsJson(plan), pool, io);
  } finally {
    bar.finish();
    await pool.close();
  }
  const results = out.restarts;
  const { written, landscapeProblem } = completed;
  io.out(`${describeOutcome(results)}; wrote ${written.join(', ')}\n${describeFinals(out)}`);
  if (out.shard !== null && needsWholeRun(plan)) io.out('landscape: not drawn for a shard (it needs every restart); merge draws it\n');
  if (landscapeProblem !== null) {
    io.err.write(`landscape-lab: ${landscapeProblem}\n`);
    return 1;
  }
  return results.some((r) => r.status === 'failed') ? 2 : 0;
}

/**
 * The analyses and the landscape that need every restart, then the files: stalls and basins over all
 * restarts; for a whole run (not a shard), landscape.json (a network's plane, grid and projected paths,
 * with x, y, off_plane in trajectories.csv; or a 2-D function over its domain). A landscape that cannot
 * be honoured (e.g. collinear endpoints) is reported and the other files are still written.
 */
export async function completeRun(
  plan: RunPlan,
  out: RunOutput,
  dir: string,
  basins: string | null,
  pool: WorkerPool,
  io: Io,
): Promise<{ written: string[]; landscapeProblem: string | null }> {
  const finished = await finishRun(plan, out, async (slice) => {
    const bar = new ProgressBar(io.err, 'landscape grid');
    try {
      return await pool.grid(plan, slice.variant, slice.plane, { onProgress: (done, total) => bar.update(done, total) });
    } finally {
      bar.finish();
    }
  });
  const written = writeClaimed(dir, out, basins, finished.landscape === null ? null : toJson(finished.landscape), io);
  return { written, landscapeProblem: finished.problem };
}

/** `landscape-lab merge DIR... --out DIR`: joins shard outputs into the output of one unsharded run. */
export async function mergeCommand(dirs: string[], outDir: string, workers: number, workerEntry: string | URL, io: Io): Promise<number> {
  if (dirs.length === 0) throw new UsageError(['merge: expected at least one shard directory']);
  // Writing the merged files over a shard's would lose that shard (an earlier run's files are replaced as a run's are).
  if (dirs.some((d) => resolve(d) === resolve(outDir))) {
    throw new UsageError([`merge --out ${outDir}: it is one of the shards being merged, whose files the merged ones would replace; give another directory`]);
  }
  const parts = dirs.map((dir) => {
    if (statSync(dir, { throwIfNoEntry: false })?.isFile() === true) {
      throw new UsageError([`merge: ${dir} is a file; give the directories the shards were written to (each holds a run.json)`]);
    }
    const file = join(dir, 'run.json');
    const text = readTextFile(file, Number.MAX_SAFE_INTEGER, 'run file');
    try {
      return { dir, run: readRunJson(parseRunText(text)) };
    } catch (e) {
      if (e instanceof ExperimentError) throw new UsageError(e.problems.map((p) => `${file}: ${formatProblem(p)}`));
      if (e instanceof RunFileError) throw new UsageError([`${file}: ${e.message}`]);
      throw e;
    }
  });
  const first = parts[0]!;
  const experimentText = toJson(first.run.experiment);
  const configText = toJson(first.run.configurations);
  const problems: string[] = [];
  for (const p of parts.slice(1)) {
    if (toJson(p.run.experiment) !== experimentText) problems.push(`${join(p.dir, 'run.json')}: ran a different experiment than ${join(first.dir, 'run.json')}`);
    else if (toJson(p.run.configurations) !== configText) problems.push(`${join(p.dir, 'run.json')}: ran on different data than ${join(first.dir, 'run.json')} (dataset hashes differ)`);
  }
  if (problems.length > 0) throw new UsageError(problems);

  const restarts = first.run.experiment.restarts;
  const variants = first.run.configurations.length;
  const slots: (RestartResult | undefined)[] = new Array(variants * restarts);
  const owner: string[] = new Array(variants * restarts);
  for (const p of parts) {
    for (const r of p.run.restarts) {
      const key = r.variant * restarts + r.index;
      const label = first.run.configurations[r.variant]!.variant;
      const name = `restart ${r.index}${label === null ? '' : ` of variant ${JSON.stringify(label)}`}`;
      if (r.index < 0 || r.index >= restarts) problems.push(`${join(p.dir, 'run.json')}: ${name} is out of range (the experiment has ${restarts})`);
      else if (slots[key] !== undefined) problems.push(`${name} appears in both ${owner[key]} and ${p.dir}`);
      else {
        slots[key] = r;
        owner[key] = p.dir;
      }
    }
  }
  const gaps = new Set<number>();
  for (let k = 0; k < slots.length; k++) if (slots[k] === undefined) gaps.add(k % restarts);
  const missing = [...gaps].sort((a, b) => a - b);
  if (missing.length > 0) problems.push(`restart${missing.length === 1 ? '' : 's'} ${compactRanges(missing)} missing: no shard given holds ${missing.length === 1 ? 'it' : 'them'}`);
  if (problems.length > 0) throw new UsageError(problems);

  const out: RunOutput = { ...first.run, restarts: slots as RestartResult[], shard: null };
  // Every shard computes the same basin map (it depends on the experiment alone): keep the first's.
  const basinsFile = join(first.dir, 'basins.json');
  const basins = existsSync(basinsFile) ? readFileSync(basinsFile, 'utf8') : null;
  // Stalls, basins and the landscape compare all restarts: recompute them over the whole run, on the
  // experiment resolved again (CSV datasets are read relative to the working directory).
  const plan = replan(out, first.dir);
  claimOutputDir(outDir);
  const pool = new WorkerPool(workers, workerEntry);
  let completed: { written: string[]; landscapeProblem: string | null };
  try {
    completed = await completeRun(plan, out, outDir, basins, pool, io);
  } finally {
    await pool.close();
    releaseOutputDir();
  }
  const { written, landscapeProblem } = completed;
  io.out(`merged ${parts.length} shard${parts.length === 1 ? '' : 's'}; ${describeOutcome(out.restarts)}; wrote ${written.join(', ')}\n`);
  if (landscapeProblem !== null) {
    io.err.write(`landscape-lab: ${landscapeProblem}\n`);
    return 1;
  }
  // The merged files are an unsharded run's, and so is the exit code: 2 when some restart failed.
  return out.restarts.some((r) => r.status === 'failed') ? 2 : 0;
}

/** A run.json's text parsed (JSON.parse, fast on large files); a syntax error is located by line and column. */
function parseRunText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJson(text);
  }
}

/** The run plan of merged shards, from the experiment in their run.json; its data must match the shards' (by hash). */
function replan(out: RunOutput, dir: string): RunPlan {
  let plan: RunPlan;
  try {
    plan = resolveExperiment(out.experiment, (path) => readTextFile(resolve(path), MAX_CSV_BYTES, 'dataset'));
  } catch (e) {
    if (e instanceof ExperimentError) throw new UsageError(e.problems.map((p) => `${join(dir, 'run.json')}: cannot re-create the run to merge it: ${formatProblem(p)} (run merge from the experiment file's folder)`));
    throw e;
  }
  if (toJson(describeConfigurations(plan)) !== toJson(out.configurations)) {
    throw new UsageError([`${join(dir, 'run.json')}: the data found now differs from the data the shards trained on (dataset hashes differ)`]);
  }
  return plan;
}

/** "0-3, 7, 9-10" from sorted indices. */
export function compactRanges(values: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    parts.push(j === i ? `${values[i]}` : `${values[i]}-${values[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
