// Files the user opens and saves through the window: experiments (dialogs, recent list, the OS),
// CSV datasets, and run exports. Every path handed to the renderer is granted (see datasets.ts);
// every write is atomic.
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import { type ExportReply, LabError, type OpenedFile, type SaveFileRequest, type SaveRequest } from '../../core/protocol/lab-api';
import { writeFileAtomic } from '../engine/files';
import type { RunHost } from '../engine/run-host';
import { PathGrants } from './datasets';
import { readTextFile } from './read-text';
import type { SettingsStore } from './settings';

/** Dialog filters for experiment files. */
export const EXPERIMENT_FILTERS = [
  { name: 'Landscape Lab experiment', extensions: ['landscape'] },
  { name: 'JSON', extensions: ['json'] },
];
/** Dialog filters for datasets. */
export const DATASET_FILTERS = [{ name: 'CSV dataset', extensions: ['csv'] }];

/** How long a file queued by the OS or the recent menu waits for the window to ask for it. */
export const QUEUED_OPEN_MS = 30_000;

/** The dialog module's parts used here, with the parent window's type left open (a fake in tests). */
export interface DialogLike<W> {
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

export interface FileServiceDeps<W> {
  dialog: DialogLike<W>;
  /** The dialogs' parent window (null while there is none). */
  window: () => W | null;
  settings: SettingsStore;
  host: Pick<RunHost, 'exportRun'>;
  /** Milliseconds now (for the queued open's expiry). */
  now?: () => number;
}

/** What the IPC handlers and the menu ask of files. */
export interface FileService {
  readonly grants: PathGrants;
  /** The file queued by the OS or the recent menu if one is waiting, else a dialog; null if cancelled. */
  openExperiment(): Promise<OpenedFile | null>;
  /** Opens a path from the recent list (only from it); a missing file is dropped from the list. */
  openRecent(path: string): Promise<OpenedFile>;
  /** Writes to `path` without a dialog only if main handed that path out; otherwise asks where. */
  saveExperiment(request: SaveRequest): Promise<{ path: string } | null>;
  openDataset(): Promise<OpenedFile | null>;
  /** Asks for a folder and has the host write the run's outputs there. */
  exportRun(run: number): Promise<ExportReply | null>;
  /** Asks where to save a file the window made (PNG, .glb, WebM) and writes it atomically; null if the user cancelled. */
  saveFile(request: SaveFileRequest): Promise<{ path: string } | null>;
  /** Queues a file the user opened from outside the window (command line, Finder, recent menu) for the next openExperiment. */
  queueOpen(path: string): void;
  /** Forgets the queued file (the user chose File > Open…, which must show the dialog). */
  clearQueued(): void;
}

/** Creates the file service. */
export function createFileService<W>(deps: FileServiceDeps<W>): FileService {
  const grants = new PathGrants();
  const now = deps.now ?? Date.now;
  let queued: { path: string; at: number } | null = null;

  const parent = (): W => {
    const win = deps.window();
    if (win === null) throw new LabError('failed', 'there is no window to show a dialog on');
    return win;
  };

  // The recent list is a convenience: failing to save it must not fail the open or save itself.
  const remember = (path: string) => {
    try {
      deps.settings.addRecent(path);
    } catch {
      // Reported when the settings are next saved from the window.
    }
  };
  const forget = (path: string) => {
    try {
      deps.settings.removeRecent(path);
    } catch {
      // As above.
    }
  };

  /** Reads an experiment the user chose, grants its path and puts it first in the recent list. */
  const openPath = async (path: string): Promise<OpenedFile> => {
    let text: string;
    try {
      text = await readTextFile(path, MAX_EXPERIMENT_BYTES);
    } catch (e) {
      forget(path);
      throw new LabError('failed', `cannot open ${(e as Error).message}`);
    }
    grants.grant(path);
    remember(path);
    return { path, text };
  };

  return {
    grants,
    async openExperiment() {
      const waiting = queued;
      queued = null;
      if (waiting !== null && now() - waiting.at <= QUEUED_OPEN_MS) return openPath(waiting.path);
      const result = await deps.dialog.showOpenDialog(parent(), { title: 'Open experiment', properties: ['openFile'], filters: EXPERIMENT_FILTERS });
      const path = result.filePaths[0];
      if (result.canceled || path === undefined) return null;
      return openPath(path);
    },
    async openRecent(path) {
      if (!deps.settings.get().recent.includes(path)) throw new LabError('invalid-request', `${path} is not in the recent files list`);
      return openPath(path);
    },
    async saveExperiment(request) {
      let path = !request.saveAs && request.path !== null && grants.has(request.path) ? request.path : null;
      if (path === null) {
        const result = await deps.dialog.showSaveDialog(parent(), {
          title: 'Save experiment',
          defaultPath: request.path ?? 'experiment.landscape',
          filters: EXPERIMENT_FILTERS,
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        if (result.canceled || !result.filePath) return null;
        path = result.filePath;
      }
      try {
        writeFileAtomic(path, request.text);
      } catch (e) {
        throw new LabError('failed', `cannot save ${path}: ${(e as Error).message}`);
      }
      grants.grant(path);
      remember(path);
      return { path };
    },
    async openDataset() {
      const result = await deps.dialog.showOpenDialog(parent(), { title: 'Open dataset', properties: ['openFile'], filters: DATASET_FILTERS });
      const path = result.filePaths[0];
      if (result.canceled || path === undefined) return null;
      try {
        return { path, text: await readTextFile(path, MAX_CSV_BYTES) };
      } catch (e) {
        throw new LabError('failed', `cannot open ${(e as Error).message}`);
      }
    },
    async exportRun(run) {
      const result = await deps.dialog.showOpenDialog(parent(), {
        title: 'Export run',
        buttonLabel: 'Export',
        properties: ['openDirectory', 'createDirectory'],
      });
      const dir = result.filePaths[0];
      if (result.canceled || dir === undefined) return null;
      return deps.host.exportRun(run, dir);
    },
    async saveFile(request) {
      const extension = /\.([A-Za-z0-9]+)$/.exec(request.name)?.[1];
      const result = await deps.dialog.showSaveDialog(parent(), {
        title: 'Save',
        defaultPath: request.name,
        filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension.toLowerCase()] }] : [],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      try {
        writeFileAtomic(result.filePath, request.bytes);
      } catch (e) {
        throw new LabError('failed', `cannot save ${result.filePath}: ${(e as Error).message}`);
      }
      return { path: result.filePath };
    },
    queueOpen(path) {
      queued = { path, at: now() };
    },
    clearQueued() {
      queued = null;
    },
  };
}
