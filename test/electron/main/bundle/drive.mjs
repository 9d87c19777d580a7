// Starts a bundled main process (argv[2]) on the stub Electron, drives it as a window would, and prints
// one JSON line of what happened. Used by bundle.test.ts.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);
const [main, experiment] = process.argv.slice(2);
await import(pathToFileURL(main).href);
await new Promise((r) => setTimeout(r, 50));
const S = globalThis.__stub;
const win = S.windows[0];
const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
const invoke = (name, payload) => S.handlers.get(`lab:${name}`)(event, payload);
const index = await S.protocols.get('app')(new Request('app://lab/'));
let permission = null;
S.permissionRequest({}, 'media', (granted) => (permission = granted));
const source = { text: readFileSync(experiment, 'utf8'), path: null, datasets: {} };
const out = {
  privileged: S.privileged,
  url: win.url,
  webPreferences: win.options.webPreferences,
  handlers: [...S.handlers.keys()].sort(),
  menus: S.menus,
  index: { status: index.status, type: index.headers.get('content-type'), csp: index.headers.get('content-security-policy') },
  permission,
  validate: await invoke('validate', source),
  bad: await invoke('validate', { text: 1 }),
  start: await invoke('start', source),
};
const deadline = Date.now() + 20_000;
while (!S.sent.some(([c, b]) => c === 'lab:run-events' && b.events.some((e) => e.type === 'state' && e.state === 'completed')) && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 50));
}
out.eventTypes = [...new Set(S.sent.filter(([c]) => c === 'lab:run-events').flatMap(([, b]) => b.events.map((e) => e.type)))].sort();
out.completed = S.sent.some(([c, b]) => c === 'lab:run-events' && b.events.some((e) => e.type === 'state' && e.state === 'completed'));
S.quit = false;
(await import('electron')).app.quit();
await new Promise((r) => setTimeout(r, 200));
out.quit = S.quit;
console.log(JSON.stringify(out));
process.exit(0);
