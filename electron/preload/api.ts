// The LabApi over IPC, built on whatever ipcRenderer it is given (the real one in preload.ts, a fake
// in tests): one method per request on its own channel, replies' ErrorReply turned into LabError,
// and the two event streams validated before any listener sees them. No channel is ever chosen by the page.
import {
  channel,
  type ErrorReply,
  type LabApi,
  LabError,
  MENU_CHANNEL,
  type MenuCommand,
  MenuCommandSchema,
  parseRunEventBatch,
  type RequestName,
  RUN_EVENTS_CHANNEL,
  type RunEventBatch,
} from '../../core/protocol/lab-api';

/** The parts of ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** True for an ErrorReply (no successful reply has a top-level `error`). */
export function isErrorReply(reply: unknown): reply is ErrorReply {
  if (typeof reply !== 'object' || reply === null || !('error' in reply)) return false;
  const error = (reply as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { kind?: unknown }).kind === 'string' && typeof (error as { message?: unknown }).message === 'string';
}

/** Creates the renderer's LabApi over `ipc`. `report` hears dropped (invalid) events; it defaults to console.error. */
export function createPreloadApi(ipc: IpcRendererLike, report: (message: string) => void = console.error): LabApi {
  async function call(name: RequestName, ...payload: [] | [unknown]): Promise<unknown> {
    let reply: unknown;
    try {
      reply = await ipc.invoke(channel(name), ...payload);
    } catch (e) {
      // Only when main has no handler or its handler threw, which ipc.ts never lets happen.
      throw new LabError('failed', `${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (isErrorReply(reply)) throw new LabError(reply.error.kind, reply.error.message, reply.error.problems ?? []);
    return reply;
  }

  function subscribe<T>(name: string, parse: (payload: unknown) => T, listener: (value: T) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError(`${name}: the listener must be a function`);
    const onMessage = (_event: unknown, payload: unknown) => {
      let value: T;
      try {
        value = parse(payload);
      } catch (e) {
        report(`${name}: dropped an invalid message: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      listener(value);
    };
    ipc.on(name, onMessage);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(name, onMessage);
    };
  }

  const parseMenu = (payload: unknown): MenuCommand => {
    const parsed = MenuCommandSchema.safeParse(payload);
    if (!parsed.success) throw new LabError('invalid-request', `not a menu command: ${JSON.stringify(payload) ?? String(payload)}`);
    return parsed.data;
  };

  return {
    host: 'desktop',
    validate: (source) => call('validate', source) as ReturnType<LabApi['validate']>,
    start: (source) => call('start', source) as ReturnType<LabApi['start']>,
    pause: async (request) => void (await call('pause', request)),
    resume: async (request) => void (await call('resume', request)),
    step: async (request) => void (await call('step', request)),
    cancel: async (request) => void (await call('cancel', request)),
    onRunEvents: (listener: (batch: RunEventBatch) => void) => subscribe(RUN_EVENTS_CHANNEL, parseRunEventBatch, listener),
    openExperiment: () => call('openExperiment') as ReturnType<LabApi['openExperiment']>,
    openRecent: (request) => call('openRecent', request) as ReturnType<LabApi['openRecent']>,
    saveExperiment: (request) => call('saveExperiment', request) as ReturnType<LabApi['saveExperiment']>,
    saveFile: (request) => call('saveFile', request) as ReturnType<LabApi['saveFile']>,
    openDataset: () => call('openDataset') as ReturnType<LabApi['openDataset']>,
    exportRun: (request) => call('exportRun', request) as ReturnType<LabApi['exportRun']>,
    getSettings: () => call('getSettings') as ReturnType<LabApi['getSettings']>,
    setSettings: (patch) => call('setSettings', patch) as ReturnType<LabApi['setSettings']>,
    onMenu: (listener) => subscribe(MENU_CHANNEL, parseMenu, listener),
  };
}

/** A LabError as plain data: what reaches the page when the preload rejects (see forBridge). */
export interface LabErrorData {
  name: 'LabError';
  kind: LabError['kind'];
  message: string;
  problems: LabError['problems'];
}

/**
 * The API as exposed through contextBridge. The bridge copies an Error thrown across it as a new
 * Error with only its message (kind and problems would be lost), but copies plain objects whole;
 * so each method rejects with a LabErrorData instead of the LabError. The page reads `kind`,
 * `message` and `problems` from it (or rebuilds a LabError from them).
 */
export function forBridge(api: LabApi): LabApi {
  const plain = (e: unknown): unknown =>
    e instanceof LabError ? ({ name: 'LabError', kind: e.kind, message: e.message, problems: e.problems.map((p) => ({ ...p })) } satisfies LabErrorData) : e;
  const wrap =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      method(...args).catch((e: unknown) => {
        throw plain(e);
      });
  return {
    host: api.host,
    validate: wrap(api.validate),
    start: wrap(api.start),
    pause: wrap(api.pause),
    resume: wrap(api.resume),
    step: wrap(api.step),
    cancel: wrap(api.cancel),
    onRunEvents: api.onRunEvents,
    openExperiment: wrap(api.openExperiment),
    openRecent: wrap(api.openRecent),
    saveExperiment: wrap(api.saveExperiment),
    openDataset: wrap(api.openDataset),
    exportRun: wrap(api.exportRun),
    saveFile: wrap(api.saveFile),
    getSettings: wrap(api.getSettings),
    setSettings: wrap(api.setSettings),
    onMenu: api.onMenu,
  };
}
