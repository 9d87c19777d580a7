// A Svelte action that owns one chart object (renderer/charts): creates it at the element's size,
// feeds it results, highlight, theme and type scale, follows resizes, and disposes it on unmount.
import type { RestartResult } from '../../core/experiment/result';
import type { RestartKey } from '../charts/restarts';
import type { ChartTheme } from '../charts/style';

/** What the app asks of every chart class. */
export interface ChartLike<Extra> {
  update(results: readonly RestartResult[], extra: Extra): void;
  highlight(key: RestartKey | null): void;
  setSize(width: number, height: number): void;
  setTheme(theme: ChartTheme): void;
  setScale(scale: number): void;
  dispose(): void;
}

export interface ChartParams<Extra> {
  create: (container: HTMLElement, width: number, height: number) => ChartLike<Extra>;
  results: readonly RestartResult[];
  extra: Extra;
  selected: RestartKey | null;
  theme: ChartTheme;
  scale: number;
}

/** `use:chart={...}` on a sized element. */
export function chart<Extra>(node: HTMLElement, params: ChartParams<Extra>) {
  const size = () => ({ w: Math.max(120, Math.floor(node.clientWidth)), h: Math.max(100, Math.floor(node.clientHeight)) });
  let { w, h } = size();
  const c = params.create(node, w, h);
  let last: ChartParams<Extra> | null = null;
  const apply = (p: ChartParams<Extra>) => {
    if (last === null || p.theme !== last.theme) c.setTheme(p.theme);
    if (last === null || p.scale !== last.scale) c.setScale(p.scale);
    if (last === null || p.results !== last.results || p.extra !== last.extra) c.update(p.results, p.extra);
    if (last === null || p.selected !== last.selected) c.highlight(p.selected);
    last = p;
  };
  apply(params);
  const observer = new ResizeObserver(() => {
    const s = size();
    if (s.w === w && s.h === h) return;
    ({ w, h } = s);
    c.setSize(w, h);
  });
  observer.observe(node);
  return {
    update: apply,
    destroy() {
      observer.disconnect();
      c.dispose();
    },
  };
}
