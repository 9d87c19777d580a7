import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { channel, MENU_CHANNEL } from '../../../core/protocol/lab-api';
import { experimentArgument, runApp } from '../../../electron/main/app';
import { windowOptions } from '../../../electron/main/window';
import { eventFrom, FakeApp, FakeBrowserWindow, FakeDialog, FakeIpcMain, FakeMenu, FakeProtocol, FakeSession, fakeEvent } from '../fake-electron';
import { FakeRunHost } from './fake-run-host';

function start(options: { argv?: string[]; platform?: NodeJS.Platform; lock?: boolean; settings?: object } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lab-app-'));
  const user = join(dir, 'user');
  mkdirSync(user);
  if (options.settings) writeFileSync(join(user, 'settings.json'), JSON.stringify(options.settings));
  const file = join(dir, 'a.landscape');
  writeFileSync(file, '{"a":1}');
  const app = new FakeApp(user);
  app.lock = options.lock ?? true;
  const protocol = new FakeProtocol();
  const session = new FakeSession();
  const ipcMain = new FakeIpcMain();
  const menu = new FakeMenu();
  const dialog = new FakeDialog();
  const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
  const hosts: { entry: string; workers: number | undefined; host: FakeRunHost }[] = [];
  const handle = runApp({
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog,
    ipcMain,
    Menu: menu,
    nativeTheme,
    protocol,
    session: { defaultSession: session },
    createRunHost: (entry, workers) => {
      const host = new FakeRunHost();
      hosts.push({ entry, workers, host });
      return host;
    },
    paths: { preload: '/app/out/preload/preload.cjs', web: '/app/dist/web', worker: '/app/out/engine/worker.mjs' },
    platform: options.platform ?? 'linux',
    argv: options.argv ?? ['/usr/bin/landscape-lab'],
    cwd: dir,
    log: () => {},
  });
  const win = () => handle.window() as FakeBrowserWindow | null;
  const menuCommands = () => win()!.webContents.sent.filter((s) => s.channel === MENU_CHANNEL).map((s) => s.args[0]);
  return { dir, file, app, protocol, session, ipcMain, menu, dialog, nativeTheme, hosts, handle, win, menuCommands };
}

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

describe('runApp', () => {
  it('registers app:// and enables the sandbox before the app is ready', () => {
    const s = start();
    expect(s.protocol.privileged.map((p) => p.scheme)).toEqual(['app']);
    expect(s.app.sandboxed).toBe(true);
    expect(s.protocol.handlers.size).toBe(0);
  });

  it('on ready: hardens the session, serves app://, creates the host, IPC, menu and the window', async () => {
    const s = start();
    await s.handle.ready;
    expect(s.session.permissionRequestHandler).not.toBeNull();
    expect(s.session.headersReceived).not.toBeNull();
    expect([...s.protocol.handlers.keys()]).toEqual(['app']);
    expect(s.hosts).toEqual([{ entry: '/app/out/engine/worker.mjs', workers: undefined, host: expect.any(FakeRunHost) }]);
    expect(s.ipcMain.handlers.has('lab:start')).toBe(true);
    expect(s.menu.current?.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'Run', 'help']);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(s.win()!.options).toEqual(windowOptions('/app/out/preload/preload.cjs', { devTools: true }));
    expect(s.win()!.loadedUrl).toBe('app://lab/index.html');
  });

  it("starts the run host's workers once the page has loaded, not before, and once only", async () => {
    const s = start();
    await s.handle.ready;
    const warms = () => s.hosts[0]!.host.calls.filter((c) => c.method === 'warm').length;
    expect(warms()).toBe(0);
    s.win()!.webContents.finishLoad();
    expect(warms()).toBe(1);
    s.win()!.webContents.finishLoad();
    expect(warms()).toBe(1);
  });

  it('turns DevTools off in a packaged app', async () => {
    const s = start();
    s.app.isPackaged = true;
    await s.handle.ready;
    expect(s.win()!.options.webPreferences!.devTools).toBe(false);
  });

  it('passes the workers setting to the run host', async () => {
    const s = start({ settings: { theme: 'dark', presentation: false, workers: 3, recent: [] } });
    await s.handle.ready;
    expect(s.hosts[0]!.workers).toBe(3);
    expect(s.nativeTheme.themeSource).toBe('dark');
  });

  it('gives the run host a changed workers setting for the next run, once per change (0: the default)', async () => {
    const s = start({ settings: { theme: 'dark', presentation: false, workers: 3, recent: [] } });
    await s.handle.ready;
    const setWorkers = () => s.hosts[0]!.host.calls.filter((c) => c.method === 'setWorkers').map((c) => c.args);
    const set = (patch: object) => s.ipcMain.invoke(channel('setSettings'), patch, eventFrom(s.win()!));
    expect(await set({ workers: 5 })).toMatchObject({ workers: 5 });
    await set({ theme: 'light' });
    await set({ workers: 5 });
    await set({ workers: 0 });
    expect(setWorkers()).toEqual([[5], [undefined]]);
    expect(s.hosts).toHaveLength(1);
  });

  it('refuses an invalid workers setting, naming the field, and leaves the run host and the settings alone', async () => {
    const s = start({ settings: { theme: 'dark', presentation: false, workers: 3, recent: [] } });
    await s.handle.ready;
    const reply = await s.ipcMain.invoke(channel('setSettings'), { workers: 65 }, eventFrom(s.win()!));
    expect(reply).toEqual({ error: { kind: 'invalid-request', message: 'invalid setSettings request at workers: Too big: expected number to be <=64' } });
    expect(s.hosts[0]!.host.calls.filter((c) => c.method === 'setWorkers')).toEqual([]);
    expect(s.handle.settings()!.get().workers).toBe(3);
  });

  it('quits at once when another instance holds the lock', async () => {
    const s = start({ lock: false });
    await s.handle.ready;
    expect(s.app.quits).toBe(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('opens a .landscape file from the command line once the page has loaded, without a dialog', async () => {
    const s = start({ argv: ['/usr/bin/landscape-lab', '--flag', 'a.landscape'] });
    await s.handle.ready;
    expect(s.menuCommands()).toEqual([]);
    s.win()!.webContents.finishLoad();
    expect(s.menuCommands()).toEqual(['open']);
    expect(await s.ipcMain.invoke(channel('openExperiment'), undefined, eventFrom(s.win()!))).toEqual({ path: s.file, text: '{"a":1}' });
    expect(s.dialog.calls).toEqual([]);
  });

  it('opens a file from the OS (macOS open-file), even before ready', async () => {
    const s = start({ platform: 'darwin' });
    const event = fakeEvent();
    s.app.emit('open-file', event, s.file);
    expect(event.defaultPrevented).toBe(true);
    await s.handle.ready;
    s.win()!.webContents.finishLoad();
    expect(s.menuCommands()).toEqual(['open']);
    expect(await s.ipcMain.invoke(channel('openExperiment'), undefined, eventFrom(s.win()!))).toMatchObject({ path: s.file });
  });

  it('a second instance with a file opens it here; without one, focuses the window', async () => {
    const s = start();
    await s.handle.ready;
    s.win()!.webContents.finishLoad();
    s.win()!.minimized = true;
    s.app.emit('second-instance', fakeEvent(), ['/usr/bin/landscape-lab'], s.dir);
    expect(s.win()!.minimized).toBe(false);
    expect(s.win()!.focused).toBe(1);
    s.app.emit('second-instance', fakeEvent(), ['/usr/bin/landscape-lab', 'a.landscape'], s.dir);
    expect(s.menuCommands()).toEqual(['open']);
    expect(await s.ipcMain.invoke(channel('openExperiment'), undefined, eventFrom(s.win()!))).toMatchObject({ path: s.file });
  });

  it('File > Open… forgets a queued file, so the dialog shows', async () => {
    const s = start({ argv: ['x', 'a.landscape'] });
    await s.handle.ready;
    s.win()!.webContents.finishLoad();
    const open = (s.menu.current![0]!.submenu as { label?: string; click?: () => void }[]).find((i) => i.label === 'Open…')!;
    open.click!();
    expect(await s.ipcMain.invoke(channel('openExperiment'), undefined, eventFrom(s.win()!))).toBeNull();
    expect(s.dialog.calls).toHaveLength(1);
  });

  it('a Theme item saves the theme, applies it natively, rebuilds the menu and tells the window', async () => {
    const s = start();
    await s.handle.ready;
    s.win()!.webContents.finishLoad();
    const view = s.menu.current!.find((m) => m.label === 'View')!.submenu as { label?: string; submenu?: { label: string; click: () => void }[] }[];
    const builds = s.menu.builds;
    view.find((i) => i.label === 'Theme')!.submenu!.find((t) => t.label === 'Dark')!.click();
    expect(s.handle.settings()!.get().theme).toBe('dark');
    expect(s.nativeTheme.themeSource).toBe('dark');
    expect(s.menu.builds).toBe(builds + 1);
    expect(s.menuCommands()).toEqual(['theme']);
  });

  it('rebuilds the menu when a recent file is added', async () => {
    const s = start();
    await s.handle.ready;
    s.dialog.openAnswers.push([s.file]);
    await s.ipcMain.invoke(channel('openExperiment'), undefined, eventFrom(s.win()!));
    const recent = (s.menu.current![0]!.submenu as { label?: string; submenu?: { label?: string }[] }[]).find((i) => i.label === 'Open Recent')!;
    expect(recent.submenu![0]!.label).toBe(s.file);
  });

  it('closes the run host before quitting', async () => {
    const s = start();
    await s.handle.ready;
    const event = fakeEvent();
    s.app.emit('will-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.hosts[0]!.host.closed).toBe(true);
    expect(s.app.quits).toBe(1);
  });

  it('quits when the window closes, except on macOS, where activate reopens it', async () => {
    const linux = start();
    await linux.handle.ready;
    linux.win()!.close();
    linux.app.emit('window-all-closed');
    expect(linux.app.quits).toBe(1);

    const mac = start({ platform: 'darwin' });
    await mac.handle.ready;
    mac.win()!.close();
    mac.app.emit('window-all-closed');
    expect(mac.app.quits).toBe(0);
    expect(mac.win()).toBeNull();
    mac.app.emit('activate');
    expect(mac.win()).not.toBeNull();
  });

  it('on macOS without a window, File > New opens one; Run > Start does nothing', async () => {
    const s = start({ platform: 'darwin' });
    await s.handle.ready;
    s.win()!.close();
    const item = (menu: string, label: string) => (s.menu.current!.find((m) => m.label === menu)!.submenu as { label?: string; click?: () => void }[]).find((i) => i.label === label)!;
    item('Run', 'Start').click!();
    expect(s.win()).toBeNull();
    item('File', 'New').click!();
    s.win()!.webContents.finishLoad();
    expect(s.menuCommands()).toEqual(['new']);
  });
});

describe('experimentArgument', () => {
  it('takes the first .landscape argument, resolved against the working directory', () => {
    expect(experimentArgument(['/bin/app', '--inspect', 'x.json', 'sub/A.LANDSCAPE', 'b.landscape'], '/home/u')).toBe('/home/u/sub/A.LANDSCAPE');
    expect(experimentArgument(['/bin/app', '/abs/a.landscape'], '/home/u')).toBe('/abs/a.landscape');
    expect(experimentArgument(['a.landscape'], '/home/u')).toBeNull();
    expect(experimentArgument(['/bin/app', '--x=a.landscape'], '/home/u')).toBeNull();
  });
});
