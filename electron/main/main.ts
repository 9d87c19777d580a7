// The Electron main process's entry (bundled to out/main/main.mjs): hands the real Electron modules,
// the run host and the built files' paths to runApp. Everything else lives in testable modules.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunHost } from '../engine/runs';
import { runApp } from './app';

// out/main/main.mjs -> the project (or packaged app) root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// worker_threads cannot start a script inside app.asar: packaging unpacks out/engine (asarUnpack).
const unpacked = root.endsWith('app.asar') ? `${root}.unpacked` : root;

const started = runApp({
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  session,
  createRunHost,
  paths: {
    preload: join(root, 'out', 'preload', 'preload.cjs'),
    web: join(root, 'dist', 'web'),
    worker: join(unpacked, 'out', 'engine', 'worker.mjs'),
  },
  platform: process.platform,
  argv: process.argv,
  cwd: process.cwd(),
});

started.ready.catch((e: unknown) => {
  dialog.showErrorBox('Landscape Lab could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
