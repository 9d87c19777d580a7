// The main process as shipped: bundled by esbuild (ESM, 'electron' external, as the build does) and
// started under plain Node on a stub 'electron' (bundle/stub-electron.mjs), then driven as the window
// would: the app:// page, a permission request, validate, a bad payload, a whole run, quit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS } from '../../../core/protocol/lab-api';
import { CSP } from '../../../electron/main/security';
import { ROOT } from '../../paths';

let result: Record<string, any>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bundle-'));
  await build({
    absWorkingDir: ROOT,
    entryPoints: { 'main/main': 'electron/main/main.ts' },
    outdir: join(dir, 'out'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['electron'],
    logLevel: 'silent',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // The worker entry built by the global setup; a one-file renderer.
  symlinkSync(join(ROOT, 'out', 'engine'), join(dir, 'out', 'engine'));
  mkdirSync(join(dir, 'dist', 'web'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'web', 'index.html'), '<!doctype html><title>lab</title>');
  const output = execFileSync(process.execPath, [join(ROOT, 'test/electron/main/bundle/drive.mjs'), join(dir, 'out/main/main.mjs'), join(ROOT, 'examples/himmelblau-annealing.json')], {
    encoding: 'utf8',
    timeout: 50_000,
  });
  result = JSON.parse(output.trim().split('\n').at(-1)!);
});

describe('the bundled main process', () => {
  it('registers app://, opens the hardened window on it and sets the menu', () => {
    expect(result.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(result.url).toBe('app://lab/index.html');
    expect(result.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: expect.stringMatching(/out\/preload\/preload\.cjs$/) });
    expect(result.menus).toBe(1);
  });

  it('serves the page with the CSP and denies permissions', () => {
    expect(result.index).toEqual({ status: 200, type: 'text/html; charset=utf-8', csp: CSP });
    expect(result.permission).toBe(false);
  });

  it('answers every request channel; a bad payload gets an ErrorReply', () => {
    expect(result.handlers).toEqual(Object.keys(REQUESTS).map((n) => `lab:${n}`).sort());
    expect(result.validate).toMatchObject({ ok: true, restarts: 20, variants: 1 });
    expect(result.bad).toEqual({ error: { kind: 'invalid-request', message: expect.stringMatching(/^invalid validate request at text: /) } });
  });

  it('runs an experiment on the real run host and forwards its events, then quits', () => {
    expect(result.start).toEqual({ run: 1 });
    expect(result.completed).toBe(true);
    expect(result.eventTypes).toEqual(expect.arrayContaining(['started', 'progress', 'restart', 'state']));
    expect(result.quit).toBe(true);
  });
});
