import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, mimeType, registerAppScheme, resolveAppPath, serveAppRequest, setupProtocol } from '../../../electron/main/protocol';
import { CSP } from '../../../electron/main/security';
import { FakeProtocol } from '../fake-electron';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lab-protocol-'));
  root = join(base, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(root, 'assets', 'blob.xyz'), 'x');
  writeFileSync(join(root, 'assets', 'a b.svg'), '<svg/>');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
});

const get = (url: string, method = 'GET') => serveAppRequest(root, { url, method });

describe('registration', () => {
  it('registers app:// as standard, secure and fetch-capable, and no more', () => {
    const protocol = new FakeProtocol();
    registerAppScheme(protocol);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });

  it('setupProtocol serves the folder through the handler', async () => {
    const protocol = new FakeProtocol();
    setupProtocol(protocol, root);
    const response = await protocol.handlers.get('app')!(new Request('app://lab/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>lab</title>');
  });
});

describe('serving dist/web', () => {
  it('serves index.html for / and files with their MIME types', async () => {
    const cases: [string, string][] = [
      ['app://lab/', 'text/html; charset=utf-8'],
      ['app://lab/index.html', 'text/html; charset=utf-8'],
      ['app://lab/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://lab/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://lab/assets/font.woff2', 'font/woff2'],
      ['app://lab/assets/blob.xyz', 'application/octet-stream'],
      ['app://lab/assets/a%20b.svg', 'image/svg+xml'],
      ['app://lab/assets/index-abc.js?v=2#x', 'text/javascript; charset=utf-8'],
    ];
    for (const [url, type] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
    }
  });

  it('puts the CSP and nosniff on every response, errors included', async () => {
    for (const url of ['app://lab/index.html', 'app://lab/missing.js', 'app://lab/%2e%2e/secret.txt']) {
      const response = await get(url);
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('answers 404 for a missing file or a folder', async () => {
    expect((await get('app://lab/missing.js')).status).toBe(404);
    expect((await get('app://lab/assets')).status).toBe(404);
  });

  it.each([
    'app://lab/../secret.txt',
    'app://lab/%2e%2e/secret.txt',
    'app://lab/%2E%2E%2Fsecret.txt',
    'app://lab/assets/..%2f..%2fsecret.txt',
    'app://lab/..%5csecret.txt',
    'app://lab/assets/%00.js',
    'app://lab/%E0%A4%A.js',
    'app://lab/assets/link.txt',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });

  it('refuses methods other than GET and HEAD; HEAD has no body', async () => {
    expect((await get('app://lab/index.html', 'POST')).status).toBe(405);
    const head = await get('app://lab/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('resolveAppPath', () => {
  it('maps URLs under the root and refuses the rest', () => {
    expect(resolveAppPath('/r', 'app://lab/')).toBe('/r/index.html');
    expect(resolveAppPath('/r', 'app://lab/a/b.js')).toBe('/r/a/b.js');
    expect(resolveAppPath('/r', 'app://lab/a/')).toBe('/r/a/index.html');
    // The URL parser resolves literal dot segments (as Chromium does), which cannot climb above the host.
    expect(resolveAppPath('/r', 'app://lab/a/../b.js')).toBe('/r/b.js');
    expect(resolveAppPath('/r', 'app://lab/../../b.js')).toBe('/r/b.js');
    expect(resolveAppPath('/r', 'app://lab/%2e%2e/x')).toBe('/r/x');
    // Encoded slashes survive the parser; decoded, their `..` segments are refused.
    expect(resolveAppPath('/r', 'app://lab/a/..%2f..%2fx')).toBeNull();
    expect(resolveAppPath('/r', 'app://lab/%2e%2e%2fx')).toBeNull();
    expect(resolveAppPath('/r', 'app://lab//etc/passwd')).toBe('/r/etc/passwd');
    expect(resolveAppPath('/r', 'app://lab/a\\..\\..\\x')).toBeNull();
  });

  it('mimeType ignores case', () => {
    expect(mimeType('X.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeType('noext')).toBe('application/octet-stream');
  });
});
