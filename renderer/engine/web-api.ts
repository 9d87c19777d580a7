// The LabApi of the web edition: runs go to the host worker (web-host.ts, the web's counterpart of the
// desktop's main process, started with the page), files through the browser (file pickers and downloads), settings in
// localStorage. The renderer cannot tell it from the desktop's.
import { toJson } from '../../core/export/json';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import {
  DEFAULT_SETTINGS,
  LabError,
  parseRequest,
  Settings,
  type ExportReply,
  type LabApi,
  type OpenedFile,
  type RequestName,
  type RunEventBatch,
  type SettingsPatch,
  type ValidateReply,
} from '../../core/protocol/lab-api';
import { unpack } from '../../core/protocol/packed';
import { downloadBlob } from '../export/download';
import type { ExportedFiles, FromHost, HostRequest, ToHost } from './web-host';

const SETTINGS_KEY = 'landscape-lab.settings';

/** Validates a request as the desktop's preload bridge would see it; the result is plain data (no Svelte proxies), fit to post. */
function checked<N extends RequestName>(name: N, payload: unknown) {
  const parsed = parseRequest(name, payload);
  if (!parsed.ok) throw new LabError(parsed.reply.error.kind, parsed.reply.error.message);
  return parsed.value;
}

/** The page's end of the host worker. */
export interface HostPort {
  post(message: ToHost): void;
  /** Sets the handlers of the host's messages and of its failure (it threw, failed to load, or a message could not be read). */
  listen(handlers: { message(m: FromHost): void; error(reason: string): void }): void;
  terminate(): void;
}

/** The host as a module Web Worker. */
function workerPort(): HostPort {
  const worker = new Worker(new URL('./web-host-worker.ts', import.meta.url), { type: 'module', name: 'landscape-lab-host' });
  return {
    post: (message) => worker.postMessage(message),
    listen: (h) => {
      worker.onmessage = (e: MessageEvent<FromHost>) => h.message(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        h.error(e.message || 'it failed to load or threw');
      };
      worker.onmessageerror = () => h.error('a message from it could not be read');
    },
    terminate: () => worker.terminate(),
  };
}

const ENDED = new Set(['completed', 'cancelled', 'failed']);

/**
 * Requests to the host worker, started on first use. If it fails, it is stopped: every request waiting
 * is refused, the run it was going is marked failed with the reason, and the next request starts a new
 * host, whose run ids go on from the last one seen (the window tells runs apart by id) and whose pool
 * has the last worker count set.
 */
export class HostClient {
  private port: HostPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(e: unknown): void }>();
  /** The run the host is going (from its start until its end state), and the last run id seen. */
  private going: number | null = null;
  private lastRun = 0;

  constructor(
    private readonly spawn: () => HostPort,
    /** The engine's worker count (null: the host's default). */
    private workers: number | null,
    private readonly emit: (batch: RunEventBatch) => void,
  ) {}

  /** Sets the engine's worker count (null: the default) for the runs that start from now on; a run going keeps its workers. */
  setWorkers(workers: number | null): void {
    if (workers === this.workers) return;
    this.workers = workers;
    this.port?.post({ type: 'workers', workers });
  }

  call<T>(name: HostRequest, payload: unknown): Promise<T> {
    const port = this.open();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port.post({ type: 'call', id, name, payload });
    });
  }

  /** Stops the host worker (a new one starts at the next request). */
  close(): void {
    this.port?.terminate();
    this.port = null;
  }

  /** Starts the host worker if it is not running. */
  open(): HostPort {
    if (this.port !== null) return this.port;
    const port = this.spawn();
    port.listen({ message: (m) => this.receive(m), error: (reason) => this.fail(port, reason) });
    port.post({ type: 'init', workers: this.workers, lastRun: this.lastRun });
    this.port = port;
    return port;
  }

  private receive(m: FromHost): void {
    if (m.type === 'events') {
      const batch = 'packed' in m ? unpack<RunEventBatch>(m.packed) : m.batch;
      this.lastRun = Math.max(this.lastRun, batch.run);
      for (const e of batch.events) {
        if (e.type === 'started') this.going = batch.run;
        else if (e.type === 'state' && ENDED.has(e.state) && this.going === batch.run) this.going = null;
      }
      this.emit(batch);
      return;
    }
    const waiting = this.pending.get(m.id);
    if (waiting === undefined) return;
    this.pending.delete(m.id);
    if ('error' in m) waiting.reject(new LabError(m.error.kind, m.error.message, m.error.problems ?? []));
    else waiting.resolve(m.value);
  }

  private fail(port: HostPort, reason: string): void {
    if (this.port !== port) return;
    this.close();
    const message = `the run host stopped: ${reason}`;
    for (const waiting of this.pending.values()) waiting.reject(new LabError('failed', message));
    this.pending.clear();
    if (this.going !== null) {
      const run = this.going;
      this.going = null;
      this.emit({ run, events: [{ type: 'state', run, state: 'failed', message }] });
    }
  }
}

/** Asks the user for a file; resolves null if they cancel. */
function pickFile(accept: string, limit: number): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file === undefined) return resolve(null);
      if (file.size > limit) return reject(new LabError('invalid-request', `${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the limit is ${(limit / 1048576).toFixed(1)} MiB`));
      file.text().then((text) => resolve({ path: file.name, text }), reject);
    });
    input.click();
  });
}

function loadSettings(): Settings {
  try {
    const text = localStorage.getItem(SETTINGS_KEY);
    if (text === null) return { ...DEFAULT_SETTINGS };
    const parsed = Settings.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** The engine's worker count a setting asks for: null (the host's default) for 0. */
const poolWorkers = (s: Settings): number | null => (s.workers > 0 ? s.workers : null);

/**
 * Creates the web edition's LabApi (one per page). `spawnHost` makes the host's port (a test passes
 * one in this thread); with `startNow` the host starts at once (the page's does, so its engine has
 * loaded before the first Run), else at the first request.
 */
export function createWebApi(spawnHost: () => HostPort = workerPort, startNow = spawnHost === workerPort): LabApi {
  const listeners = new Set<(batch: RunEventBatch) => void>();
  let settings = loadSettings();
  const host = new HostClient(spawnHost, poolWorkers(settings), (batch) => {
    for (const l of [...listeners]) l(batch);
  });
  if (startNow) host.open();
  return {
    host: 'web',
    validate: async (source) => host.call<ValidateReply>('validate', checked('validate', source)),
    start: async (source) => host.call<{ run: number }>('start', checked('start', source)),
    pause: async (r) => host.call<void>('pause', checked('pause', r)),
    resume: async (r) => host.call<void>('resume', checked('resume', r)),
    step: async (r) => host.call<void>('step', checked('step', r)),
    cancel: async (r) => host.call<void>('cancel', checked('cancel', r)),
    onRunEvents: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openExperiment: () => pickFile('.landscape,.json,application/json', MAX_EXPERIMENT_BYTES),
    openRecent: async () => {
      throw new LabError('invalid-request', 'the web edition keeps no recent files: use Open');
    },
    saveExperiment: async (request) => {
      const r = checked('saveExperiment', request);
      const name = r.path === null ? 'experiment.landscape' : (r.path.split(/[\\/]/).pop() ?? 'experiment.landscape');
      downloadBlob(name, new Blob([r.text], { type: 'application/json' }));
      return { path: name };
    },
    openDataset: () => pickFile('.csv,text/csv', MAX_CSV_BYTES),
    saveFile: async (request) => {
      const r = checked('saveFile', request);
      downloadBlob(r.name, new Blob([r.bytes as Uint8Array<ArrayBuffer>]));
      return { path: r.name };
    },
    exportRun: async (request): Promise<ExportReply> => {
      // The host makes the files (over its own tasks, off the page's thread); the page downloads them.
      const { files } = await host.call<ExportedFiles>('exportRun', checked('exportRun', request));
      for (const f of files) downloadBlob(f.name, f.blob);
      return { dir: 'downloads', files: files.map((f) => f.name), removed: [] };
    },
    getSettings: async () => ({ ...settings }),
    setSettings: async (patch) => {
      // A key given as undefined leaves its setting as it is (as the desktop's store does).
      const defined = Object.entries(checked('setSettings', patch)).filter(([, value]) => value !== undefined);
      settings = { ...settings, ...(Object.fromEntries(defined) as SettingsPatch) };
      // The next run gets the new pool; the host starts its workers now, or when the run going ends.
      host.setWorkers(poolWorkers(settings));
      localStorage.setItem(SETTINGS_KEY, toJson(settings));
      return { ...settings };
    },
    onMenu: () => () => {},
  };
}
