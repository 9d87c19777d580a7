// The web edition's run host: the counterpart of the desktop's main process. It owns the runs
// (RunManager), the engine's worker pool and the exports, and lives in a dedicated worker of its own
// (web-host-worker.ts), so the page keeps only what it draws: every restart's full records, the
// scheduler's bookkeeping and the making of export files stay off the page's thread. The page talks to
// it through web-api.ts with the messages below. No DOM: it runs in a worker (or, in tests, in Node).
import { toJsonChunks } from '../../core/export/json';
import { trajectoryCsvChunks } from '../../core/export/outputs';
import { runJsonChunks } from '../../core/export/run-json';
import { summaryJson } from '../../core/export/summary';
import type { Timer } from '../../core/protocol/batcher';
import { isExpectedError, toErrorReply } from '../../core/protocol/error-reply';
import type * as z from 'zod';
import { parseRequest, REQUESTS, type ErrorReply, type ExperimentSource, type RunEventBatch } from '../../core/protocol/lab-api';
import type { ReadText } from '../../core/experiment/resolve';
import { pack, type Packed } from '../../core/protocol/packed';
import { RunManager } from '../../core/protocol/runs';
import type { Scheduler } from '../../core/protocol/scheduler';
import { collectBlob } from '../export/collect-blob';

/** The requests the host answers (the others, files and settings, are the page's own). */
export const HOST_REQUESTS = ['validate', 'start', 'pause', 'resume', 'step', 'cancel', 'exportRun'] as const;
export type HostRequest = (typeof HOST_REQUESTS)[number];

/** The page's first message to the host: the engine's worker count (null: the default) and the last run id the page has seen. */
export interface HostInit {
  type: 'init';
  workers: number | null;
  lastRun: number;
}

/** Page to host: the engine's worker count (null: the default) for the runs that start from now on. */
export interface HostWorkers {
  type: 'workers';
  workers: number | null;
}

/** Page to host: a request, answered by a reply with the same id. */
export interface HostCall {
  type: 'call';
  id: number;
  name: HostRequest;
  payload: unknown;
}
/** Every message of the page to the host. */
export type ToHost = HostInit | HostWorkers | HostCall;

/**
 * Host to page: a request's answer (a value or an error's plain data), or a batch of run events,
 * packed (packed.ts: a structured clone of many small typed arrays costs the page far more than their
 * bytes), or as it is should it hold something packing cannot carry.
 */
export type FromHost =
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'reply'; id: number; error: ErrorReply['error'] }
  | { type: 'events'; packed: Packed }
  | { type: 'events'; batch: RunEventBatch };

/** A run's export as the host makes it: the files, in order, for the page to download. */
export interface ExportedFiles {
  files: { name: string; blob: Blob }[];
}

/** Datasets of a web run come only from the texts the page sent (files the user picked, or bundled ones). */
function inlineDatasets(source: ExperimentSource): ReadText {
  return (path) => {
    const text = source.datasets[path];
    if (text === undefined) throw new Error(`the web edition cannot read ${path} from disk: open it with "Open dataset" first`);
    return text;
  };
}

/** Makes a finished run's files (the CLI's: trajectories.csv, run.json, summary.json, basins.json, landscape.json) as Blobs. */
async function exportFiles(runs: RunManager, run: number): Promise<ExportedFiles> {
  const result = runs.result(run);
  const files: ExportedFiles['files'] = [];
  // collectBlob makes each file over several tasks, so the host still answers (e.g. a new run's start) meanwhile.
  const add = async (name: string, parts: Iterable<string>, type: string) => {
    files.push({ name, blob: await collectBlob(parts, type) });
  };
  await add('trajectories.csv', trajectoryCsvChunks(result.output), 'text/csv');
  await add('run.json', runJsonChunks(result.output), 'application/json');
  await add('summary.json', [summaryJson(result.output)], 'application/json');
  if (result.basins !== null) await add('basins.json', [result.basins], 'application/json');
  if (result.landscape !== null) await add('landscape.json', toJsonChunks(result.landscape), 'application/json');
  return { files };
}

export interface WebHost {
  /** Answers one request (never throws: a failure is an error reply). */
  handle(call: HostCall): Promise<void>;
  /** Sets the pool's size for the runs that start from now on (RunManager.resize: a run going keeps its workers). */
  setWorkers(size: number): void;
  /** Cancels the run going and stops the engine's workers. */
  close(): Promise<void>;
}

/**
 * The host on `scheduler`: answers each call through `post` and sends the runs' event batches the
 * same way; its runs are numbered from `lastRun` + 1. Each payload is checked against its request's
 * schema, as the desktop's main process does (electron/main/ipc.ts).
 */
export function createWebHost(scheduler: Scheduler, post: (message: FromHost, transfer?: Transferable[]) => void, timer: Timer, lastRun = 0, log: (message: string) => void = console.error): WebHost {
  const sendBatch = (batch: RunEventBatch) => {
    let packed: Packed;
    try {
      packed = pack(batch);
    } catch {
      post({ type: 'events', batch });
      return;
    }
    post({ type: 'events', packed }, [packed.data.buffer]);
  };
  const runs = new RunManager(scheduler, timer, sendBatch, lastRun);
  const handlers: { [N in HostRequest]: (value: z.infer<(typeof REQUESTS)[N]>) => unknown } = {
    validate: (source) => runs.validate(source, inlineDatasets(source)),
    start: ({ drawBudget, ...source }) => runs.start(source, inlineDatasets(source), drawBudget ?? Infinity),
    pause: ({ run }) => runs.pause(run),
    resume: ({ run }) => runs.resume(run),
    step: ({ run }) => runs.step(run),
    cancel: ({ run }) => runs.cancel(run),
    exportRun: ({ run }) => exportFiles(runs, run),
  };
  return {
    handle: async ({ id, name, payload }) => {
      if (!(HOST_REQUESTS as readonly string[]).includes(name)) {
        post({ type: 'reply', id, error: { kind: 'invalid-request', message: `the run host has no request "${String(name)}"` } });
        return;
      }
      const parsed = parseRequest(name, payload);
      if (!parsed.ok) {
        post({ type: 'reply', id, ...parsed.reply });
        return;
      }
      try {
        post({ type: 'reply', id, value: await (handlers[name] as (value: unknown) => unknown)(parsed.value) });
      } catch (e) {
        if (!isExpectedError(e)) log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        post({ type: 'reply', id, ...toErrorReply(e) });
      }
    },
    setWorkers: (size) => runs.resize(size),
    close: () => runs.close(),
  };
}

/** How the host worker makes its engine's pool: `create` a scheduler of a size, and the size when the page asks for the default. */
export interface PoolFactory {
  create(size: number): Scheduler;
  defaultSize(): number;
}

/**
 * The host worker's handler of the page's messages (web-host-worker.ts wires it to the worker's
 * scope): init makes the host on a new pool and starts its workers at once, so that their code has
 * loaded before Run; a workers message resizes the pool for the next run, starting new workers as it
 * does; every other message is a request. A workers message it cannot apply is logged, never thrown:
 * a throw would stop the host and the run it is going.
 */
export function hostWorkerHandler(pool: PoolFactory, post: (message: FromHost, transfer?: Transferable[]) => void, timer: Timer, log: (message: string) => void = console.error): (message: ToHost) => void {
  let host: WebHost | null = null;
  return (m) => {
    if (m.type === 'init') {
      if (host !== null) return;
      const scheduler = pool.create(m.workers ?? pool.defaultSize());
      host = createWebHost(scheduler, post, timer, m.lastRun, log);
      scheduler.warm();
      return;
    }
    if (m.type === 'workers') {
      try {
        if (host === null) throw new Error('the run host was not started');
        host.setWorkers(m.workers ?? pool.defaultSize());
      } catch (e) {
        log(`the workers setting (${String(m.workers)}) was not applied: ${e instanceof Error ? e.message : String(e)}`);
      }
      return;
    }
    if (host === null) {
      post({ type: 'reply', id: m.id, error: { kind: 'failed', message: 'the run host was not started' } });
      return;
    }
    void host.handle(m);
  };
}
