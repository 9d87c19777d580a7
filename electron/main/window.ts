// The one application window: its options (a pure function, checked item by item in the tests) and
// the glue that creates, hardens and loads it.
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_INDEX_URL } from './origin';
import { type ContentsLike, type FrameLike, hardenContents } from './security';

/** The window's background before the page paints (the dark theme's; avoids a white flash). */
export const BACKGROUND = '#16181d';

/**
 * The window's options. Every web preference that matters for security is set explicitly even where
 * Electron 45's default agrees (the scanner and a reader should not have to know the defaults):
 * isolated, sandboxed preload; no Node in the page, its workers or subframes; web security on.
 * `devTools` only for unpackaged builds.
 */
export function windowOptions(preloadPath: string, options: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Landscape Lab',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: BACKGROUND,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  };
}

/** The parts of a BrowserWindow the app uses. */
export interface WindowLike {
  readonly webContents: ContentsLike & {
    readonly id: number;
    readonly mainFrame: FrameLike;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    isLoading(): boolean;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
}

/** A BrowserWindow constructor (the real one, or a fake in tests). */
export type WindowConstructor<W extends WindowLike> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the window with `windowOptions`, hardens its webContents (navigation, redirects, webviews
 * and window.open refused), shows it once it has painted, and loads app://lab/index.html.
 */
export function createMainWindow<W extends WindowLike>(BrowserWindow: WindowConstructor<W>, preloadPath: string, options: { devTools?: boolean } = {}): W {
  const win = new BrowserWindow(windowOptions(preloadPath, options));
  hardenContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL).catch(() => {
    // A failed load shows as the window's own error; there is nothing else to do from here.
  });
  return win;
}

/** Sends `args` on `channel` to the window if it is still there; a closed window is not an error. */
export function sendToWindow(win: WindowLike | null, channel: string, ...args: unknown[]): void {
  if (win === null || win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(channel, ...args);
}
