// The shell's import rules: main imports core, the engine, Node and Electron; the preload (sandboxed,
// bundled) imports only the protocol, zod and Electron; and only the two entries import Electron as a
// value, so every other module runs under Node with fakes.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../paths';

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Each import of a file: its specifier and whether it is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)].map((m) => ({ spec: m[3] ?? m[4]!, typeOnly: m[2] !== undefined }));
}

function target(file: string, spec: string): string {
  return relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
}

describe('shell layering', () => {
  it('main imports core, the engine, main, node:*, electron and zod', () => {
    const bad = files('electron/main').flatMap((f) =>
      imports(f)
        .filter(({ spec }) => (spec.startsWith('.') ? !/^(core|electron\/engine|electron\/main)\//.test(target(f, spec)) : !(spec.startsWith('node:') || spec === 'electron' || spec === 'zod')))
        .map(({ spec }) => `${f} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('the preload imports only the protocol, its own modules, zod and electron (no Node: it is sandboxed)', () => {
    const bad = files('electron/preload').flatMap((f) =>
      imports(f)
        .filter(({ spec }) => (spec.startsWith('.') ? !/^(core\/protocol|electron\/preload)\//.test(target(f, spec)) : !(spec === 'electron' || spec === 'zod')))
        .map(({ spec }) => `${f} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('only the entries import electron as a value', () => {
    const valueImports = [...files('electron/main'), ...files('electron/preload')].filter((f) => imports(f).some(({ spec, typeOnly }) => spec === 'electron' && !typeOnly));
    expect(valueImports.sort()).toEqual(['electron/main/main.ts', 'electron/preload/preload.ts']);
  });
});
