// The web edition in Debian's Chromium: loads cleanly, runs the default experiment, draws it, and
// validates what is typed. Screenshots go to test-results/screenshots for a person to look at.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';

/** Collects console errors and uncaught page errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Collects the page's Content Security Policy violations (a blocked WebAssembly compile is one), from before its scripts run. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** The restarts field (a number field, or a text field while typing). */
const restartsField = (page: Page) => page.getByRole('spinbutton', { name: 'Restarts', exact: true }).or(page.getByRole('textbox', { name: 'Restarts', exact: true }));

/**
 * Does `action`, which starts a new run while the last one shows as completed, and returns once the
 * run bar's status has left "Completed" (watched in the page, so that a short run cannot slip between
 * two polls).
 */
async function afterNewRun(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => {
    const status = document.querySelector('.runbar [role=status]')!;
    (window as unknown as { newRun: Promise<void> }).newRun = new Promise<void>((resolve) => {
      const watch = new MutationObserver(() => {
        if (!status.textContent!.includes('Completed')) {
          watch.disconnect();
          resolve();
        }
      });
      watch.observe(status, { subtree: true, childList: true, characterData: true });
    });
  });
  await action();
  await page.evaluate(() => (window as unknown as { newRun: Promise<void> }).newRun);
}

async function runToEnd(page: Page) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Completed/ })).toBeVisible({ timeout: 90_000 });
}

test('loads with no console errors and names its controls', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await expect(restartsField(page)).toBeVisible();
  await page.waitForTimeout(500);
  expect(errors).toEqual([]);
});

test('runs the default experiment to completion; the table, charts and view fill', async ({ page }) => {
  const errors = watchErrors(page);
  // The page's policy lets the network's WebAssembly kernels compile (the decision boundary runs them)
  // and nothing else is blocked: with script-src 'self' alone, the kernels' compile was a violation.
  const violations = await watchCsp(page);
  await page.goto('/');
  const canvas = page.getByRole('img', { name: /landscape/i });
  const size = await canvas.boundingBox();
  await runToEnd(page);
  // A PCA plane: its note says why paths can lie under the surface, over the canvas (which keeps its size).
  await expect(page.getByText("PCA plane: ")).toBeVisible();
  await expect(page.getByText(/each path is drawn at its restart's own loss, off the plane, so it can lie under the surface/)).toBeVisible();
  await expect(canvas).toHaveAccessibleDescription(/PCA plane: \d+% of the paths' variance\. The surface is the loss on this plane;.*under the surface/);
  expect(await canvas.boundingBox()).toEqual(size);
  await expect(canvas).not.toHaveAttribute('aria-busy', 'true');
  const restarts = Number(await restartsField(page).inputValue());
  await expect(page.getByRole('table', { name: 'Restarts' }).locator('tbody tr')).toHaveCount(restarts);
  for (const name of ['Loss curves', 'Final loss by configuration', 'Success rate against restarts']) {
    await expect(page.getByRole('figure', { name })).toBeVisible();
  }
  await page.screenshot({ path: `${SHOTS}/main-screen.png` });
  // The decision boundary, below the fold: scrolled to, it evaluates the network on the page.
  const boundary = page.getByRole('figure', { name: 'Decision boundary' });
  await boundary.scrollIntoViewIfNeeded();
  await expect(boundary.getByRole('img')).toHaveAccessibleName(/^Decision boundary of restart \d+ over the data's two features: class 0 \d+%, class 1 \d+% of the area/);
  expect(errors).toEqual([]);
  expect(await violations()).toEqual([]);
});

test('the canvas is not blank, and changes when a restart is highlighted', async ({ page }) => {
  await page.goto('/');
  await runToEnd(page);
  const canvas = page.getByRole('img', { name: /landscape/i });
  await page.waitForTimeout(300);
  const before = await canvas.screenshot();
  const blank = await page.evaluate(() => {
    const c = document.querySelector('canvas.landscape') as HTMLCanvasElement;
    const gl = c.getContext('webgl2') as WebGL2RenderingContext;
    const px = new Uint8Array(4 * 64 * 64);
    gl.readPixels(Math.floor(c.width / 2) - 32, Math.floor(c.height / 2) - 32, 64, 64, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const distinct = new Set<number>();
    for (let i = 0; i < px.length; i += 4) distinct.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
    return distinct.size;
  });
  expect(blank).toBeGreaterThan(8);
  await page.getByRole('table', { name: 'Restarts' }).locator('tbody tr').first().click();
  await page.waitForTimeout(300);
  const after = await canvas.screenshot();
  expect(Buffer.compare(before, after)).not.toBe(0);
  await page.screenshot({ path: `${SHOTS}/highlighted.png` });
  // The top-down contour view draws something else again.
  await page.getByRole('checkbox', { name: 'Contours' }).check();
  await page.getByRole('checkbox', { name: 'Top-down' }).check();
  await page.waitForTimeout(300);
  const top = await canvas.screenshot();
  expect(Buffer.compare(after, top)).not.toBe(0);
  await page.screenshot({ path: `${SHOTS}/top-down-contours.png` });
});

test('a bad value shows its error beside the field, and fixing it clears it', async ({ page }) => {
  await page.goto('/');
  const restarts = restartsField(page);
  await restarts.fill('0');
  await expect(restarts).toHaveAttribute('aria-invalid', 'true');
  await expect(restarts).toHaveAccessibleDescription(/>= 1|at least 1/);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/field-error.png` });
  await restarts.fill('6');
  await expect(restarts).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test('a function search: pick it in the panel, run it, pause and resume, and export its trajectories', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByLabel('Problem type').selectOption('function');
  await page.getByLabel('Function', { exact: true }).selectOption('himmelblau');
  await page.getByLabel('Search', { exact: true }).selectOption('simulated_annealing');
  await page.getByRole('spinbutton', { name: 'Steps', exact: true }).or(page.getByRole('textbox', { name: 'Steps', exact: true })).fill('5000');
  await restartsField(page).fill('40');
  // The run takes a few hundred milliseconds, less than Playwright's round trip from one click to the
  // next may: Pause is pressed from the page, as soon as it is enabled.
  await page.evaluate(async () => {
    const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
    button('Run').click();
    while (button('Pause').disabled) await new Promise((resolve) => setTimeout(resolve, 0));
    button('Pause').click();
  });
  await expect(page.getByRole('status').filter({ hasText: /Paused/ })).toBeVisible();
  // Restarts that finished before the pause may still be on their way (a worker posts a group's
  // results when it holds, at most RESULTS_INTERVAL_MS late): let them land, then nothing may change.
  const rows = page.getByRole('table', { name: 'Restarts' }).locator('tbody tr');
  await page.waitForTimeout(300);
  const held = await rows.count();
  expect(held).toBeLessThan(40);
  await page.waitForTimeout(800);
  expect(await rows.count()).toBe(held);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Completed/ })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('table', { name: 'Restarts' }).locator('tbody tr')).toHaveCount(40);
  await expect(page.getByRole('img', { name: /landscape: domain slice/i })).toBeVisible();
  // A function's paths lie on its domain's surface: no note about a plane.
  await expect(page.getByText(/under the surface/)).toHaveCount(0);
  await expect(page.getByRole('img', { name: /landscape: domain slice/i })).not.toHaveAttribute('aria-describedby');
  // The paths are built over a few tasks after the surface; the canvas is aria-busy until they are drawn.
  await expect(page.getByRole('img', { name: /landscape: domain slice/i })).not.toHaveAttribute('aria-busy', 'true');
  await page.screenshot({ path: `${SHOTS}/function-search.png` });

  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const first = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: /Trajectories CSV/ }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  const csv = await first;
  const text = await (await import('node:fs/promises')).readFile((await csv.path())!, 'utf8');
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('restart,seed,step,epoch,loss,accuracy,grad_norm,x1,x2');
  // Every record of every restart, though the window draws only every 3rd: exports come from the full records.
  expect(lines).toHaveLength(1 + 40 * 5001);
  await expect.poll(() => downloads.length).toBeGreaterThanOrEqual(4);
  expect(downloads).toEqual(expect.arrayContaining(['trajectories.csv', 'run.json', 'summary.json', 'landscape.json']));
  expect(errors).toEqual([]);
});

test('exports the view as a PNG of the chosen size and the scene as a .glb that three.js can load', async ({ page }) => {
  await page.goto('/');
  await runToEnd(page);
  const fs = await import('node:fs/promises');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: 'Image (PNG)' }).check();
  await dialog.getByLabel('Resolution').selectOption('1920x1080');
  const pngDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const png = await fs.readFile((await (await pngDownload).path())!);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1920, 1080]);
  await expect(dialog.getByRole('status')).toContainText('Saved landscape-1920x1080.png');
  // The dialog stays open for another export.
  await dialog.getByRole('radio', { name: '3-D scene (.glb)' }).check();
  const glbDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const glb = await fs.readFile((await (await glbDownload).path())!);
  expect(glb.subarray(0, 4).toString('latin1')).toBe('glTF');
  const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
  const buffer = glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength);
  const gltf = await new Promise<{ scene: { getObjectByName(n: string): unknown } }>((resolve, reject) => new GLTFLoader().parse(buffer, '', resolve as never, reject));
  expect(gltf.scene.getObjectByName('surface')).toBeTruthy();
  const names: string[] = [];
  (gltf.scene as unknown as { traverse(f: (o: { name: string }) => void): void }).traverse((o) => names.push(o.name));
  // three's loader turns spaces in node names into underscores.
  expect(names.filter((n) => /^restart_\d+_path$/.test(n))).toHaveLength(12);
});

test('every built-in lesson loads, and every scene runs to completion; N moves to the next scene', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const chooser = page.getByRole('combobox', { name: 'Lesson', exact: true });
  await expect(chooser.locator('option')).toHaveCount(6);
  const count = 6;
  let scenes = 0;
  for (let l = 0; l < count; l++) {
    // A scene shown runs its experiment; until that run starts, the status still says the last run
    // completed: wait for it to change first, so that what is checked is the new scene's run.
    if (l === 0) await chooser.selectOption('0');
    else await afterNewRun(page, () => chooser.selectOption(String(l)));
    for (;;) {
      await expect(page.getByRole('status').filter({ hasText: /Completed/ })).toBeVisible({ timeout: 90_000 });
      scenes++;
      if (l === 3 && (await page.locator('section.lesson h3').textContent()) === 'Small random weights') {
        // The charts the scene names are links: the symmetry meter, below the fold here, comes into view.
        const meter = page.getByRole('figure', { name: 'Symmetry meter' });
        await expect(meter).not.toBeInViewport();
        await page.locator('section.lesson').getByRole('button', { name: 'symmetry meter' }).click();
        await expect(meter).toBeInViewport({ ratio: 0.9 });
        await page.screenshot({ path: `${SHOTS}/lesson-why-not-zeros.png` });
      }
      const next = page.getByRole('button', { name: 'Next scene' });
      if (await next.isDisabled()) break;
      const before = await page.locator('section.lesson h3').textContent();
      await afterNewRun(page, () => page.locator('body').press('n'));
      await expect(page.locator('section.lesson h3')).not.toHaveText(before!);
    }
  }
  expect(scenes).toBeGreaterThanOrEqual(12);
  expect(errors).toEqual([]);
});

test('presentation mode at 1920x1080: large type, the view large, keys; screenshots in both themes', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/');
  await runToEnd(page);
  const normalSize = await page.locator('.app').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await page.getByRole('button', { name: 'Presentation' }).click();
  const bigSize = await page.locator('.app').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(bigSize).toBeGreaterThanOrEqual(2 * normalSize);
  // Nothing a class does not need: the experiment panel and the file buttons are gone.
  await expect(page.getByRole('complementary', { name: 'Experiment' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'File' })).toBeHidden();
  const view = await page.getByRole('img', { name: /landscape/i }).boundingBox();
  expect(view!.width).toBeGreaterThan(1000);
  // The charts one above the other at double type (side by side, each was too narrow for its axes' labels).
  const curves = (await page.getByRole('figure', { name: 'Loss curves' }).boundingBox())!;
  const finals = (await page.getByRole('figure', { name: 'Final loss by configuration' }).boundingBox())!;
  expect([finals.x, finals.y > curves.y + curves.height - 1]).toEqual([curves.x, true]);
  await page.getByRole('button', { name: 'Light theme' }).or(page.getByRole('button', { name: 'Dark theme' })).first().focus();
  await page.locator('body').click({ position: { x: 5, y: 1075 } });
  // Space plays the paths; the arrows step them.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByText(/record \d+ of \d+/)).toHaveText(/record (\d+) of \1|record \d+ of \d+/);
  const dark = await page.locator('.app').evaluate((el) => el.classList.contains('dark'));
  // Native controls follow the theme (on the dark one they were white squares).
  await expect(page.getByLabel('Log height')).toHaveCSS('color-scheme', dark ? 'dark' : 'light');
  await page.screenshot({ path: `${SHOTS}/presentation-${dark ? 'dark' : 'light'}-1920x1080.png` });
  await page.getByRole('button', { name: dark ? 'Light theme' : 'Dark theme' }).click();
  await expect(page.getByLabel('Log height')).toHaveCSS('color-scheme', dark ? 'light' : 'dark');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/presentation-${dark ? 'light' : 'dark'}-1920x1080.png` });
  // R adds a restart and runs again: the first 12 come back identical, one more joins them.
  // The final loss: the second column, as the presentation layout leaves the seeds out.
  const firstLoss = await page.getByRole('table', { name: 'Restarts' }).locator('tbody tr').first().locator('td').nth(1).textContent();
  await page.locator('body').press('r');
  await expect(page.getByRole('status').filter({ hasText: /Completed: 13 of 13/ })).toBeVisible({ timeout: 90_000 });
  expect(await page.getByRole('table', { name: 'Restarts' }).locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(firstLoss);
  await page.locator('body').press('Escape');
  await expect(page.getByRole('complementary', { name: 'Experiment' })).toBeVisible();
});

/** How many of the restarts table's rows show whole, below its header and within the side column. */
async function rowsInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const box = document.querySelector('.side .table .scroll')!;
    const view = box.getBoundingClientRect();
    const top = Math.max(view.top, box.querySelector('thead')!.getBoundingClientRect().bottom);
    const bottom = Math.min(view.top + box.clientHeight, document.querySelector('.side')!.getBoundingClientRect().bottom);
    return [...box.querySelectorAll('tbody tr.row')].filter((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= top - 0.5 && r.bottom <= bottom + 0.5;
    }).length;
  });
}

test('the restarts table: plain column headers that sort from the keyboard, and more rows in presentation layout', async ({ page }) => {
  await page.goto('/');
  await runToEnd(page);
  const table = page.getByRole('table', { name: 'Restarts' });
  const header = (name: RegExp) => table.getByRole('columnheader', { name });
  const sort = (name: RegExp) => table.getByRole('button', { name });
  const shot = async (layout: string) => {
    const dark = await page.locator('.app').evaluate((el) => el.classList.contains('dark'));
    await page.locator('.side').screenshot({ path: `${SHOTS}/restarts-table-${layout}-${dark ? 'dark' : 'light'}.png` });
  };
  for (const layout of ['normal', 'presentation']) {
    if (layout === 'presentation') await page.getByRole('button', { name: 'Presentation' }).click();
    // In presentation layout the seed column is left out, so that the rest fit the side column at double type.
    const seeds = layout === 'normal';
    await expect(header(/Seed/)).toHaveCount(seeds ? 1 : 0);
    // Headers, not boxed buttons: the window's button style (border, background) does not reach them.
    for (const name of seeds ? [/Restart/, /Seed/, /Final loss/] : [/Restart/, /Final loss/]) {
      await expect(sort(name)).toHaveCSS('border-top-style', 'none');
      await expect(sort(name)).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
    }
    // Every column in view, none cut off at the side column's edge.
    const right = await page.locator('.side .table .scroll').evaluate((box) => box.getBoundingClientRect().left + box.clientWidth);
    const basin = (await header(/Basin/).boundingBox())!;
    expect(basin.x + basin.width).toBeLessThanOrEqual(right + 0.5);
    // From the keyboard, with a focus ring: Tab to a header, Enter sorts, again reverses.
    await sort(seeds ? /Seed/ : /Restart/).focus();
    await page.keyboard.press('Tab');
    await expect(sort(/Final loss/)).toBeFocused();
    await expect(sort(/Final loss/)).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Enter');
    await expect(header(/Final loss/)).toHaveAttribute('aria-sort', 'ascending');
    await page.keyboard.press('Enter');
    await expect(header(/Final loss/)).toHaveAttribute('aria-sort', 'descending');
    await shot(layout);
    await sort(/Restart/).click();
    await expect(header(/Restart/)).toHaveAttribute('aria-sort', 'ascending');
  }
  // At 1600×1000 in presentation layout the table of 12 restarts showed 6 rows; at half the window's height, 10 or more.
  await expect.poll(() => rowsInView(page)).toBeGreaterThanOrEqual(10);
  // The charts follow below it, in view.
  const charts = await page.getByRole('figure', { name: 'Loss curves' }).boundingBox();
  expect(charts!.y).toBeLessThan(1000 - 200);
  await page.getByRole('button', { name: 'Dark theme' }).or(page.getByRole('button', { name: 'Light theme' })).click();
  await shot('presentation');
});

test('a virtual table (200 restarts) in presentation layout: End and Home reach the last and first rows', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Problem type').selectOption('function');
  await page.getByLabel('Function', { exact: true }).selectOption('himmelblau');
  await restartsField(page).fill('200');
  await runToEnd(page);
  await page.getByRole('button', { name: 'Presentation' }).click();
  const rows = page.getByRole('table', { name: 'Restarts' }).locator('tbody tr.row');
  // Rows twice as high in a taller box: the rows drawn still fill it.
  await expect.poll(() => rowsInView(page)).toBeGreaterThanOrEqual(10);
  await rows.first().focus();
  await page.keyboard.press('End');
  await expect(page.locator('tbody tr.row:focus td').first()).toHaveText('199');
  // Wholly in view (the table is wider than the side column here, so only its height is checked).
  const focusedInView = () =>
    page.evaluate(() => {
      const box = document.querySelector('.side .table .scroll')!;
      const r = document.activeElement!.getBoundingClientRect();
      return r.top >= box.querySelector('thead')!.getBoundingClientRect().bottom - 0.5 && r.bottom <= box.getBoundingClientRect().top + box.clientHeight + 0.5;
    });
  expect(await focusedInView()).toBe(true);
  await page.keyboard.press('Home');
  await expect(page.locator('tbody tr.row:focus td').first()).toHaveText('0');
  expect(await focusedInView()).toBe(true);
});

test('on a random plane too, the note says why paths can lie under the surface', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Plane', { exact: true }).selectOption('random');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).or(page.getByRole('textbox', { name: 'Epochs', exact: true })).fill('20');
  await runToEnd(page);
  await expect(page.getByRole('img', { name: /Loss landscape: random slice/ })).toBeVisible();
  await expect(page.getByText(/each path is drawn at its restart's own loss, off the plane, so it can lie under the surface/)).toBeVisible();
  await expect(page.getByText('PCA plane: ')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/random-plane.png` });
});

test('a corrupted or foreign file (experiment, lesson, CSV) is refused with what is wrong, and the session stays as it was', async ({ page }) => {
  await page.goto('/');
  await restartsField(page).fill('7');
  const openWith = async (button: ReturnType<Page['getByRole']>, name: string, text: string) => {
    const chooser = page.waitForEvent('filechooser');
    await button.click();
    await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) });
  };
  const open = page.getByRole('button', { name: 'Open…' });
  const alert = page.getByRole('alert');

  await openWith(open, 'broken.landscape', '{"format": "landscape-lab/experiment@1", "restarts": ');
  await expect(alert).toContainText('Cannot open');
  await expect(alert).toContainText('line 1');
  await expect(restartsField(page)).toHaveValue('7');

  await openWith(open, 'foreign.json', JSON.stringify({ name: 'a shopping list', items: ['eggs'] }));
  await expect(alert).toContainText('foreign.json is not a valid experiment');
  await expect(restartsField(page)).toHaveValue('7');

  await openWith(open, 'bad.lesson.json', JSON.stringify({ format: 'landscape-lab/lesson@1', title: 'x', scenes: [{ title: 's', text: 't', look: 'l', experiment: { format: 'landscape-lab/experiment@1', restarts: 0, problem: { type: 'function', function: { name: 'sphere' } } } }] }));
  await expect(alert).toContainText('scenes[0].experiment.restarts');
  await expect(restartsField(page)).toHaveValue('7');
  await expect(page.getByRole('button', { name: 'Next scene' })).toHaveCount(0);

  await page.getByLabel('Dataset', { exact: true }).selectOption('csv');
  await openWith(page.getByRole('button', { name: /CSV file/ }), 'ragged.csv', 'x1,x2,y\n1,2,0\n3,4\n');
  await expect(alert).toContainText('Cannot use ragged.csv');
  await expect(alert).toContainText('line 3');
  await page.screenshot({ path: `${SHOTS}/refused-file.png` });
});

test('records the playback as a WebM video', async ({ page }) => {
  await page.goto('/');
  await runToEnd(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: 'Video (WebM)' }).check();
  await dialog.getByLabel('Length').selectOption({ index: 0 });
  const download = page.waitForEvent('download', { timeout: 90_000 });
  await dialog.getByRole('button', { name: 'Save' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('playback.webm');
  const bytes = await (await import('node:fs/promises')).readFile((await file.path())!);
  // An EBML header (every WebM file starts with it), and more than a header's worth of frames.
  expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  expect(bytes.length).toBeGreaterThan(10_000);
});

test('the address holds the experiment (a link opens it elsewhere), and a session lost in a crash is offered back', async ({ page, context, browser }) => {
  await page.goto('/');
  await restartsField(page).fill('9');
  await expect(page).toHaveURL(/#e=1\./);
  const link = page.url();
  // Saved at most 2 s after a change; then the page dies without closing normally.
  await page.waitForTimeout(2600);
  await page.close({ runBeforeUnload: false });

  const again = await context.newPage();
  await again.goto('/');
  await expect(again.getByRole('alert')).toContainText('did not close normally');
  await again.getByRole('button', { name: 'Restore it' }).click();
  await expect(restartsField(again)).toHaveValue('9');

  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(link);
  await expect(restartsField(elsewhere)).toHaveValue('9');
  await elsewhere.goto(link.replace(/#e=1\..*/, '#e=1.not-base64!'));
  await elsewhere.reload();
  await expect(elsewhere.getByRole('alert')).toContainText("The link's experiment cannot be opened");
});

test('a learning rate far too high makes restarts diverge: marked in the table, nothing crashes, the rest of the window works', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  // Unbounded units (leaky ReLU) let a huge step overflow; bounded ones (tanh) only saturate.
  await page.getByLabel('Activation', { exact: true }).selectOption('leaky_relu');
  await page.getByRole('spinbutton', { name: 'Learning rate', exact: true }).or(page.getByRole('textbox', { name: 'Learning rate', exact: true })).fill('1000000');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).or(page.getByRole('textbox', { name: 'Epochs', exact: true })).fill('20');
  await runToEnd(page);
  const rows = page.getByRole('table', { name: 'Restarts' }).locator('tbody tr');
  await expect(rows).toHaveCount(12);
  await expect(rows.filter({ hasText: '✕ diverged' })).toHaveCount(12);
  await expect(page.getByRole('status').filter({ hasText: /Completed: 12 of 12/ })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Loss curves' })).toBeVisible();
  // No blank view: the slice through the finite part of the paths, or a sentence saying why there is none.
  await expect(page.getByRole('img', { name: /Loss landscape: pca slice/ }).or(page.getByText(/The landscape could not be drawn: landscape\.plane:/))).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/diverged.png` });
  expect(errors).toEqual([]);
});

test('a message that is not an error goes after 10 s; an error stays until dismissed', async ({ page }) => {
  // The page's clock is Playwright's: time flows as usual, and fastForward jumps it ahead.
  await page.clock.install();
  await page.goto('/');
  const openFile = async (name: string, text: string) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  };
  const opened = page.locator('.messages').getByRole('status').filter({ hasText: 'Opened small.landscape' });
  const experiment = { format: 'landscape-lab/experiment@1', name: 'small', seed: 's', restarts: 3, problem: { type: 'function', function: { name: 'sphere' } } };
  await openFile('small.landscape', JSON.stringify(experiment));
  await expect(opened).toBeVisible();
  await page.clock.fastForward(9_000);
  await expect(opened).toBeVisible();
  await page.clock.fastForward(1_500);
  // A short wait: with the default one, time flowing as usual would reach a longer delay too.
  await expect(opened).toHaveCount(0, { timeout: 1_000 });

  await openFile('broken.landscape', '{"format": ');
  const error = page.locator('.messages').getByRole('alert').filter({ hasText: 'Cannot open' });
  await expect(error).toBeVisible();
  await page.clock.fastForward(60_000);
  await expect(error).toBeVisible();
  await error.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(error).toHaveCount(0);
});

test('a second press of Run while a run is starting does nothing: one start reaches the run host', async ({ page }) => {
  // Counts the start requests the page sends its host worker (web-api.ts posts { type: 'call', name }).
  await page.addInitScript(() => {
    const w = window as unknown as { __starts: number };
    w.__starts = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'call' && (message as { name?: unknown }).name === 'start') w.__starts++;
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  await page.clock.install();
  await page.goto('/');
  await restartsField(page).fill('4');
  // With the page's clock paused, the start waits for its next task (renderer/next-task.ts) while Run is pressed again.
  await page.clock.pauseAt(Date.now() + 60_000);
  const runButton = page.getByRole('button', { name: 'Run', exact: true });
  await runButton.click();
  await runButton.click({ force: true });
  await page.clock.resume();
  await expect(page.getByRole('status').filter({ hasText: /Completed/ })).toBeVisible({ timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { __starts: number }).__starts)).toBe(1);
});
