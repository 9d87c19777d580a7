// The desktop app end to end, for machines that have the Electron binary (`npm run test:electron`).
// Where the binary could not be downloaded, these tests are skipped and say why: the same renderer is
// covered in Chromium by web.spec.ts, and the main process's modules by vitest with a fake Electron.
import { _electron as electron, expect, test } from '@playwright/test';
// @ts-expect-error: a plain ES module without type declarations
import { electronBinary } from '../../scripts/electron-check.mjs';

const binary = electronBinary() as { path: string | null; reason: string | null };

test.skip(binary.path === null, `needs the Electron binary: ${binary.reason}`);

test('opens the lab window with the security settings on, runs the default experiment, and quits', async () => {
  const app = await electron.launch({ executablePath: binary.path!, args: ['.'], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } });
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/Landscape Lab/);
    expect(window.url()).toMatch(/^app:\/\/lab\//);
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      const p = w.webContents.getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    await window.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(window.getByRole('status').filter({ hasText: /Completed/ })).toBeVisible({ timeout: 90_000 });
    await window.screenshot({ path: 'test-results/screenshots/electron-main.png' });
  } finally {
    await app.close();
  }
});
