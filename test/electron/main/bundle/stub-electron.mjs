// A stand-in for the 'electron' module, just enough for the bundled main process to start under plain
// Node (the real binary cannot run here). State is kept on globalThis.__stub for drive.mjs.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const S = (globalThis.__stub = { handlers: new Map(), windows: [], protocols: new Map(), sent: [], menus: 0, quit: false });

class App extends EventEmitter {
  name = 'Landscape Lab';
  isPackaged = false;
  enableSandbox() {}
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath() {
    return (S.userData ??= mkdtempSync(join(tmpdir(), 'lab-stub-user-')));
  }
  quit() {
    S.quit = true;
    this.emit('will-quit', { preventDefault() {} });
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  id = 1;
  mainFrame = { url: 'app://lab/index.html', parent: null, processId: 1, routingId: 1 };
  send(channel, ...args) {
    S.sent.push([channel, ...args]);
  }
  isDestroyed() {
    return false;
  }
  isLoading() {
    return false;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    S.windows.push(this);
  }
  show() {}
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return false;
  }
  async loadURL(url) {
    this.url = url;
  }
}

export const ipcMain = {
  handle(channel, listener) {
    S.handlers.set(channel, listener);
  },
  removeHandler(channel) {
    S.handlers.delete(channel);
  },
};
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    S.privileged = schemes;
  },
  handle(scheme, handler) {
    S.protocols.set(scheme, handler);
  },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h) {
      S.permissionRequest = h;
    },
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: { onHeadersReceived() {} },
  },
};
export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu() {
    S.menus++;
  },
};
export const nativeTheme = { themeSource: 'system' };
export const dialog = {
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog() {
    return { canceled: true, filePath: '' };
  },
};
