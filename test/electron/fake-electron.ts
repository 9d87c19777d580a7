// Fakes of the few Electron objects the main-process and preload modules use (the Electron binary
// cannot run here). Each records what was done to it and lets a test drive its events.
import type { BrowserWindowConstructorOptions, HandlerDetails, HeadersReceivedResponse, MenuItemConstructorOptions, OnHeadersReceivedListenerDetails, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue, WindowOpenHandlerResponse } from 'electron';

type Listener = (...args: any[]) => unknown;

/** A minimal event emitter: on/once/removeListener/emit. */
export class FakeEmitter {
  private readonly listeners = new Map<string, { listener: Listener; once: boolean }[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
    return this;
  }

  once(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l.listener !== listener));
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): void {
    const current = this.listeners.get(event) ?? [];
    this.listeners.set(event, current.filter((l) => !l.once));
    for (const l of current) l.listener(...args);
  }
}

/** An Electron event: records preventDefault. */
export function fakeEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

let nextRoutingId = 1;

/** A WebFrameMain: url, parent, process and routing ids. */
export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
    public processId = 7,
    public routingId = nextRoutingId++,
  ) {}
}

/** A webContents: records sends and the window-open handler; `finishLoad` ends the page load. */
let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame = new FakeFrame('app://lab/index.html');
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  loading = true;
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isLoading(): boolean {
    return this.loading;
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  finishLoad(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }
}

/** A BrowserWindow: keeps its options; every instance is listed in `FakeBrowserWindow.instances`. */
export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  focused = 0;
  minimized = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  show(): void {
    this.shown = true;
  }

  focus(): void {
    this.focused++;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }

  /** Closes the window as the user would. */
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** An invoke event as ipcMain hands it to a handler. */
export interface FakeInvokeEvent {
  sender: unknown;
  senderFrame: FakeFrame | null;
}

/** ipcMain: handlers by channel; `invoke` calls one as a renderer would. */
export class FakeIpcMain {
  readonly handlers = new Map<string, (event: FakeInvokeEvent, payload: unknown) => unknown>();

  handle(channel: string, listener: (event: FakeInvokeEvent, payload: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Calls the channel's handler with `event` (by default from `win`'s main frame). */
  async invoke(channel: string, payload: unknown, event: FakeInvokeEvent): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, payload);
  }
}

/** An invoke event from `win`'s main frame. */
export function eventFrom(win: FakeBrowserWindow, frame: FakeFrame | null = win.webContents.mainFrame): FakeInvokeEvent {
  return { sender: win.webContents, senderFrame: frame };
}

/** A session: the handlers installed on it. */
export class FakeSession {
  permissionRequestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  headersReceived: ((details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersReceived']>) => {
      this.headersReceived = listener;
    },
  };

  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionRequestHandler']>): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: NonNullable<FakeSession['permissionCheckHandler']>): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: NonNullable<FakeSession['devicePermissionHandler']>): void {
    this.devicePermissionHandler = handler;
  }
}

/** dialog: answers from queues (cancelled when empty) and records each call's options. */
export class FakeDialog {
  readonly openAnswers: string[][] = [];
  readonly saveAnswers: (string | null)[] = [];
  readonly calls: { kind: 'open' | 'save'; window: unknown; options: OpenDialogOptions | SaveDialogOptions }[] = [];

  async showOpenDialog(window: unknown, options: OpenDialogOptions): Promise<OpenDialogReturnValue> {
    this.calls.push({ kind: 'open', window, options });
    const filePaths = this.openAnswers.shift() ?? [];
    return { canceled: filePaths.length === 0, filePaths };
  }

  async showSaveDialog(window: unknown, options: SaveDialogOptions): Promise<SaveDialogReturnValue> {
    this.calls.push({ kind: 'save', window, options });
    const filePath = this.saveAnswers.shift() ?? null;
    return { canceled: filePath === null, filePath: filePath ?? '' };
  }
}

/** protocol: the privileged schemes and the handlers. */
export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: object }[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();

  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: object }[]): void {
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }
}

/** Menu: buildFromTemplate returns the template itself; the last one set is `current`. */
export class FakeMenu {
  current: MenuItemConstructorOptions[] | null = null;
  builds = 0;

  buildFromTemplate(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
    this.builds++;
    return template;
  }

  setApplicationMenu(menu: unknown): void {
    this.current = menu as MenuItemConstructorOptions[];
  }
}

/** app: events, the single-instance lock, paths, quit calls. `whenReady` resolves at once. */
export class FakeApp extends FakeEmitter {
  name = 'Landscape Lab';
  isPackaged = false;
  sandboxed = false;
  lock = true;
  quits = 0;

  constructor(private readonly userData: string) {
    super();
  }

  enableSandbox(): void {
    this.sandboxed = true;
  }

  requestSingleInstanceLock(): boolean {
    return this.lock;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  getPath(name: 'userData'): string {
    if (name !== 'userData') throw new Error(`unexpected path ${String(name)}`);
    return this.userData;
  }

  quit(): void {
    this.quits++;
    this.emit('will-quit', fakeEvent());
  }
}

/** ipcRenderer: invoke goes to `answer`; `deliver` sends a host message to the listeners. */
export class FakeIpcRenderer extends FakeEmitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];

  constructor(public answer: (channel: string, ...args: unknown[]) => unknown = () => undefined) {
    super();
  }

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer(channel, ...args);
  }

  /** A message from main on `channel`. */
  deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: 'ipc' }, payload);
  }
}
