// A real `electron-builder --linux dir` run, offline: a stand-in for the Electron distribution (a file
// carrying Electron's fuse wire with its default settings) replaces the download, so the archive
// electron-builder writes and the fuses it flips can be read back. Installers (AppImage, deb, NSIS,
// dmg) still need the real Electron and their tools; see docs/packaging.md.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../paths';

const require = createRequire(import.meta.url);
const requireFromLib = createRequire(
  createRequire(require.resolve('electron-builder/package.json')).resolve('app-builder-lib/package.json'),
);
const asar = requireFromLib('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const MAIN: string = pkg.main ?? 'out/main/main.mjs';

// The stand-in binary holds the fuse wire as Electron lays it out: the sentinel, wire version 1, the
// wire's length, then one byte per fuse ('0' off, '1' on). Electron 45's defaults, in FuseV1Options order: runAsNode on, cookie encryption off, NODE_OPTIONS on,
// --inspect on, asar integrity off, only-from-asar off, browser snapshot off, file:// privileges on,
// wasm trap handlers on.
const DEFAULT_WIRE = '101100011';
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

const work = mkdtempSync(join(tmpdir(), 'll-pack-'));
const project = join(work, 'project');
const electronDist = join(work, 'electron');
const appDir = join(project, 'release', 'linux-unpacked');
const archive = join(appDir, 'resources', 'app.asar');

function write(path: string, content: string | Buffer) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

beforeAll(() => {
  write(join(project, 'package.json'), JSON.stringify({ ...pkg, main: MAIN }, null, 2));
  write(join(project, 'electron-builder.cjs'), readFileSync(join(ROOT, 'electron-builder.cjs')));
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  for (const file of [MAIN, 'out/main/main.mjs.map', 'out/preload/preload.cjs', 'out/engine/worker.mjs', 'out/cli/landscape-lab.mjs', 'dist/web/index.html', 'dist/web/assets/index.js', 'core/rng/seeded.ts', 'test/x.test.ts', 'build/icon.png']) {
    write(join(project, file), '// stand-in\n');
  }
  write(join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE), Buffer.alloc(8)]));
  chmodSync(join(electronDist, 'electron'), 0o755);
  for (const file of ['LICENSE', 'LICENSES.chromium.html', 'chrome-sandbox', 'locales/en-US.pak']) write(join(electronDist, file), 'x');
  write(join(electronDist, 'version'), '45.5.0');

  execFileSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', 'dir', `--config.electronDist=${electronDist}`], {
    cwd: project,
    env: { ...process.env, ELECTRON_BUILDER_CACHE: join(work, 'cache'), ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
    stdio: 'pipe',
  });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder --linux dir with a stand-in Electron', () => {
  it('names the executable landscape-lab', () => {
    expect(existsSync(join(appDir, 'landscape-lab'))).toBe(true);
  });

  it('archives the bundles and package.json, and unpacks only the worker', () => {
    const entries = asar
      .listPackage(archive, { isPack: true })
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => !['/dist', '/dist/web', '/dist/web/assets', '/out', '/out/engine', '/out/main', '/out/preload'].includes(line.split(' : ')[1]!));
    expect(entries.sort()).toEqual(
      [
        'pack : /dist/web/assets/index.js',
        'pack : /dist/web/index.html',
        `pack : /${MAIN}`,
        'pack : /out/preload/preload.cjs',
        'pack : /package.json',
        'unpack : /out/engine/worker.mjs',
      ].sort(),
    );
    expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked', 'out', 'engine', 'worker.mjs'))).toBe(true);
  });

  it('keeps "main" and "type": "module" in the packed package.json', () => {
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
    expect([packed.main, packed.type]).toEqual([MAIN, 'module']);
  });

  it('flips the fuses in the binary', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'landscape-lab'));
    const on = (option: FuseV1Options) => ({ [FuseState.ENABLE]: '1', [FuseState.DISABLE]: '0' })[wire[option] as number] ?? `state ${wire[option]}`;
    expect({
      runAsNode: on(FuseV1Options.RunAsNode),
      enableCookieEncryption: on(FuseV1Options.EnableCookieEncryption),
      enableNodeOptionsEnvironmentVariable: on(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      enableNodeCliInspectArguments: on(FuseV1Options.EnableNodeCliInspectArguments),
      enableEmbeddedAsarIntegrityValidation: on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyLoadAppFromAsar: on(FuseV1Options.OnlyLoadAppFromAsar),
      loadBrowserProcessSpecificV8Snapshot: on(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot),
      grantFileProtocolExtraPrivileges: on(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      runAsNode: '0',
      enableCookieEncryption: '1',
      enableNodeOptionsEnvironmentVariable: '0',
      enableNodeCliInspectArguments: '0',
      enableEmbeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      loadBrowserProcessSpecificV8Snapshot: '0',
      grantFileProtocolExtraPrivileges: '0',
    });
  });
});
