// npm start's fallback: when Electron cannot start it serves the web edition; both checks and the server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ES modules without type declarations
import { displayProblem, electronBinary } from '../../scripts/electron-check.mjs';
// @ts-expect-error: plain ES modules without type declarations
import { serveWeb } from '../../scripts/serve-web.mjs';

const temp = mkdtempSync(join(tmpdir(), 'll-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('whether Electron can start', () => {
  it('finds no binary when the electron package has no path.txt (as after an offline install)', () => {
    const root = join(temp, 'no-binary');
    mkdirSync(join(root, 'node_modules/electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules/electron/package.json'), '{"name":"electron"}');
    expect(electronBinary(root, {})).toEqual({ path: null, reason: 'the Electron binary was not downloaded at install time' });
  });

  it('finds the binary named in path.txt under dist/', () => {
    const root = join(temp, 'binary');
    mkdirSync(join(root, 'node_modules/electron/dist'), { recursive: true });
    writeFileSync(join(root, 'node_modules/electron/package.json'), '{"name":"electron"}');
    writeFileSync(join(root, 'node_modules/electron/path.txt'), 'electron');
    writeFileSync(join(root, 'node_modules/electron/dist/electron'), '');
    expect(electronBinary(root, {}).path).toBe(join(root, 'node_modules/electron/dist/electron'));
  });

  it('needs a display on Linux only', () => {
    expect(displayProblem('linux', {})).toMatch(/no display/);
    expect(displayProblem('linux', { DISPLAY: ':0' })).toBeNull();
    expect(displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(displayProblem('darwin', {})).toBeNull();
  });
});

describe('the web edition server', () => {
  it('serves files with their types and isolation headers, and nothing outside its folder', async () => {
    const root = join(temp, 'site');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>');
    writeFileSync(join(root, 'assets/app.js'), 'export {}');
    writeFileSync(join(temp, 'secret.txt'), 'secret');
    const { server, url } = await serveWeb(root, 0);
    try {
      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect((await fetch(`${url}assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await fetch(`${url}missing.js`)).status).toBe(404);
      // An encoded ../ reaches the handler undecoded by fetch; the server must refuse it.
      const escape = await fetch(`${url}assets/%2E%2E%2F%2E%2E%2Fsecret.txt`);
      expect([403, 404]).toContain(escape.status);
      expect(await escape.text()).not.toContain('secret');
    } finally {
      server.close();
    }
  });
});
