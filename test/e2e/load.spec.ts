// The load test of the web edition: 256 restarts of a small network, every update recorded with its
// parameters, run in Chromium with the page's main thread traced. The bar (issue 8) is that the main
// thread is never blocked for more than 50 ms: every task it runs counts, read from a Chromium trace
// (main-thread-tasks.ts), garbage collection and the browser's own tasks included, not only the
// script and rendering tasks the longtask API reports. On this 2-core machine with no GPU (WebGL and
// the browser's compositing both on SwiftShader, which takes most of the core the training worker
// leaves) a task's wall time is about twice its work: docs/reliability.md has the figures. A run
// fails with a task over CEILING_MS, with more than MOST_OVER_BAR tasks over the bar, or with any task
// doing more than the bar's 50 ms of work (time on a core, whatever the wait); every task
// over the bar is printed with where it was posted from, and with its work: the main thread's time on
// a core during the task (the trace's thread time), so that waiting shows apart from the lab's own work.
// Where the long tasks come from: LOAD_PROFILE=file.cpuprofile writes a CPU profile of the page,
// LOAD_TRACE=file.json keeps the trace (with LOAD_TRACE_CATEGORIES, or the devtools timeline's),
// LOAD_LOG=1 prints the page's console.
// On Linux it also prints how long the page's main thread ran and waited for a core (/proc schedstat).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { mainThreadTasks, type MainThreadTask, type TraceEvent } from './main-thread-tasks';

const SHOTS = 'test-results/screenshots';

/** 256 restarts × 701 records × 33 parameters: about 180,000 records and 6 million recorded numbers. */
const LOAD_EXPERIMENT = {
  format: 'landscape-lab/experiment@1',
  name: 'Load test: 256 restarts of a small network',
  seed: 'load',
  restarts: 256,
  problem: {
    type: 'network',
    dataset: { kind: 'moons', samples: 200, noise: 0.1 },
    model: { hidden: [8], activation: 'tanh' },
    optimizer: { name: 'sgd', learningRate: 0.3, momentum: 0.9, batchSize: 32, epochs: 100 },
  },
  record: { every: 1, params: 'all' },
  landscape: { plane: 'pca', resolution: 49 },
};

/** A task longer than this blocks the page (the issue's bar). */
const BAR_MS = 50;
/** No task of a run, training or drawing the landscape, may be longer than this here (see above). */
const CEILING_MS = 100;
/**
 * Tasks over the bar a run may have here, training and drawing together (see above): one, a task of
 * the page's ordinary work (at most 16 ms of it in any run measured) stretched by waiting for a core.
 */
const MOST_OVER_BAR = 1;

/** The user-timing marks the trace is read by: Run pressed, and training over (the status turns to drawing the landscape). */
const RUN_MARK = 'load-spec-run';
const TRAINED_MARK = 'load-spec-trained';
/** Traced in every run: the main thread's tasks, and the two marks. */
const TRACED = ['toplevel', 'blink.user_timing'];
/** Traced as well with LOAD_TRACE, unless LOAD_TRACE_CATEGORIES names others. */
const TIMELINE = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];

/** Installed before the page's own scripts: marks when training ended (the status turns to drawing the landscape). */
function markTrained(mark: string) {
  new MutationObserver(() => {
    if (performance.getEntriesByName(mark, 'mark').length === 0 && [...document.querySelectorAll('[role=status]')].some((e) => e.textContent?.includes('Drawing the landscape'))) performance.mark(mark);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/**
 * The page's main thread's time on a core and waiting for one, in ms, from Linux's /proc schedstat
 * (null elsewhere): the page is the renderer process that has used the most CPU, and its main thread
 * has the process's id. A task's wall time is both: when the page waits as long as it runs, a task of
 * 10 ms of work takes about 20 ms, and more in a burst (docs/reliability.md).
 */
function pageThreadTimes(): { ran: number; waited: number } | null {
  let best: { cpu: number; ran: number; waited: number } | null = null;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || cmd.includes('--extension-process')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpu = Number(fields[11]) + Number(fields[12]);
      const [ran, waited] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map((n) => Number(n) / 1e6);
      if (best === null || cpu > best.cpu) best = { cpu, ran: ran!, waited: waited! };
    } catch {
      // A process that ended meanwhile, or a system without schedstat.
    }
  }
  return best === null ? null : { ran: best.ran, waited: best.waited };
}

async function openExperiment(page: Page, text: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'load.landscape', mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('256 restarts with every update recorded: how long the page is blocked while training and while the landscape is drawn', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (process.env.LOAD_LOG) console.log(`page: ${m.text()}`);
  });
  await page.addInitScript(markTrained, TRAINED_MARK);
  await page.goto('/');
  await openExperiment(page, JSON.stringify(LOAD_EXPERIMENT));
  await expect(page.getByRole('spinbutton', { name: 'Restarts', exact: true }).or(page.getByRole('textbox', { name: 'Restarts', exact: true }))).toHaveValue('256');
  // Let the page settle after opening the file (first shader compiles and the like are not the run).
  await page.waitForTimeout(1500);
  // Playwright sets up its script in the page's world at the first waitForFunction (20-35 ms of the
  // page's thread): done here, before the run, so that the harness is not counted against the lab.
  await page.waitForFunction(() => true);
  const cdp = process.env.LOAD_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const extra = process.env.LOAD_TRACE ? (process.env.LOAD_TRACE_CATEGORIES?.split(',') ?? TIMELINE) : [];
  await page.context().browser()!.startTracing(page, { categories: [...new Set([...TRACED, ...extra])] });
  // Run is pressed as a person presses it, a mouse click at its centre: a locator's click also runs
  // Playwright's hit-target check in the page (elementsFromPoint and listeners of its own), in the
  // click's task, which would be counted against the lab (up to 64 ms of wall time in a trace).
  const box = await page.getByRole('button', { name: 'Run', exact: true }).boundingBox();
  expect(box).not.toBeNull();
  const from = await page.evaluate((name) => performance.mark(name).startTime, RUN_MARK);
  const before = pageThreadTimes();
  let early: ReturnType<typeof pageThreadTimes> = null;
  const earlyTimer = setTimeout(() => (early = pageThreadTimes()), 2000);
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
  // Waited for with a cheap check: Playwright's role queries walk the whole page on its main thread,
  // which would be counted against the page.
  await page.waitForFunction(() => [...document.querySelectorAll('[role=status]')].some((e) => e.textContent?.includes('Completed: 256 of 256')), null, { polling: 1000, timeout: 240_000 });
  const after = pageThreadTimes();
  clearTimeout(earlyTimer);
  console.log(`completed after ${Math.round((await page.evaluate(() => performance.now())) - from)} ms`);
  if (before !== null && after !== null) {
    const span = (a: { ran: number; waited: number }, b: { ran: number; waited: number }) => `${Math.round(b.ran - a.ran)} ms on a core, ${Math.round(b.waited - a.waited)} ms waiting for one`;
    const first = early as ReturnType<typeof pageThreadTimes>;
    console.log(`page's main thread (/proc schedstat), Run to completed: ${span(before, after)}${first === null ? '' : `; first 2 s: ${span(before, first)}`}`);
  }
  await page.waitForTimeout(3000);
  const trace = await page.context().browser()!.stopTracing();
  if (process.env.LOAD_TRACE) writeFileSync(process.env.LOAD_TRACE, trace);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.LOAD_PROFILE!, JSON.stringify(profile));
  }
  const { tasks: all, phaseAt } = mainThreadTasks((JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents, RUN_MARK, TRAINED_MARK);
  const tasks = all.filter((t) => t.start >= 0);
  const trainedMarks = await page.evaluate((name) => performance.getEntriesByName(name, 'mark').length, TRAINED_MARK);
  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null);
  await expect(page.getByRole('img', { name: /Loss landscape: pca slice/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/load-256.png` });
  const trained = phaseAt ?? Infinity;
  const training = tasks.filter((t) => t.start < trained && t.duration > BAR_MS);
  const drawing = tasks.filter((t) => t.start >= trained);
  // Each task as [ms from Run, ms of wall time, ms of work (on a core), posted from].
  const row = (t: MainThreadTask) => [Math.round(t.start), Math.round(t.duration), t.work === null ? null : Math.round(t.work * 10) / 10, t.source];
  const over = (ts: MainThreadTask[]) => JSON.stringify(ts.filter((t) => t.duration > BAR_MS).map(row));
  console.log(`training took ${Math.round(trained)} ms: ${training.length} tasks over ${BAR_MS} ms ${over(training)}; drawing the landscape: ${drawing.filter((t) => t.duration > BAR_MS).length}, longest ${Math.max(0, ...drawing.map((t) => t.duration)).toFixed(0)} ms ${over(drawing)}`);
  const longest = [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5);
  console.log(`main-thread tasks from Run: ${tasks.length}; the longest five [ms from Run, ms, ms of work, posted from]: ${JSON.stringify(longest.map(row))}`);
  const busiest = [...tasks].sort((a, b) => (b.work ?? 0) - (a.work ?? 0))[0];
  const sum = (f: (t: MainThreadTask) => number) => Math.round(tasks.reduce((n, t) => n + f(t), 0));
  if (busiest?.work != null) console.log(`the most work in one task: ${JSON.stringify(row(busiest))}; all tasks: ${sum((t) => t.duration)} ms of wall time, ${sum((t) => t.work ?? 0)} ms of work`);
  console.log(`page heap: ${heap === null ? 'n/a' : (heap / 2 ** 20).toFixed(1)} MiB`);
  expect(errors).toEqual([]);
  expect(trainedMarks).toBe(1);
  expect(phaseAt).not.toBeNull();
  expect(tasks.filter((t) => t.duration > CEILING_MS).map((t) => Math.round(t.duration))).toEqual([]);
  expect(tasks.filter((t) => t.duration > BAR_MS).length).toBeLessThanOrEqual(MOST_OVER_BAR);
  // The lab's own work is held to the bar with no exception: no task may do more than BAR_MS of work,
  // whatever the machine's contention adds to its wall time (the trace must carry thread time for this).
  expect(tasks.filter((t) => t.work === null).length).toBe(0);
  expect(tasks.filter((t) => t.work! > BAR_MS).map(row)).toEqual([]);
});
