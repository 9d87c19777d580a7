// Whether Electron can start here, checked without triggering the electron package's lazy download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The Electron executable, or why there is none (read without triggering its lazy download). */
export function electronBinary(root = fileURLToPath(new URL('..', import.meta.url)), env = process.env) {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile) && !override) return { path: null, reason: 'the Electron binary was not downloaded at install time' };
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const path = override ? join(override, name) : join(dir, 'dist', name);
  return existsSync(path) ? { path, reason: null } : { path: null, reason: `the Electron binary is missing (${path})` };
}

/** Why no window can open here, or null (Linux needs an X or Wayland display). */
export function displayProblem(platform = process.platform, env = process.env) {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
}

