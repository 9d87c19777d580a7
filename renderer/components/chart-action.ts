// A Svelte action that owns one chart object (renderer/charts): creates it at the element's size,
// feeds it results, highlight, theme, type scale and display options, follows resizes, and disposes it
// on unmount. The chart is made once: an option toggled redraws it from the data it holds. It is made
// in a task of its own, not while the page mounts the element: a run's first batch mounts four
// network charts at once, and measuring and making them there held that task 34 ms (the load test).
// Changes are not applied as they come: the chart is brought up to date with the latest of them in a
// task of its own (ChartQueue, which runs quick jobs that are due together in one task), at most every
// STREAM_GAP ms while results stream in and at most once a frame for anything else, so that no task
// redraws every chart and a run's charts change in one frame per batch. A chart out of view (scrolled
// away in the results column) is brought up to date at most every HIDDEN_DELAY ms, and within a frame
// when it comes into view: below the fold, it costs a run's busy first second nothing.
import type { RestartResult } from '../../core/experiment/result';
import { ChartQueue } from '../charts/chart-queue';
import type { RestartKey } from '../charts/restarts';
import type { ChartTheme } from '../charts/style';

/** What the app asks of every chart class; `Options` are what a user toggles (a log scale), if any. */
export interface ChartLike<Extra, Options = undefined> {
  update(results: readonly RestartResult[], extra: Extra): void;
  highlight(key: RestartKey | null): void;
  setSize(width: number, height: number): void;
  setTheme(theme: ChartTheme): void;
  setScale(scale: number): void;
  dispose(): void;
  /** Applies display options, redrawing from the data the chart holds. */
  setOptions?(options: Options): void;
  /** Whether work is left over from the calls above (a chart that spreads a long computation over tasks). */
  readonly pending?: boolean;
  /** Does a slice of the left-over work, redrawing when it completes. */
  step?(): void;
}

export interface ChartParams<Extra, Options = undefined> {
  create: (container: HTMLElement, width: number, height: number) => ChartLike<Extra, Options>;
  results: readonly RestartResult[];
  extra: Extra;
  selected: RestartKey | null;
  theme: ChartTheme;
  scale: number;
  /** Display options, passed to `setOptions` before the first update and whenever a new object comes. */
  options?: Options;
}

/**
 * Least time (ms) between a chart's updates for new results. A little under the host's batch interval
 * (BATCH_INTERVAL_MS, 200 ms: five batches a second), so that the charts redraw at once after each
 * batch, in the same frame as the rest of the page's changes for it, rather than at a tick of their own.
 */
export const STREAM_GAP = 150;
/** Least time (ms) between a chart's updates for anything else (a highlight, theme, scale, size, option): about a frame. */
export const FRAME_GAP = 16;
/**
 * Time (ms) a change to a chart out of view waits before it is drawn, so that such a chart redraws at
 * most this often (its picture and text alternative at most this old); in view, it is drawn at once.
 */
export const HIDDEN_DELAY = 2000;
/** How far outside the viewport a chart counts as in view: one about to be scrolled to is drawn already. */
const VIEW_MARGIN = '200px';

export const sharedQueue = new ChartQueue();

/** `use:chart={...}` on a sized element. */
export function chart<Extra, Options = undefined>(node: HTMLElement, params: ChartParams<Extra, Options>) {
  return bindChart(node, params, sharedQueue);
}

/** The action's work, with the queue to run updates on (the page's shared one in `chart`). */
export function bindChart<Extra, Options = undefined>(node: HTMLElement, params: ChartParams<Extra, Options>, queue: ChartQueue) {
  const measure = () => ({ w: Math.max(120, Math.floor(node.clientWidth)), h: Math.max(100, Math.floor(node.clientHeight)) });
  /** The element's size as last measured; null until the chart is made. */
  let size: { w: number; h: number } | null = null;
  let c: ChartLike<Extra, Options> | null = null;
  let drawnSize = { w: 0, h: 0 };
  let last: ChartParams<Extra, Options> | null = null;
  let next = params;
  /** Whether the element is in or near the viewport (always, where IntersectionObserver is missing). */
  let inView = true;
  /** A change waits because the chart is out of view. */
  let stale = false;
  /** Asks for the chart to be brought up to date `gap` ms after its last update, or later when it is out of view. */
  const again = (gap: number) => {
    if (c === null) queue.request(make, gap);
    else if (inView) queue.request(flush, gap);
    else {
      stale = true;
      queue.defer(flush, HIDDEN_DELAY);
    }
  };
  /** The first task makes the chart at the element's size; the next fills it (a job of its own, as the queue times each job: filling costs what making did not). */
  const make = () => {
    size = measure();
    drawnSize = size;
    c = next.create(node, size.w, size.h);
    queue.request(flush, 0);
  };
  const flush = () => {
    if (c === null || size === null) return make();
    stale = false;
    if (size.w !== drawnSize.w || size.h !== drawnSize.h) {
      drawnSize = size;
      c.setSize(size.w, size.h);
    }
    const p = next;
    if (p !== last) {
      if (last === null || p.theme !== last.theme) c.setTheme(p.theme);
      if (last === null || p.scale !== last.scale) c.setScale(p.scale);
      if (p.options !== undefined && (last === null || p.options !== last.options)) c.setOptions?.(p.options);
      if (last === null || p.results !== last.results || p.extra !== last.extra) c.update(p.results, p.extra);
      if (last === null || p.selected !== last.selected) c.highlight(p.selected);
      last = p;
    } else if (c.pending === true) c.step?.();
    if (c.pending === true) again(0);
  };
  const request = (p: ChartParams<Extra, Options>) => {
    next = p;
    const onlyData = c !== null && last !== null && p.theme === last.theme && p.scale === last.scale && p.selected === last.selected && p.options === last.options;
    again(onlyData ? STREAM_GAP : FRAME_GAP);
  };
  request(params);
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          if (size === null) return;
          const s = measure();
          if (s.w === size.w && s.h === size.h) return;
          size = s;
          again(FRAME_GAP);
        });
  observer?.observe(node);
  const viewer =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver(
          (entries) => {
            inView = entries[entries.length - 1]?.isIntersecting ?? inView;
            if (inView && stale) queue.request(flush, FRAME_GAP);
          },
          { rootMargin: VIEW_MARGIN },
        );
  viewer?.observe(node);
  return {
    update: request,
    destroy() {
      queue.cancel(make);
      queue.cancel(flush);
      observer?.disconnect();
      viewer?.disconnect();
      c?.dispose();
    },
  };
}
