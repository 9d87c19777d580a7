// The desktop app's life cycle, with every Electron object passed in (main.ts passes the real ones,
// tests pass fakes): single instance, app:// before ready, then session, protocol, settings, run host,
// IPC, menu and window; files from the command line or the OS; the run host closed on quit.
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { resolve } from 'node:path';
import { MENU_CHANNEL, type MenuCommand, type Settings } from '../../core/protocol/lab-api';
import type { RunHost } from '../engine/run-host';
import { createFileService, type DialogLike } from './files';
import { type IpcMainLike, setupIpc } from './ipc';
import { menuTemplate } from './menu';
import { type ProtocolLike, registerAppScheme, setupProtocol } from './protocol';
import { hardenSession, type SessionLike } from './security';
import { loadSettings, type SettingsStore } from './settings';
import { createMainWindow, sendToWindow, type WindowLike } from './window';

/** Where the built pieces are. */
export interface AppPaths {
  /** The sandboxed preload bundle (CommonJS). */
  preload: string;
  /** The renderer's build, served as app://lab/. */
  web: string;
  /** The worker_threads entry for runs. */
  worker: string;
}

/** The app module's parts used here. */
export interface AppLike {
  readonly name: string;
  readonly isPackaged: boolean;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  quit(): void;
  on(event: 'open-file', listener: (event: { preventDefault(): void }, path: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
  on(event: 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface AppDeps<W extends WindowLike> {
  app: AppLike;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  dialog: DialogLike<W>;
  ipcMain: IpcMainLike;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): unknown; setApplicationMenu(menu: unknown): void };
  nativeTheme: { themeSource: Settings['theme'] };
  protocol: ProtocolLike;
  session: { defaultSession: SessionLike };
  /** Creates the run host; `workers` is the user's setting (undefined: the host's default). */
  createRunHost: (workerEntryPath: string, workers?: number) => RunHost;
  paths: AppPaths;
  platform: NodeJS.Platform;
  argv: string[];
  cwd: string;
  log?: (message: string) => void;
}

/** The experiment file named on a command line (the first `.landscape` argument), resolved against `cwd`. */
export function experimentArgument(argv: readonly string[], cwd: string): string | null {
  const arg = argv.slice(1).find((a) => !a.startsWith('-') && a.toLowerCase().endsWith('.landscape'));
  return arg === undefined ? null : resolve(cwd, arg);
}

/** Menu commands that open a window when there is none. */
const OPENS_WINDOW: ReadonlySet<MenuCommand> = new Set(['new', 'open', 'lessons', 'about']);

/** How long quitting waits for the run host to stop its workers. */
export const CLOSE_TIMEOUT_MS = 3_000;

/** What runApp set up, for tests (null until the app is ready, or if another instance runs). */
export interface AppHandle<W> {
  window(): W | null;
  settings(): SettingsStore | null;
  ready: Promise<void>;
}

/** Starts the desktop app. Side effects: everything (this is the main process's body). */
export function runApp<W extends WindowLike>(deps: AppDeps<W>): AppHandle<W> {
  const { app } = deps;
  const log = deps.log ?? console.error;
  let win: W | null = null;
  let settings: SettingsStore | null = null;
  let host: RunHost | null = null;
  // Files the OS asks to open before the app is ready wait here.
  const waiting: string[] = [];
  let openFromOs: (path: string) => void = (path) => waiting.push(path);
  const handle: AppHandle<W> = { window: () => win, settings: () => settings, ready: Promise.resolve() };

  registerAppScheme(deps.protocol);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handle;
  }

  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOs(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (win !== null) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const file = experimentArgument(argv, workingDirectory);
    if (file !== null) openFromOs(file);
  });
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || host === null) return;
    event.preventDefault();
    const timeout = new Promise<void>((done) => setTimeout(done, CLOSE_TIMEOUT_MS).unref?.());
    void Promise.race([host.close(), timeout])
      .catch((e: unknown) => log(`closing the run host failed: ${String(e)}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  handle.ready = app.whenReady().then(() => {
    hardenSession(deps.session.defaultSession);
    setupProtocol(deps.protocol, deps.paths.web);
    const store = loadSettings(app.getPath('userData'), { warn: log });
    settings = store;
    deps.nativeTheme.themeSource = store.get().theme;
    let workers = store.get().workers;
    const runs = workers > 0 ? deps.createRunHost(deps.paths.worker, workers) : deps.createRunHost(deps.paths.worker);
    host = runs;
    const files = createFileService({ dialog: deps.dialog, window: () => win, settings: store, host: runs });
    setupIpc({ ipcMain: deps.ipcMain, host: runs, files, settings: store, window: () => win, log });

    const createWindow = (): W => {
      const created = createMainWindow(deps.BrowserWindow, deps.paths.preload, { devTools: !app.isPackaged });
      created.on('closed', () => {
        if (win === created) win = null;
      });
      return created;
    };
    /**
     * Sends a menu command once the page (and its onMenu listener) is there. Without a window (macOS
     * keeps running with none), the commands that start something open one; the others have no target.
     */
    const send = (command: MenuCommand) => {
      if (win === null) {
        if (!OPENS_WINDOW.has(command)) return;
        win = createWindow();
      }
      const target = win;
      if (target.webContents.isLoading()) target.webContents.once('did-finish-load', () => sendToWindow(target, MENU_CHANNEL, command));
      else sendToWindow(target, MENU_CHANNEL, command);
    };
    openFromOs = (path) => {
      files.queueOpen(path);
      send('open');
    };
    const tolerate = (action: () => void) => {
      try {
        action();
      } catch (e) {
        log(String(e));
      }
    };
    const rebuildMenu = () => {
      const current = store.get();
      const template = menuTemplate(
        { platform: deps.platform, appName: app.name, recent: current.recent, theme: current.theme, presentation: current.presentation, devTools: !app.isPackaged },
        {
          send: (command) => {
            if (command === 'open') files.clearQueued();
            send(command);
          },
          openRecent: (path) => openFromOs(path),
          clearRecent: () => tolerate(() => store.clearRecent()),
          setTheme: (theme) =>
            tolerate(() => {
              store.update({ theme });
              send('theme');
            }),
        },
      );
      deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(template));
    };
    store.onChange((next) => {
      deps.nativeTheme.themeSource = next.theme;
      if (next.workers !== workers) {
        // The next run gets the new pool; the run going keeps its workers to the end.
        workers = next.workers;
        tolerate(() => runs.setWorkers(workers > 0 ? workers : undefined));
      }
      rebuildMenu();
    });
    rebuildMenu();
    app.on('activate', () => {
      if (win === null) win = createWindow();
    });

    win = createWindow();
    // The engine's threads start once the page has loaded, not while the window starts up: the first
    // run then finds them ready (the web edition's host does the same).
    win.webContents.once('did-finish-load', () => tolerate(() => runs.warm()));
    const first = experimentArgument(deps.argv, deps.cwd);
    for (const path of [...(first === null ? [] : [first]), ...waiting.splice(0)]) openFromOs(path);
  });
  return handle;
}
