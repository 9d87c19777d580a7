#!/usr/bin/env node
// The installed command: runs the bundled CLI (built by `npm install` through the "prepare" script).
import { existsSync } from 'node:fs';

const cli = new URL('../out/cli/landscape-lab.mjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('landscape-lab: the CLI is not built; run "npm run build:node" (npm install does it)\n');
  process.exit(70);
}
await import(cli.href);
