import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow, sendToWindow, windowOptions } from '../../../electron/main/window';
import { FakeBrowserWindow, fakeEvent } from '../fake-electron';

describe('windowOptions', () => {
  it('sets every item of the security checklist explicitly', () => {
    const prefs = windowOptions('/app/out/preload/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    // Every key is set (not left to a default that a future Electron could change).
    for (const key of ['contextIsolation', 'sandbox', 'nodeIntegration', 'nodeIntegrationInWorker', 'webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'webviewTag', 'spellcheck'] as const) {
      expect(Object.hasOwn(prefs, key), key).toBe(true);
    }
  });

  it('gives a title, a background colour, a minimum size, and waits to show until painted', () => {
    const options = windowOptions('p');
    expect(options.title).toBe('Landscape Lab');
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.minHeight).toBeGreaterThanOrEqual(500);
    expect(options.show).toBe(false);
  });

  it('allows DevTools only when asked (unpackaged builds)', () => {
    expect(windowOptions('p', { devTools: true }).webPreferences!.devTools).toBe(true);
    expect(windowOptions('p').webPreferences!.devTools).toBe(false);
  });
});

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances = [];
  });

  it('creates the window with windowOptions, hardens it, loads app://lab and shows it once painted', () => {
    const win = createMainWindow(FakeBrowserWindow, '/pre.cjs');
    expect(win.options).toEqual(windowOptions('/pre.cjs'));
    expect(win.loadedUrl).toBe('app://lab/index.html');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    const navigation = fakeEvent();
    win.webContents.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com' } as never)).toEqual({ action: 'deny' });
  });

  it('sendToWindow ignores a missing or closed window', () => {
    const win = createMainWindow(FakeBrowserWindow, '/pre.cjs');
    sendToWindow(win, 'c', 1);
    expect(win.webContents.sent).toEqual([{ channel: 'c', args: [1] }]);
    win.close();
    sendToWindow(win, 'c', 2);
    sendToWindow(null, 'c', 3);
    expect(win.webContents.sent).toHaveLength(1);
  });
});
