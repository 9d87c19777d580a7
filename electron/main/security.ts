// The window's security policy: permissions denied, navigation and new windows refused, a Content
// Security Policy on every response, and the IPC sender check. See docs/desktop.md for the checklist.
import type { HandlerDetails, OnHeadersReceivedListenerDetails, HeadersReceivedResponse, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './origin';

/**
 * The Content Security Policy of every page and response: only the app's own files, no plugins, no
 * <base>, no forms, never framed. `style-src 'unsafe-inline'` because Svelte's transitions insert
 * <style> elements at run time and components set `style` attributes; scripts stay strictly 'self',
 * so inline styles cannot run code. `'wasm-unsafe-eval'` lets the page compile the network's WebAssembly
 * kernels (core/nn/native.ts, a module of our own, from the bundle); it allows no JavaScript eval.
 * `blob:` workers for renderer-side helpers (as in the web edition).
 * The same string is in renderer/index.html's meta tag (the web edition has no header to set).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The parts of a session this module configures. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  webRequest: {
    onHeadersReceived(listener: (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void): void;
  };
}

/** The parts of a webContents this module configures. */
export interface ContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/** Returns response headers with our CSP in place of any the response had (the header name is case-insensitive). */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CSP];
  return out;
}

/**
 * Denies every permission request and check (camera, notifications, clipboard, fullscreen API, HID,
 * serial, USB, ...): by default Electron grants them all. Adds the CSP header to every response
 * except DevTools' own pages. Side effect: installs handlers on `session`.
 */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.url.startsWith('devtools:')) callback({});
    else callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
}

/**
 * Refuses navigation away from the loaded page, redirects, <webview> and window.open (links to the
 * web are not opened: the app needs none). Side effect: installs listeners on `contents`.
 */
export function hardenContents(contents: ContentsLike): void {
  const prevent = (event: { preventDefault(): void }) => event.preventDefault();
  contents.on('will-navigate', prevent);
  contents.on('will-redirect', prevent);
  contents.on('will-attach-webview', prevent);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The parts of a WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/**
 * True if an IPC message came from `ours` (our window's main frame) showing a page of app://lab/:
 * not a subframe, not another window, not a page that navigated elsewhere. `frame` is the event's
 * `senderFrame` (null once the frame is gone).
 */
export function isTrustedSender(frame: FrameLike | null | undefined, ours: FrameLike | null | undefined): boolean {
  if (frame == null || ours == null) return false;
  if (frame.parent !== null) return false;
  if (frame.processId !== ours.processId || frame.routingId !== ours.routingId) return false;
  return isAppUrl(frame.url);
}
