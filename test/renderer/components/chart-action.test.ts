import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RestartResult } from '../../../core/experiment/result';
import { ChartQueue } from '../../../renderer/charts/chart-queue';
import { type ChartLike, type ChartParams, FRAME_GAP, HIDDEN_DELAY, STREAM_GAP, bindChart } from '../../../renderer/components/chart-action';
import { fakeClock } from '../charts/fake-clock';
import { fakeRestart } from '../charts/results';

/** A chart that logs what it is asked to do. */
function loggingChart(log: string[]): ChartLike<string> {
  return {
    update: (results, extra) => log.push(`update ${results.length} ${extra}`),
    highlight: (key) => log.push(`highlight ${key === null ? 'none' : key.index}`),
    setSize: (w, h) => log.push(`size ${w}x${h}`),
    setTheme: (theme) => log.push(`theme ${theme}`),
    setScale: (scale) => log.push(`scale ${scale}`),
    dispose: () => log.push('dispose'),
  };
}

/** A chart that leaves three slices of work after each update, logging each call with `mark()` (a task or a time). */
function slicedChart(mark: () => string) {
  const tasks: string[] = [];
  let left = 0;
  const chart: ChartLike<null> = {
    update: () => {
      left = 3;
      tasks.push(`update${mark()}`);
    },
    get pending() {
      return left > 0;
    },
    step: () => {
      left--;
      tasks.push(`step${mark()}`);
    },
    highlight() {},
    setSize() {},
    setTheme() {},
    setScale() {},
    dispose() {},
  };
  return { chart, tasks };
}

/**
 * An observer class as jsdom lacks ResizeObserver and IntersectionObserver: each instance's callback
 * is in `live` from `observe` until `disconnect`, for the test to call.
 */
function fakeObserver<Callback>(live: Set<Callback>) {
  return class {
    constructor(private readonly callback: Callback) {}
    observe() {
      live.add(this.callback);
    }
    unobserve() {}
    disconnect() {
      live.delete(this.callback);
    }
  };
}

/** The test calls these to report a resize, or the chart coming into or going out of view (`scroll`). */
const observers = new Set<() => void>();
const viewers = new Set<(entries: { isIntersecting: boolean }[]) => void>();
const realResizeObserver = globalThis.ResizeObserver;
const realIntersectionObserver = globalThis.IntersectionObserver;
beforeEach(() => {
  observers.clear();
  viewers.clear();
  globalThis.ResizeObserver = fakeObserver(observers) as unknown as typeof ResizeObserver;
  globalThis.IntersectionObserver = fakeObserver(viewers) as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  globalThis.ResizeObserver = realResizeObserver;
  globalThis.IntersectionObserver = realIntersectionObserver;
});
function scroll(inView: boolean) {
  for (const v of viewers) v([{ isIntersecting: inView }]);
}

function setup() {
  const clock = fakeClock();
  const queue = new ChartQueue(clock);
  const log: string[] = [];
  const node = document.createElement('div');
  const results: RestartResult[] = [];
  const params = (over: Partial<ChartParams<string>> = {}): ChartParams<string> => ({
    create: (_el, w, h) => {
      log.push(`create ${w}x${h}`);
      return loggingChart(log);
    },
    results,
    extra: 'configs',
    selected: null,
    theme: 'light',
    scale: 1,
    ...over,
  });
  const action = bindChart(node, params(), queue);
  return { clock, queue, log, node, action, params };
}

describe('chart action', () => {
  it('makes the chart in a task of its own, not while the element is mounted, and fills it in the next', () => {
    const { clock, log, node } = setup();
    expect(log).toEqual([]);
    Object.defineProperty(node, 'clientWidth', { value: 300, configurable: true });
    Object.defineProperty(node, 'clientHeight', { value: 180, configurable: true });
    clock.advance(0);
    expect(log).toEqual(['create 300x180', 'theme light', 'scale 1', 'update 0 configs', 'highlight none']);
    expect(clock.tasks).toBe(2);
  });

  it('makes the chart from the latest parameters when they change before it is made', () => {
    const { clock, log, action, params } = setup();
    action.update(params({ results: [fakeRestart({ index: 0, losses: [1] })], theme: 'dark' }));
    clock.advance(FRAME_GAP);
    expect(log).toEqual(['create 120x100', 'theme dark', 'scale 1', 'update 1 configs', 'highlight none']);
  });

  it('gives a stream of results to the chart at most every STREAM_GAP ms, the latest each time', () => {
    const { clock, log, action, params } = setup();
    clock.advance(0);
    log.length = 0;
    const results: RestartResult[] = [];
    // A result every 10 ms for three gaps: three updates, each with the results of its gap.
    const perGap = STREAM_GAP / 10;
    for (let i = 0; i < 3 * perGap; i++) {
      results.push(fakeRestart({ index: i, losses: [1] }));
      action.update(params({ results: [...results] }));
      clock.advance(10);
    }
    clock.advance(STREAM_GAP);
    expect(log).toEqual([1, 2, 3].map((k) => `update ${k * perGap} configs`));
  });

  it('applies a highlight, theme or scale within a frame, without passing the same results again', () => {
    const { clock, log, action, params } = setup();
    clock.advance(0);
    log.length = 0;
    const selected = { variant: 0, index: 3 };
    action.update(params({ selected }));
    clock.advance(FRAME_GAP - 1);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['highlight 3']);
    action.update(params({ selected, theme: 'dark', scale: 2 }));
    clock.advance(FRAME_GAP);
    expect(log).toEqual(['highlight 3', 'theme dark', 'scale 2']);
  });

  it('resizes the chart in a task of its own, once for many reports', () => {
    const { clock, log, node } = setup();
    clock.advance(0);
    log.length = 0;
    for (const w of [300, 310, 320]) {
      Object.defineProperty(node, 'clientWidth', { value: w, configurable: true });
      Object.defineProperty(node, 'clientHeight', { value: 190, configurable: true });
      for (const o of observers) o();
    }
    expect(log).toEqual([]);
    clock.advance(FRAME_GAP);
    expect(log).toEqual(['size 320x190']);
  });

  it('disposes the chart on destroy and runs nothing for it afterwards', () => {
    const { clock, log, action, params, queue } = setup();
    action.update(params({ results: [fakeRestart({ index: 0, losses: [1] })] }));
    action.destroy();
    clock.advance(1000);
    expect(log).toEqual([]);
    const made = setup();
    made.clock.advance(0);
    made.action.update(made.params({ results: [fakeRestart({ index: 0, losses: [1] })] }));
    made.action.destroy();
    made.clock.advance(1000);
    expect(made.log).toEqual(['create 120x100', 'theme light', 'scale 1', 'update 0 configs', 'highlight none', 'dispose']);
    expect(made.queue.waiting).toBe(0);
    expect([queue.waiting, observers.size, viewers.size]).toEqual([0, 0, 0]);
  });

  it('lets a chart finish left-over work in later tasks, a slice each', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const { chart, tasks } = slicedChart(() => `@${clock.tasks}`);
    bindChart(document.createElement('div'), { create: () => chart, results: [], extra: null, selected: null, theme: 'light', scale: 1 }, queue);
    clock.advance(0);
    expect(tasks).toEqual(['update@2', 'step@3', 'step@4', 'step@5']);
    expect(queue.waiting).toBe(0);
  });

  it('gives a chart out of view new results at most every HIDDEN_DELAY ms, and at once when it comes into view', () => {
    const { clock, log, action, params } = setup();
    clock.advance(0);
    scroll(false);
    log.length = 0;
    const results: RestartResult[] = [];
    let selected: ChartParams<string>['selected'] = null;
    const add = () => {
      results.push(fakeRestart({ index: results.length, losses: [1] }));
      action.update(params({ results: [...results], selected }));
    };
    // Results every 100 ms: out of view, the first waits HIDDEN_DELAY and brings the chart the latest.
    for (let t = 0; t < HIDDEN_DELAY - 100; t += 100) {
      add();
      clock.advance(100);
    }
    expect(log).toEqual([]);
    clock.advance(100);
    expect(log).toEqual([`update ${HIDDEN_DELAY / 100 - 1} configs`]);
    // A highlight out of view waits too; coming into view brings everything within a frame.
    selected = { variant: 0, index: 2 };
    add();
    clock.advance(STREAM_GAP);
    expect(log).toHaveLength(1);
    scroll(true);
    clock.advance(FRAME_GAP);
    expect(log.slice(1)).toEqual([`update ${HIDDEN_DELAY / 100} configs`, 'highlight 2']);
    // In view again: the stream's own gap.
    add();
    clock.advance(STREAM_GAP);
    expect(log.slice(3)).toEqual([`update ${HIDDEN_DELAY / 100 + 1} configs`]);
    expect(clock.now() < HIDDEN_DELAY * 2).toBe(true);
  });

  it('runs nothing for a chart scrolled out of view and back when nothing changed meanwhile', () => {
    const { clock, log } = setup();
    clock.advance(0);
    log.length = 0;
    scroll(false);
    scroll(true);
    clock.advance(HIDDEN_DELAY);
    expect(log).toEqual([]);
  });

  it("pauses a chart's left-over work while it is out of view", () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const { chart, tasks } = slicedChart(() => `@${Math.round(clock.now())}`);
    bindChart(document.createElement('div'), { create: () => chart, results: [], extra: null, selected: null, theme: 'light', scale: 1 }, queue);
    scroll(false);
    clock.advance(0);
    // Made and filled (a chart's first fill is not held back), then one slice per HIDDEN_DELAY.
    expect(tasks).toEqual(['update@0']);
    clock.advance(HIDDEN_DELAY);
    expect(tasks).toEqual(['update@0', `step@${HIDDEN_DELAY}`]);
    scroll(true);
    clock.advance(FRAME_GAP);
    expect(tasks).toEqual(['update@0', `step@${HIDDEN_DELAY}`, `step@${HIDDEN_DELAY + FRAME_GAP}`, `step@${HIDDEN_DELAY + FRAME_GAP}`]);
  });

  it('spreads several charts over separate tasks, making each and filling each in a task of its own', () => {
    const clock = fakeClock();
    const queue = new ChartQueue(clock);
    const tasks: number[] = [];
    const chart: ChartLike<null> = { update: () => tasks.push(clock.tasks), highlight() {}, setSize() {}, setTheme() {}, setScale() {}, dispose() {} };
    for (let i = 0; i < 7; i++) bindChart(document.createElement('div'), { create: () => chart, results: [], extra: null, selected: null, theme: 'light', scale: 1 }, queue);
    clock.advance(0);
    expect(tasks).toEqual([8, 9, 10, 11, 12, 13, 14]);
  });
});
