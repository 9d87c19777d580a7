import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../electron/main/origin';
import { CSP, hardenContents, hardenSession, isTrustedSender, withCsp } from '../../../electron/main/security';
import { ROOT } from '../../paths';
import { FakeFrame, FakeSession, FakeWebContents, fakeEvent } from '../fake-electron';

describe('session hardening', () => {
  const session = new FakeSession();
  hardenSession(session);

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'hid', 'serial', 'unknown']) {
      let granted: boolean | null = null;
      session.permissionRequestHandler!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
  });

  it('denies every permission check and device permission', () => {
    for (const permission of ['media', 'clipboard-sanitized-write', 'usb', 'serial']) expect(session.permissionCheckHandler!({}, permission), permission).toBe(false);
    expect(session.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });

  it('puts the CSP on every response, replacing any other', () => {
    let response: unknown = null;
    session.headersReceived!({ url: 'app://lab/index.html', responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } } as never, (r) => (response = r));
    expect(response).toEqual({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] } });
    session.headersReceived!({ url: 'https://example.com/' } as never, (r) => (response = r));
    expect(response).toEqual({ responseHeaders: { 'Content-Security-Policy': [CSP] } });
  });

  it('leaves DevTools pages alone', () => {
    let response: unknown = null;
    session.headersReceived!({ url: 'devtools://devtools/bundled/devtools_app.html', responseHeaders: {} } as never, (r) => (response = r));
    expect(response).toEqual({});
  });
});

describe('CSP', () => {
  it('has every directive of the checklist', () => {
    const directives = Object.fromEntries(CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'worker-src': "'self' blob:",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    // WebAssembly may compile (the network's kernels); JavaScript eval stays refused.
    expect(CSP.replaceAll("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe-eval|\*/);
  });

  it('is the same policy as the renderer page declares', () => {
    const html = readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    // frame-ancestors only works as a header (a <meta> policy may not carry it), so the page's copy omits it.
    expect(meta?.[1]).toBe(CSP.replace("; frame-ancestors 'none'", ''));
    expect(CSP).toContain("frame-ancestors 'none'");
  });

  it('withCsp keeps other headers', () => {
    expect(withCsp({ A: ['1'] })).toEqual({ A: ['1'], 'Content-Security-Policy': [CSP] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CSP] });
  });
});

describe('webContents hardening', () => {
  const contents = new FakeWebContents();
  hardenContents(contents);

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const event = fakeEvent();
    contents.emit(name, event, 'https://example.com/');
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies window.open, for the web and for our own pages', () => {
    for (const url of ['https://example.com/', 'app://lab/index.html', 'file:///etc/passwd']) {
      expect(contents.windowOpenHandler!({ url } as never)).toEqual({ action: 'deny' });
    }
  });
});

describe('isTrustedSender', () => {
  const ours = new FakeFrame('app://lab/index.html');
  const same = (url: string) => new FakeFrame(url, null, ours.processId, ours.routingId);

  it('accepts our main frame on app://lab', () => {
    expect(isTrustedSender(ours, ours)).toBe(true);
    expect(isTrustedSender(same('app://lab/'), ours)).toBe(true);
    expect(isTrustedSender(same('app://lab/lessons/1?x=2#y'), ours)).toBe(true);
  });

  it.each([
    ['file://', 'file:///app/dist/web/index.html'],
    ['https', 'https://lab/index.html'],
    ['http', 'http://lab/'],
    ['another host', 'app://evil/index.html'],
    ['a host with a port', 'app://lab:1234/'],
    ['credentials', 'app://user:pw@lab/'],
    ['about:blank', 'about:blank'],
    ['data:', 'data:text/html,hi'],
    ['garbage', 'not a url'],
  ])('rejects a main frame on %s', (_what, url) => {
    expect(isTrustedSender(same(url), ours)).toBe(false);
  });

  it('rejects a subframe, even one on app://lab', () => {
    expect(isTrustedSender(new FakeFrame('app://lab/index.html', ours, ours.processId, ours.routingId), ours)).toBe(false);
  });

  it('rejects another window and a vanished frame', () => {
    expect(isTrustedSender(new FakeFrame('app://lab/index.html'), ours)).toBe(false);
    expect(isTrustedSender(null, ours)).toBe(false);
    expect(isTrustedSender(ours, null)).toBe(false);
  });

  it('compares protocol and host: a custom scheme has origin "null" in Node', () => {
    expect(new URL('app://lab/index.html').origin).toBe('null');
    expect(new URL('app://evil/index.html').origin).toBe('null');
    expect(isAppUrl('app://lab/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
  });
});
