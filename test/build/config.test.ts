// electron-builder.cjs: valid against electron-builder's own JSON schema, and holding the release
// decisions (targets, fuses, file association, macOS hardening, deb metadata) that nothing else checks
// until an installer is built on a machine that can download Electron.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths';

const require = createRequire(import.meta.url);
const config = require(join(ROOT, 'electron-builder.cjs'));
// The schema and the ajv that electron-builder itself validates with, found through electron-builder.
const requireFromBuilder = createRequire(require.resolve('electron-builder/package.json'));
const appBuilderLib = requireFromBuilder.resolve('app-builder-lib/package.json');
const requireFromLib = createRequire(appBuilderLib);

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
function schemaValidator(): Validate {
  const AjvModule = requireFromLib('ajv');
  const Ajv = AjvModule.default ?? AjvModule;
  // No type coercion (electron-builder coerces): a quoted "false" for a fuse must fail here.
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(requireFromLib('./scheme.json'));
}
const validate = schemaValidator();
const errorsOf = (data: unknown) => (validate(structuredClone(data)) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

const FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder configuration', () => {
  it('matches electron-builder’s JSON schema', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('the schema check rejects a misspelt key and a quoted boolean', () => {
    expect(errorsOf({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'false' } }).length).toBeGreaterThan(0);
  });

  it('names the app and writes installers to release/', () => {
    expect(config.appId).toBe('org.landscapelab.app');
    expect(config.productName).toBe('Landscape Lab');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS x64 and arm64', () => {
    const targets = (platform: { target: { target: string; arch: string[] }[] }) =>
      Object.fromEntries(platform.target.map((t) => [t.target, t.arch]));
    expect(targets(config.linux)).toEqual({ AppImage: ['x64'], deb: ['x64'] });
    expect(targets(config.win)).toEqual({ nsis: ['x64'] });
    expect(targets(config.mac)).toEqual({ dmg: ['x64', 'arm64'] });
  });

  it('sets every fuse as the security checklist asks', () => {
    const { resetAdHocDarwinSignature, ...fuses } = config.electronFuses;
    expect(fuses).toEqual(FUSES);
    expect(resetAdHocDarwinSignature).toBe(true);
  });

  it('electron-builder hands each of those fuses to @electron/fuses with its value', async () => {
    // electron-builder 26 flips fuses with its own copy of @electron/fuses (1.8 at the time of
    // writing), not the project's; the wire indices are those of that copy.
    const { FuseV1Options, FuseVersion } = requireFromLib('@electron/fuses');
    const { PlatformPackager } = requireFromLib('./out/index.js');
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    expect(wire).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('associates .landscape experiment files with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: 'landscape',
        name: 'Landscape Lab experiment',
        role: 'Editor',
        mimeType: 'application/x-landscape-lab+json',
      }),
    ]);
  });

  it('gives the deb a maintainer, a synopsis and the Education category', () => {
    expect(config.deb.maintainer).toMatch(/^[^<>]+ <[^@<>\s]+@[^@<>\s]+>$/);
    expect(config.deb.synopsis).toBeTruthy();
    expect(config.deb.synopsis.length).toBeLessThanOrEqual(80);
    expect(config.linux.category).toBe('Education');
    expect(config.deb.packageCategory).toBe('education');
  });

  it('signs macOS builds with the hardened runtime and only the JIT entitlement', () => {
    expect(config.mac.category).toBe('public.app-category.education');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    // Unset, helpers would get electron-builder's template, which also disables library validation.
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    const plist = readFileSync(join(ROOT, config.mac.entitlements), 'utf8');
    const live = plist.replace(/<!--[\s\S]*?-->/g, '');
    expect([...live.matchAll(/<key>([^<]+)<\/key>\s*<(\w+)\/>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['com.apple.security.cs.allow-jit', 'true'],
    ]);
    // Each entitlement is justified in a comment next to it.
    expect(plist).toMatch(/<!--[\s\S]*?V8[\s\S]*?-->\s*<key>com\.apple\.security\.cs\.allow-jit<\/key>/);
  });
});
