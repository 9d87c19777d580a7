// Bundles the Node-side entry points with esbuild: the CLI, the worker_threads entry (a worker cannot
// load .ts files), the benchmark, the Electron main process, and the sandboxed preload (CommonJS: a
// sandboxed preload cannot be an ES module). Every dependency is bundled, so the packaged app needs
// no node_modules; only `electron` stays external. Output goes to out/; `npm install` runs this via
// "prepare".
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = await Promise.all([
  build({
    absWorkingDir: root,
    entryPoints: {
      'cli/landscape-lab': 'electron/cli/main.ts',
      'engine/worker': 'electron/engine/worker.ts',
      'bench/bench': 'bench/bench.ts',
      'main/main': 'electron/main/main.ts',
    },
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    external: ['electron'],
    metafile: true,
    // seedrandom is CommonJS; give the ESM bundle a require() for its internals.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({
    absWorkingDir: root,
    entryPoints: { 'preload/preload': 'electron/preload/preload.ts' },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    sourcemap: 'linked',
    logLevel: 'warning',
    external: ['electron'],
    metafile: true,
  }),
]);
// What each bundle still imports at run time (tests check that no package is left outside the bundles).
const imports = {};
for (const r of results) for (const [file, out] of Object.entries(r.metafile.outputs)) if (!file.endsWith('.map')) imports[file] = out.imports.filter((i) => i.external).map((i) => i.path);
mkdirSync(`${root}/out`, { recursive: true });
writeFileSync(`${root}/out/bundle-imports.json`, JSON.stringify(imports, null, 2));
