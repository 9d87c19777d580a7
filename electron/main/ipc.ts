// The IPC handlers: one per LabApi request. Each checks the sender, validates the payload against
// the request's schema, and answers with the result or an ErrorReply (never a throw, whose message
// Electron would mangle and whose kind would be lost). Run events go to the window as they come.
import type * as z from 'zod';
import { isExpectedError, toErrorReply } from '../../core/protocol/error-reply';
import {
  channel,
  type ErrorReply,
  parseRequest,
  REQUESTS,
  type RequestName,
  RUN_EVENTS_CHANNEL,
} from '../../core/protocol/lab-api';
import type { RunHost } from '../engine/run-host';
import { datasetReader } from './datasets';
import type { FileService } from './files';
import { type FrameLike, isTrustedSender } from './security';
import type { SettingsStore } from './settings';
import { sendToWindow, type WindowLike } from './window';

export { toErrorReply };

/** The parts of an invoke event the handlers read. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The parts of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcDeps {
  ipcMain: IpcMainLike;
  host: RunHost;
  files: FileService;
  settings: SettingsStore;
  /** The app's window (null while there is none): the only trusted sender and the events' receiver. */
  window: () => WindowLike | null;
  /** Where unexpected errors are logged (they are also sent to the window as 'failed'). */
  log?: (message: string) => void;
}

/** True if `event` came from our window's main frame showing app://lab/ (webContents compared by id, frames by process and routing id). */
export function fromOurWindow(event: InvokeEventLike, win: WindowLike | null): boolean {
  if (win === null || win.isDestroyed() || win.webContents.isDestroyed()) return false;
  const sender = event.sender as { id?: unknown } | null;
  return sender !== null && typeof sender === 'object' && sender.id === win.webContents.id && isTrustedSender(event.senderFrame, win.webContents.mainFrame);
}

type Handlers = { [N in RequestName]: (value: z.infer<(typeof REQUESTS)[N]>) => unknown };

/**
 * Registers a handler for every request in REQUESTS and forwards the host's event batches to the
 * window on RUN_EVENTS_CHANNEL. Returns the function that removes them all.
 */
export function setupIpc(deps: IpcDeps): () => void {
  const { host, files, settings } = deps;
  const handlers: Handlers = {
    validate: (source) => host.validate(source, datasetReader(source, files.grants)),
    start: ({ drawBudget, ...source }) => host.start(source, datasetReader(source, files.grants), drawBudget ?? Infinity),
    pause: ({ run }) => host.pause(run),
    resume: ({ run }) => host.resume(run),
    step: ({ run }) => host.step(run),
    cancel: ({ run }) => host.cancel(run),
    openExperiment: () => files.openExperiment(),
    openRecent: ({ path }) => files.openRecent(path),
    saveExperiment: (request) => files.saveExperiment(request),
    openDataset: () => files.openDataset(),
    exportRun: ({ run }) => files.exportRun(run),
    saveFile: (request) => files.saveFile(request),
    getSettings: () => settings.get(),
    setSettings: (patch) => settings.update(patch),
  };
  const names = Object.keys(REQUESTS) as RequestName[];
  for (const name of names) {
    const handle = handlers[name] as (value: unknown) => unknown;
    deps.ipcMain.handle(channel(name), async (event, payload) => {
      if (!fromOurWindow(event, deps.window())) return { error: { kind: 'invalid-request', message: `${name}: refused, the request did not come from the app's window` } } satisfies ErrorReply;
      const parsed = parseRequest(name, payload);
      if (!parsed.ok) return parsed.reply;
      try {
        return await handle(parsed.value);
      } catch (e) {
        if (!isExpectedError(e)) {
          (deps.log ?? console.error)(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
        return toErrorReply(e);
      }
    });
  }
  const unsubscribe = host.onEvents((batch) => sendToWindow(deps.window(), RUN_EVENTS_CHANNEL, batch));
  return () => {
    unsubscribe();
    for (const name of names) deps.ipcMain.removeHandler(channel(name));
  };
}
