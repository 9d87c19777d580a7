// Bundles the Node-side entry points with esbuild: the CLI, the worker_threads entry (a worker cannot
// load .ts files), and the benchmark. Output goes to out/; `npm install` runs this via "prepare".
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: {
    'cli/landscape-lab': 'electron/cli/main.ts',
    'engine/worker': 'electron/engine/worker.ts',
    'bench/bench': 'bench/bench.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // seedrandom is CommonJS; give the ESM bundle a require() for its internals.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
