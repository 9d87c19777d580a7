// `npm test`: every check in order, continuing past a failure so one run reports them all:
// type checks (tsc over the tree, tsc over core alone, svelte-check over the renderer), the security
// scan of the Electron sources, vitest (Node and jsdom), the web edition's build, and Playwright
// against it in Debian's Chromium. Arguments are passed to vitest. Exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const bin = (p) => `node_modules/${p}`;
const steps = [
  ['typecheck: tsc', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']],
  ['typecheck: core alone', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'core/tsconfig.json']],
  ['typecheck: svelte-check', [bin('svelte-check/bin/svelte-check'), '--tsconfig', 'renderer/tsconfig.json', '--threshold', 'error', '--output', 'human']],
  ['security scan', ['scripts/security-scan.mjs']],
  ['vitest', [bin('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)]],
  ['build: web edition', [bin('vite/bin/vite.js'), 'build', '--logLevel', 'warn']],
  ['playwright (web edition in Chromium)', [bin('@playwright/test/cli.js'), 'test', '--project', 'web']],
];
const checks = { passed: 0, failed: 0, steps: [] };
for (const [name, args] of steps) {
  const t = Date.now();
  console.log(`\n== ${name}`);
  const r = spawnSync(node, args, { cwd: root, stdio: 'inherit' });
  const ok = r.status === 0;
  checks.steps.push({ name, ok, seconds: (Date.now() - t) / 1000 });
  // vitest and Playwright report their own test counts; the other steps count as one check each.
  if (!['vitest', 'playwright (web edition in Chromium)'].includes(name)) ok ? checks.passed++ : checks.failed++;
  else if (!ok && name.startsWith('playwright')) console.log('(see test-results/playwright.json)');
}
mkdirSync(`${root}/test-results`, { recursive: true });
writeFileSync(`${root}/test-results/checks.json`, JSON.stringify(checks, null, 2));
console.log('\n' + checks.steps.map((s) => `${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds.toFixed(0)} s)`).join('\n'));
process.exit(checks.steps.every((s) => s.ok) ? 0 : 1);
