#!/usr/bin/env node
// Scans the Electron code (electron/) with @doyensec/electronegativity and fails on any finding not in
// the allow-list below, on any file the scanner could not parse, and if the scanner misses the planted
// canary (proof that it still reads our TypeScript). Electronegativity itself exits 0 whatever it finds.
//
//   node scripts/security-scan.mjs [--output report.csv|report.sarif]
//
// Prints one closing line: `security-scan: ok|FAILED, ...`. Exit code 0 = clean, 1 = findings, 2 = broken scan.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const SCANNED = 'electron';

/**
 * Findings we accept, each with why. Matched by check id and file (not line, so edits do not churn the
 * list); `sample`, when given, must occur in the finding's code. Keep each entry as narrow as it can be.
 */
const ALLOWED = [
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    file: 'electron/main/window.ts',
    sample: 'new BrowserWindow(windowOptions(',
    // The scanner reads only object literals passed straight to `new BrowserWindow`; ours come from
    // windowOptions(), which sets contextIsolation: true, asserted by test/electron/main/window.test.ts.
    why: 'options built by windowOptions() (contextIsolation: true), checked by window.test.ts',
  },
  {
    id: 'SANDBOX_JS_CHECK',
    file: 'electron/main/window.ts',
    sample: 'new BrowserWindow(windowOptions(',
    // Same blind spot; windowOptions() sets sandbox: true and main calls app.enableSandbox().
    why: 'options built by windowOptions() (sandbox: true; app.enableSandbox() too), checked by window.test.ts',
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: 'electron/main/window.ts',
    sample: 'new BrowserWindow(windowOptions(',
    // Middle-click opens links through window.open, which setWindowOpenHandler denies (security.ts),
    // and will-navigate is prevented; no Blink feature needs switching off for that.
    why: 'new windows are denied by setWindowOpenHandler and navigation by will-navigate (security.ts)',
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'electron/main/security.ts',
    // The scanner parses only a string literal in the header object; ours is the CSP constant, whose
    // directives test/electron/main/security.test.ts asserts (and the protocol handler sends too).
    why: 'CSP set from the CSP constant, which the scanner cannot parse; its directives are tested',
  },
];

/** Checks not run, each with why. */
const EXCLUDED = [
  // Looks up newer Electron releases over the network: offline it reports nothing, online it would fail
  // CI whenever Electron ships a patch. Electron is pinned in package.json and upgraded deliberately.
  'AvailableSecurityFixesGlobalCheck',
];

/** A planted file the scanner must flag: if it does not, it is not reading our TypeScript. */
const CANARY = `import { BrowserWindow } from 'electron';
const options = { title: 'canary' } satisfies { title: string };
export const canary = new BrowserWindow({ ...options, webPreferences: { contextIsolation: false, sandbox: false } });
`;
const CANARY_DIR = '__canary__';
const CANARY_EXPECTS = ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'];

function fail(code, message) {
  console.log(`security-scan: ${message}`);
  process.exit(code);
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const args = process.argv.slice(2);
const outputAt = args.indexOf('--output');
const output = outputAt >= 0 ? args[outputAt + 1] : undefined;
if (outputAt >= 0 && output === undefined) fail(2, 'FAILED, --output needs a file name');

// The scanner silently skips extensions it does not know (.mts, .cts, .svelte): none may hide here.
const unscannable = files(join(root, SCANNED)).filter((f) => /\.(mts|cts|mjs|cjs|svelte)$/.test(f));
if (unscannable.length > 0) fail(2, `FAILED, the scanner cannot read ${unscannable.map((f) => relative(root, f)).join(', ')}`);

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const toolVersion = JSON.parse(readFileSync(require.resolve('@doyensec/electronegativity/package.json'), 'utf8')).version;
const run = require('@doyensec/electronegativity');

// Scan a copy of electron/ with the canary beside it, so one run checks both.
const work = mkdtempSync(join(tmpdir(), 'security-scan-'));
let result;
try {
  cpSync(join(root, SCANNED), work, { recursive: true });
  mkdirSync(join(work, CANARY_DIR));
  writeFileSync(join(work, CANARY_DIR, 'canary.ts'), CANARY);
  // The tool logs its own chatter (translations, banners) to the console; keep our output to one line.
  const quiet = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  console.log = console.warn = console.info = () => {};
  try {
    result = await run({
      input: work,
      isRelative: true,
      electronVersionOverride: electronVersion,
      customScan: [],
      excludeFromScan: EXCLUDED.map((c) => c.toLowerCase()),
    });
  } finally {
    Object.assign(console, quiet);
  }
} catch (e) {
  rmSync(work, { recursive: true, force: true });
  fail(2, `FAILED, electronegativity did not run: ${e instanceof Error ? e.message : String(e)}`);
}
rmSync(work, { recursive: true, force: true });

const parseErrors = result.errors.filter((e) => !e.tolerable);
if (parseErrors.length > 0) {
  for (const e of parseErrors) console.log(`  cannot parse ${SCANNED}/${relative(work, e.file)}: ${e.message}`);
  fail(2, `FAILED, ${parseErrors.length} file(s) could not be parsed, so they were not scanned`);
}

const findings = result.issues.map((i) => ({
  id: i.id,
  file: i.file === 'N/A' ? 'N/A' : `${SCANNED}/${i.file}`,
  line: i.location?.line ?? 0,
  column: i.location?.column ?? 0,
  severity: i.severity?.name ?? String(i.severity),
  confidence: i.confidence?.name ?? String(i.confidence),
  sample: i.sample ?? '',
  description: i.description ?? '',
}));
const canaryFindings = findings.filter((f) => f.file.startsWith(`${SCANNED}/${CANARY_DIR}/`));
const missed = CANARY_EXPECTS.filter((id) => !canaryFindings.some((f) => f.id === id));
if (missed.length > 0) fail(2, `FAILED, the scanner missed the canary's ${missed.join(', ')}: it is not reading TypeScript as expected`);

const real = findings.filter((f) => !canaryFindings.includes(f));
const allowedBy = (f) => ALLOWED.find((a) => a.id === f.id && a.file === f.file && (a.sample === undefined || f.sample.includes(a.sample)));
const fresh = real.filter((f) => allowedBy(f) === undefined);
const stale = ALLOWED.filter((a) => !real.some((f) => allowedBy(f) === a));

if (output !== undefined) {
  const csv = ['id,severity,confidence,file,line,column,allowed,description'];
  for (const f of real) csv.push([f.id, f.severity, f.confidence, f.file, f.line, f.column, allowedBy(f) ? 'yes' : 'no', JSON.stringify(f.description)].join(','));
  writeFileSync(output, `${csv.join('\n')}\n`);
}
for (const f of fresh) console.log(`  ${f.severity}/${f.confidence} ${f.id} at ${f.file}:${f.line}:${f.column}: ${f.description}`);
for (const a of stale) console.log(`  allow-list entry no longer needed: ${a.id} in ${a.file}`);

const scanned = files(join(root, SCANNED)).filter((f) => /\.(ts|tsx|js|jsx|html|htm|json)$/.test(f)).length;
const summary = `${real.length} finding(s), ${real.length - fresh.length} allowed, ${fresh.length} new; ${scanned} files; electronegativity ${toolVersion}, Electron ${electronVersion}`;
if (fresh.length > 0) fail(1, `FAILED, ${summary}`);
console.log(`security-scan: ok, ${summary}`);
