// What goes into app.asar: the `files` patterns of electron-builder.cjs are run through
// electron-builder's own matcher and directory walker (app-builder-lib internals, pinned by the exact
// electron-builder version) over a scratch tree of representative repository paths.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../paths';

const require = createRequire(import.meta.url);
const config = require(join(ROOT, 'electron-builder.cjs'));
const requireFromLib = createRequire(
  createRequire(require.resolve('electron-builder/package.json')).resolve('app-builder-lib/package.json'),
);
const { getMainFileMatchers, getNodeModuleFileMatcher, getFileMatchers, FileMatcher } = requireFromLib('./out/fileMatcher.js');
const { computeFileSets } = requireFromLib('./out/util/appFileCopier.js');
const { NodeModuleCopyHelper } = requireFromLib('./out/util/NodeModuleCopyHelper.js');

const MAIN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main ?? 'out/main/main.mjs';

/** The files the app needs at run time, in the layout the build produces. */
const NEEDED = [
  'package.json',
  'out/main/main.mjs',
  'out/main/chunks/setup-files-3f2a.mjs',
  'out/preload/preload.cjs',
  'out/engine/worker.mjs',
  'dist/web/index.html',
  'dist/web/assets/index-Cv1Xuwvx.js',
  'dist/web/assets/index-Cv1Xuwvx.css',
  'dist/web/assets/inter-latin.woff2',
];

/** Everything else a working copy holds: sources, tests, tooling, other bundles, dependencies. */
const NOT_NEEDED = [
  'out/main/main.mjs.map',
  'out/engine/worker.mjs.map',
  'dist/web/assets/index-Cv1Xuwvx.js.map',
  'out/cli/landscape-lab.mjs',
  'out/bench/bench.mjs',
  'out/example/run.json',
  'out/test/crash-worker.mjs',
  'out/engine/crash-worker.mjs',
  'dist/other/index.html',
  'core/rng/seeded.ts',
  'core/tsconfig.json',
  'electron/main/main.ts',
  'electron/preload/preload.ts',
  'electron/engine/worker.ts',
  'renderer/App.svelte',
  'renderer/main.ts',
  'test/build/files.test.ts',
  'test/fixtures/spirals.json',
  'bench/bench.ts',
  'bin/landscape-lab.mjs',
  'scripts/make-icons.mjs',
  'docs/packaging.md',
  'examples/spirals-glorot.json',
  'build/icon.png',
  'build/icons/16x16.png',
  'build/entitlements.mac.plist',
  'release/landscape-lab-0.1.0-x86_64.AppImage',
  'release/linux-unpacked/resources/app.asar',
  'node_modules/zod/package.json',
  'node_modules/zod/index.js',
  'node_modules/seedrandom/seedrandom.js',
  'node_modules/.bin/vite',
  'scratch/notes.txt',
  'test-results/vitest.json',
  '.ci/run',
  '.git/HEAD',
  '.gitignore',
  'README.md',
  'package-lock.json',
  'tsconfig.json',
  'vite.config.ts',
  'vitest.config.ts',
  'svelte.config.js',
  'electron-builder.cjs',
];

const tree = mkdtempSync(join(tmpdir(), 'll-files-'));
const posix = (p: string) => p.split(sep).join('/');

beforeAll(() => {
  for (const file of [...NEEDED, ...NOT_NEEDED]) {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    writeFileSync(join(tree, file), file === 'package.json' ? JSON.stringify({ name: 'landscape-lab', version: '0.1.0', main: MAIN }) : '//');
  }
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

/** The stand-in for electron-builder's Packager that its file-matching code reads. */
const packagerInfo = () => ({
  projectDir: tree,
  buildResourcesDir: join(tree, config.directories.buildResources),
  isPrepackedAppAsar: false,
  areNodeModulesHandledExternally: false,
  config,
  debugLogger: { isEnabled: false },
  appInfo: { type: 'module' },
  getWorkspaceRoot: async () => tree,
});
const expand = (pattern: string) => pattern;

/** The app files electron-builder would copy into the archive for one platform, repository-relative. */
async function packedAppFiles(platform: 'linux' | 'mac' | 'win'): Promise<string[]> {
  const info = packagerInfo();
  const platformPackager = { info, config, platformSpecificBuildOptions: config[platform] };
  const outDir = join(tree, config.directories.output);
  const matchers = getMainFileMatchers(tree, '/app', expand, config[platform], platformPackager, outDir, false);
  const fileSets: { src: string; files: string[] }[] = await computeFileSets(matchers, null, platformPackager, false);
  return fileSets.flatMap((set) => set.files.map((f) => posix(relative(tree, f)))).sort();
}

/** The files of one production dependency electron-builder would copy. */
async function packedModuleFiles(name: string, patterns?: string[]): Promise<string[]> {
  const info = packagerInfo();
  const moduleMatcher = getNodeModuleFileMatcher(tree, '/app', expand, config.linux, info);
  const dir = join(tree, 'node_modules', name);
  const matcher = new FileMatcher(dir, join('/app/node_modules', name), expand, patterns ?? moduleMatcher.patterns);
  const files: string[] = await new NodeModuleCopyHelper(matcher, info).collectNodeModules(
    { name, version: '1.0.0', dir },
    ['.o'],
    join('node_modules', name),
  );
  return files.map((f) => posix(relative(tree, f)));
}

describe('files packed into the app', () => {
  it.each(['linux', 'mac', 'win'] as const)('%s: exactly the bundles and package.json', async (platform) => {
    expect(await packedAppFiles(platform)).toEqual([...NEEDED].sort());
  });

  it('include the entry point package.json names', async () => {
    expect(await packedAppFiles('linux')).toContain(MAIN);
  });

  it('leave out node_modules: the bundles carry their dependencies', async () => {
    // Control: with electron-builder's default pattern the module would be copied.
    expect(await packedModuleFiles('zod', ['**/*'])).toEqual(['node_modules/zod/index.js', 'node_modules/zod/package.json']);
    expect(await packedModuleFiles('zod')).toEqual([]);
    expect(await packedModuleFiles('seedrandom')).toEqual([]);
  });

  it('unpack only the worker entry from the archive', () => {
    const [matcher] = getFileMatchers(config, 'asarUnpack', '/app', {
      macroExpander: expand,
      customBuildOptions: config.linux,
      globalOutDir: join(tree, config.directories.output),
      defaultSrc: tree,
    });
    const filter = matcher.createFilter();
    const unpacked = NEEDED.filter((f) => filter(join(tree, f), statSync(join(tree, f))));
    expect(unpacked).toEqual(['out/engine/worker.mjs']);
  });
});

describe('the bundles that are built', () => {
  // No bundle may import a package, since node_modules is not packed (the global setup builds them).
  it('import only Node built-ins and electron (as esbuild records what each bundle leaves external)', () => {
    const imports = JSON.parse(readFileSync(join(ROOT, 'out/bundle-imports.json'), 'utf8')) as Record<string, string[]>;
    expect(Object.keys(imports)).toEqual(expect.arrayContaining(['out/engine/worker.mjs', 'out/main/main.mjs', 'out/preload/preload.cjs']));
    const allowed = (s: string) => s.startsWith('node:') || builtinModules.includes(s) || s === 'electron';
    const bad = Object.entries(imports).flatMap(([f, list]) => list.filter((s) => !allowed(s)).map((s) => `${f} loads ${s}`));
    expect(bad).toEqual([]);
    // The preload is sandboxed: it may load electron and nothing else.
    expect(imports['out/preload/preload.cjs']).toEqual(['electron']);
  });
});
