// The architecture's import rules (docs/architecture.md), checked on the source tree: core imports only
// core and two pure libraries; the engine never imports Electron; core has no clock and no Math.random.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './paths';

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The top-level area a relative import lands in, e.g. "core" or "electron/engine". */
function area(file: string, spec: string): string {
  const target = relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
  const [top, sub] = target.split('/');
  return top === 'electron' ? `electron/${sub}` : top!;
}

describe('layering', () => {
  it('core imports only core, seedrandom and zod', () => {
    const bad = files('core').flatMap((f) =>
      imports(f)
        .filter((s) => (s.startsWith('.') ? area(f, s) !== 'core' : !['seedrandom', 'zod'].includes(s)))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('core uses no clock, no Math.random and no global state of the host', () => {
    const code = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const bad = files('core').filter((f) => /\bMath\.random\b|(?<![.\w])Date\b|(?<![.\w])performance\.|(?<![.\w])process\.|\bglobalThis\b|(?<![.\w])window\s*[.[]|(?<![.\w])self\./.test(code(f)));
    expect(bad).toEqual([]);
  });

  it('the engine imports core and Node, never Electron', () => {
    const bad = files('electron/engine').flatMap((f) =>
      imports(f)
        .filter((s) => (s.startsWith('.') ? !['core', 'electron/engine'].includes(area(f, s)) : !s.startsWith('node:')))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the CLI imports core, the engine and Node, never Electron', () => {
    const bad = files('electron/cli').flatMap((f) =>
      imports(f)
        .filter((s) => (s.startsWith('.') ? !['core', 'electron/engine', 'electron/cli', 'package.json'].includes(area(f, s)) : !s.startsWith('node:')))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the host-state pattern catches uses and ignores same-named properties', () => {
    const pattern = /\bMath\.random\b|(?<![.\w])Date\b|(?<![.\w])performance\.|(?<![.\w])process\.|\bglobalThis\b|(?<![.\w])window\s*[.[]|(?<![.\w])self\./;
    for (const bad of ['Math.random()', 'Date.now()', 'new Date()', 'performance.now()', 'process.env.X', 'globalThis.x', 'window.alert', 'self.postMessage']) expect(pattern.test(bad), bad).toBe(true);
    for (const fine of ['rule.window', '{ window: 10 }', 'const windowed = 1', 'a.process.b', 'itself.x']) expect(pattern.test(fine), fine).toBe(false);
  });

  it('finds the imports it checks (the scanner is not blind)', () => {
    expect(imports('electron/engine/pool.ts')).toContain('node:worker_threads');
    expect(imports('core/experiment/train.ts')).toContain('../nn/backprop');
  });
});
