// The landscape-lab command: parses arguments, runs one command, maps errors to exit codes.
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { defaultWorkerCount } from '../engine/pool';
import { OutputWriteError } from '../engine/outputs';
import { describeWriteFailure, interruptCommand, type Io, mergeCommand, parseShard, runCommand, UsageError, validateCommand } from './commands';

const USAGE = `landscape-lab ${version}: run Landscape Lab experiments without a window.

Usage:
  landscape-lab run EXPERIMENT.json --out DIR [--workers N] [--shard i/n]
  landscape-lab validate EXPERIMENT.json
  landscape-lab merge DIR... --out DIR [--workers N]
  landscape-lab --help | --version

run       trains every restart and writes DIR/trajectories.csv, DIR/run.json, DIR/summary.json
          --workers N   worker threads (default: cores - 1, at least 1; output is identical for any N)
          --shard i/n   run only the i-th of n blocks of restarts (1-based), for batch schedulers
validate  checks an experiment file as run would, without running it
merge     joins the outputs of shards into the output of one unsharded run

Exit codes: 0 done; 1 bad input or usage; 2 some restarts failed (outputs still written); 70 internal error;
74 an output file could not be written.
Formats: docs/experiment-format.md and docs/outputs.md.`;

function parsePositiveInt(text: string, option: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1024) {
    throw new UsageError([`${option}: expected an integer from 1 to 1024, found ${JSON.stringify(text)}`]);
  }
  return Number(text);
}

/** Runs the CLI with arguments `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io, workerEntry: string | URL): Promise<number> {
  try {
    const { values, positionals } = (() => {
      try {
        return parseArgs({
          args: argv,
          allowPositionals: true,
          strict: true,
          options: {
            out: { type: 'string', short: 'o' },
            workers: { type: 'string', short: 'w' },
            shard: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
            version: { type: 'boolean', short: 'v' },
          },
        });
      } catch (e) {
        throw new UsageError([(e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''), 'run "landscape-lab --help" for usage']);
      }
    })();
    if (values.help) {
      io.out(USAGE + '\n');
      return 0;
    }
    if (values.version) {
      io.out(`${version}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    const only = (allowed: string[]) => {
      for (const key of Object.keys(values)) {
        if (!allowed.includes(key)) throw new UsageError([`${command}: --${key} does not apply to this command`]);
      }
    };
    switch (command) {
      case 'run': {
        only(['out', 'workers', 'shard']);
        if (rest.length !== 1) throw new UsageError([`run: expected one experiment file, found ${rest.length}`]);
        if (values.out === undefined) throw new UsageError(['run: --out DIR is required (where to write the outputs)']);
        const workers = values.workers === undefined ? defaultWorkerCount() : parsePositiveInt(values.workers, '--workers');
        const shard = values.shard === undefined ? null : parseShard(values.shard);
        return await runCommand(rest[0]!, { out: values.out, workers, shard, workerEntry }, io);
      }
      case 'validate':
        only([]);
        if (rest.length !== 1) throw new UsageError([`validate: expected one experiment file, found ${rest.length}`]);
        return validateCommand(rest[0]!, io);
      case 'merge': {
        only(['out', 'workers']);
        if (values.out === undefined) throw new UsageError(['merge: --out DIR is required (where to write the merged outputs)']);
        const workers = values.workers === undefined ? defaultWorkerCount() : parsePositiveInt(values.workers, '--workers');
        return await mergeCommand(rest, values.out, workers, workerEntry, io);
      }
      case undefined:
        // A usage error: the usage goes to stderr, not into a file stdout may be redirected to.
        if (Object.keys(values).length > 0) throw new UsageError(['expected a command first (run, validate or merge)', 'run "landscape-lab --help" for usage']);
        io.err.write(USAGE + '\n');
        return 1;
      default:
        throw new UsageError([`unknown command ${JSON.stringify(command)} (commands: run, validate, merge)`]);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      for (const line of e.lines) io.err.write(`landscape-lab: ${line}\n`);
      return 1;
    }
    if (e instanceof OutputWriteError) {
      io.err.write(`landscape-lab: ${describeWriteFailure(e)}\n`);
      return 74;
    }
    io.err.write(`landscape-lab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}

// Run when this file is the bundled entry point (out/cli/landscape-lab.mjs), not when a test imports it.
if (import.meta.url.endsWith('/landscape-lab.mjs') && process.argv[1] !== undefined) {
  const io: Io = { out: (t) => process.stdout.write(t), err: process.stderr };
  // Ctrl-C, or a batch scheduler's SIGTERM: say what was left on disk, remove an output directory the
  // run created and never wrote to, and exit with the shell's code for the signal (128 + its number).
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nlandscape-lab: interrupted (${signal}); ${interruptCommand()}\n`);
      process.exit(code);
    });
  }
  const code = await main(process.argv.slice(2), io, new URL('../engine/worker.mjs', import.meta.url));
  process.exitCode = code;
}
