// electron-builder configuration for the desktop app (docs/packaging.md). electron-builder finds this
// file by its name; `npm run dist` builds first, then packs only the bundles listed under `files`.
// CommonJS because package.json says "type": "module" and electron-builder require()s .cjs configs.

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.landscapelab.app',
  productName: 'Landscape Lab',
  copyright: 'Copyright © Landscape Lab contributors',
  directories: {
    output: 'release',
    buildResources: 'build',
  },

  // The bundles only. The main, preload and worker bundles inline their dependencies (seedrandom,
  // zod) and the renderer's are inlined by Vite, so node_modules is left out entirely; source maps
  // stay behind too. package.json holds "main" (electron-builder would add it if it were not listed).
  files: [
    'package.json',
    'out/main/**/*',
    'out/preload/**/*',
    'out/engine/worker.mjs',
    'dist/web/**/*',
    '!**/*.map',
    '!node_modules{,/**/*}',
  ],
  asar: true,
  // The worker_threads entry is also written beside the archive (app.asar.unpacked/out/engine/) so
  // that Node's own module loader can start it without relying on asar support inside worker
  // threads; the pool is given that path. Everything else is read from inside app.asar.
  asarUnpack: ['out/engine/worker.mjs'],
  // No native modules, so nothing to rebuild against Electron's headers.
  npmRebuild: false,
  // Nothing is published; installers are uploaded by hand (and no update feed is generated).
  publish: null,

  // Fuses are flipped in the Electron binary before signing (@electron/fuses). Tests run an
  // unpackaged Electron, which keeps the defaults.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses invalidates the ad-hoc signature that arm64 macOS requires before launch; with
    // no signing identity configured, this re-signs ad hoc so the unsigned arm64 app still starts.
    resetAdHocDarwinSignature: true,
  },

  fileAssociations: [
    {
      ext: 'landscape',
      name: 'Landscape Lab experiment',
      description: 'Landscape Lab experiment',
      role: 'Editor',
      mimeType: 'application/x-landscape-lab+json',
    },
  ],

  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    icon: 'icons',
    // The desktop entry's category (AppImage and deb); the deb's own section is deb.packageCategory.
    category: 'Education',
    executableName: 'landscape-lab',
  },
  appImage: {
    artifactName: '${name}-${version}-${arch}.${ext}',
  },
  deb: {
    packageCategory: 'education',
    // Placeholder address (.invalid never resolves): replace it with a real one before publishing.
    synopsis: 'See why neural networks start from random weights',
    maintainer: 'Landscape Lab <dev@landscape-lab.invalid>',
  },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: '${name}-${version}-setup.${ext}',
  },

  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    icon: 'icon.icns',
    category: 'public.app-category.education',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    darkModeSupport: true,
  },
  dmg: {
    artifactName: '${name}-${version}-${arch}.${ext}',
  },
};
