// End-to-end tests of the web edition in Debian's Chromium (never a downloaded browser). WebGL runs
// on SwiftShader (software): the flags below are the ones that proved stable (see shared notes),
// without --disable-gpu, so that the browser composites on its GPU process as it does on a machine
// with a GPU (with software compositing every frame read the WebGL canvas back, holding the page
// 80-100 ms), and with 2-D canvases unaccelerated (accelerated on SwiftShader, the charts' frames
// took up to 1.2 s). Chromium's spare renderer is off: a browser just launched hands the first page
// its spare renderer, which it started at background priority, and a renderer once backgrounded runs
// a one-off reclaim of all its allocator's memory 10 s later (partition_alloc_support.cc), which then
// landed in the load test's run (a task of 10-20 ms of work, up to 64 ms of wall time). A user's tab
// meets that only if opened within 10 s of its renderer's start. See docs/reliability.md, "Load".
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.PLAYWRIGHT_PORT ?? 4317);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: /.*\.spec\.ts/,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-quic',
        '--disable-accelerated-2d-canvas',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-features=SpareRendererForSitePerProcess',
      ],
    },
  },
  projects: [{ name: 'web', testIgnore: /electron\.spec\.ts/ }, { name: 'electron', testMatch: /electron\.spec\.ts/ }],
  webServer: {
    command: `node scripts/serve-web.mjs --root dist/web --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
