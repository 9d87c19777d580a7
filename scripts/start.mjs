// `npm start`: builds what is needed, then opens the desktop app. Where Electron cannot start (no
// binary, as when it could not be downloaded at install time, or no display), it says so in one line
// and serves the web edition on 127.0.0.1 instead, so the lab always opens. Arguments after `--` are
// experiment files for the desktop app to open.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayProblem, electronBinary } from './electron-check.mjs';
import { serveWeb } from './serve-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

const run = (cmd, cmdArgs) => execFileSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
run(process.execPath, [join(root, 'scripts/build-node.mjs')]);
run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);

const electron = electronBinary();
const problem = electron.path === null ? electron.reason : displayProblem();
if (problem === null) {
  const child = spawn(electron.path, [root, ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = Number(process.env.PORT ?? 5173);
  let served;
  try {
    served = await serveWeb(join(root, 'dist/web'), port);
  } catch {
    served = await serveWeb(join(root, 'dist/web'), 0);
  }
  console.log(`Electron cannot start here (${problem}); serving the web edition at ${served.url}?autorun`);
}
