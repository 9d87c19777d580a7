// The window's small components and its run state, in jsdom.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestartResult } from '../../../core/experiment/result';
import RestartsTable from '../../../renderer/components/RestartsTable.svelte';
import { OVERSCAN, VIRTUAL_FROM, visibleRows } from '../../../renderer/components/virtual-rows';
import RunBar from '../../../renderer/components/RunBar.svelte';
import { RunView } from '../../../renderer/state/run.svelte';

afterEach(cleanup);

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

function result(index: number, loss: number, extra: Partial<RestartResult> = {}): RestartResult {
  const count = 3;
  return {
    variant: 0,
    index,
    seed: 1000 + index,
    status: 'ok',
    reason: null,
    records: {
      count,
      step: Float64Array.from([0, 1, 2]),
      epoch: Float64Array.from([0, 1, 2]),
      loss: Float64Array.from([1, (1 + loss) / 2, loss]),
      accuracy: Float64Array.from([0.5, 0.6, 1 - loss]),
      gradNorm: new Float64Array(count),
      position: null,
    },
    params: null,
    search: null,
    ...extra,
  };
}

describe('RunView', () => {
  it("applies a run's events and ignores other runs", () => {
    const v = new RunView();
    v.begin(3, 0);
    v.apply({ run: 2, events: [{ type: 'progress', run: 2, done: 5, total: 9, restartsDone: 0 }] }, 1);
    expect(v.done).toBe(0);
    v.apply(
      {
        run: 3,
        events: [
          { type: 'started', run: 3, name: 'x', restarts: 2, tasks: 2, configurations: [] },
          { type: 'progress', run: 3, done: 4, total: 8, restartsDone: 0 },
          { type: 'restart', run: 3, result: result(1, 0.2) },
          { type: 'restart', run: 3, result: result(0, 0.4) },
          { type: 'analysis', run: 3, restarts: [{ variant: 0, index: 1, stalledAt: 2, basin: 0 }], barrier: null },
          { type: 'state', run: 3, state: 'completed', message: null },
        ],
      },
      1000,
    );
    expect(v.tasks).toBe(2);
    expect(v.restartsDone).toBe(2);
    expect(v.results.find((r) => r.index === 1)).toMatchObject({ stalledAt: 2, basin: 0 });
    expect(v.state).toBe('completed');
    expect(v.going).toBe(false);
    expect(v.endedAt).toBe(1000);
  });

  it('fills landscape rows in place and hands them to the view once', () => {
    const v = new RunView();
    v.begin(1, 0);
    const grid = new Float64Array(6).fill(NaN);
    const landscape = { kind: 'network' as const, variant: null, plane: 'pca', x: Float64Array.from([0, 1, 2]), y: Float64Array.from([0, 1]), grid, paths: [], minima: [], explained: null, barrier: null };
    v.apply({ run: 1, events: [{ type: 'landscape', run: 1, landscape }, { type: 'rows', run: 1, rowStart: 1, values: Float64Array.from([7, 8, 9]) }] }, 0);
    expect(Array.from(grid.subarray(3))).toEqual([7, 8, 9]);
    expect(v.takeRows()).toHaveLength(1);
    expect(v.takeRows()).toHaveLength(0);
  });

  it('estimates the time left from the rate so far', () => {
    const v = new RunView();
    v.begin(1, 0);
    expect(v.eta(1000)).toBeNull();
    v.apply({ run: 1, events: [{ type: 'progress', run: 1, done: 25, total: 100, restartsDone: 0 }] }, 0);
    expect(v.eta(2000)).toBeCloseTo(6, 10);
  });
});

describe('RestartsTable', () => {
  const results = [result(0, 0.5), result(1, 0.1, { stalledAt: 1 }), result(2, 0.3, { status: 'diverged', reason: 'loss became NaN at step 2' })];

  it('lists restarts with their status in words and a symbol, and sorts by a column on click', async () => {
    render(RestartsTable, { results, selected: null, onselect: () => {}, variants: [null] });
    const table = screen.getByRole('table', { name: 'Restarts' });
    const rows = () => within(table).getAllByRole('row').slice(1);
    expect(rows().map((r) => r.cells[0]!.textContent)).toEqual(['0', '1', '2']);
    expect(rows()[1]!.textContent).toContain('⚑ stalled');
    expect(rows()[2]!.textContent).toContain('✕ diverged');
    await fireEvent.click(within(table).getByRole('button', { name: /Final loss/ }));
    expect(rows().map((r) => r.cells[0]!.textContent)).toEqual(['1', '2', '0']);
    await fireEvent.click(within(table).getByRole('button', { name: /Final loss/ }));
    expect(rows().map((r) => r.cells[0]!.textContent)).toEqual(['0', '2', '1']);
  });

  it('selects a restart by click or by keyboard, and a second click clears it', async () => {
    const onselect = vi.fn();
    const { rerender } = render(RestartsTable, { results, selected: null, onselect, variants: [null] });
    const row = screen.getAllByRole('row')[2]!;
    await fireEvent.click(row);
    expect(onselect).toHaveBeenLastCalledWith({ variant: 0, index: 1 });
    await fireEvent.keyDown(screen.getAllByRole('row')[3]!, { key: 'Enter' });
    expect(onselect).toHaveBeenLastCalledWith({ variant: 0, index: 2 });
    await rerender({ results, selected: { variant: 0, index: 1 }, onselect, variants: [null] });
    expect(screen.getAllByRole('row')[2]!.getAttribute('aria-selected')).toBe('true');
    await fireEvent.click(screen.getAllByRole('row')[2]!);
    expect(onselect).toHaveBeenLastCalledWith(null);
  });
  it('leaves the seed column out without seeds (the presentation layout), giving each row its seed as a title', async () => {
    const { rerender } = render(RestartsTable, { results, selected: null, onselect: () => {}, variants: [null] });
    const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers()).toEqual(['Restart ▲', 'Seed', 'Final loss', 'Accuracy', 'Status', 'Basin']);
    await rerender({ results, selected: null, onselect: () => {}, variants: [null], seeds: false });
    expect(headers()).toEqual(['Restart ▲', 'Final loss', 'Accuracy', 'Status', 'Basin']);
    const row = screen.getAllByRole('row')[2]!;
    expect(row.cells.length).toBe(5);
    expect(row.cells[0]!.title).toBe('seed 1001');
    expect(row.textContent).not.toContain('1001');
  });

  it('sorts by restart while a sort by seed waits for the seed column, and by seed again when it comes back', async () => {
    const seeded = [result(0, 0.5, { seed: 30 }), result(1, 0.1, { seed: 10 }), result(2, 0.3, { seed: 20 })];
    const { rerender } = render(RestartsTable, { results: seeded, selected: null, onselect: () => {}, variants: [null] });
    const order = () => screen.getAllByRole('row').slice(1).map((r) => r.cells[0]!.textContent);
    const sorted = () => screen.getAllByRole('columnheader').filter((h) => h.getAttribute('aria-sort') !== 'none').map((h) => h.textContent);
    await fireEvent.click(screen.getByRole('button', { name: /Seed/ }));
    expect([order(), sorted()]).toEqual([['1', '2', '0'], ['Seed ▲']]);
    await rerender({ results: seeded, selected: null, onselect: () => {}, variants: [null], seeds: false });
    expect([order(), sorted()]).toEqual([['0', '1', '2'], ['Restart ▲']]);
    await rerender({ results: seeded, selected: null, onselect: () => {}, variants: [null], seeds: true });
    expect([order(), sorted()]).toEqual([['1', '2', '0'], ['Seed ▲']]);
  });
});

describe('RestartsTable with many restarts', () => {
  const many = Array.from({ length: 1000 }, (_, i) => result(i, 0.5));
  /** The table's scroll box, with a scrollTop that keeps what is set (jsdom lays nothing out and keeps 0). */
  const scrollBox = () => {
    const box = screen.getByRole('table', { name: 'Restarts' }).parentElement as HTMLDivElement;
    let top = 0;
    Object.defineProperty(box, 'scrollTop', { get: () => top, set: (v: number) => (top = v), configurable: true });
    return box;
  };
  const drawn = () => screen.getAllByRole('row').slice(1);

  it('draws only the rows in view and around it, says how many there are, and draws others as it scrolls', async () => {
    render(RestartsTable, { results: many, selected: null, onselect: () => {}, variants: [null] });
    expect(drawn().length).toBe(40 + OVERSCAN);
    expect(screen.getByRole('table', { name: 'Restarts' }).getAttribute('aria-rowcount')).toBe('1001');
    expect(drawn()[0]!.getAttribute('aria-rowindex')).toBe('2');
    const box = scrollBox();
    box.scrollTop = 500 * 22;
    await fireEvent.scroll(box);
    const rows = drawn();
    expect(rows[0]!.cells[0]!.textContent).toBe(String(500 - OVERSCAN));
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe(String(500 - OVERSCAN + 2));
    expect(rows.length).toBe(40 + 2 * OVERSCAN);
    // The spacers keep the scroll height of every row.
    const spacers = [...document.querySelectorAll<HTMLElement>('tr.spacer')];
    expect(spacers.map((t) => t.style.height)).toEqual([`${(500 - OVERSCAN) * 22}px`, `${(1000 - 500 - 40 - OVERSCAN) * 22}px`]);
  });

  it('reaches every row from the keyboard: arrows move to the next row, scrolling it in; End and Home go to the ends', async () => {
    const onselect = vi.fn();
    render(RestartsTable, { results: many, selected: null, onselect, variants: [null] });
    scrollBox();
    const last = drawn().at(-1)!;
    expect(last.cells[0]!.textContent).toBe(String(40 + OVERSCAN - 1));
    await fireEvent.keyDown(last, { key: 'ArrowDown' });
    await new Promise((r) => setTimeout(r, 0));
    expect((document.activeElement as HTMLTableRowElement).cells[0]!.textContent).toBe(String(40 + OVERSCAN));
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await new Promise((r) => setTimeout(r, 0));
    expect((document.activeElement as HTMLTableRowElement).cells[0]!.textContent).toBe('999');
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onselect).toHaveBeenLastCalledWith({ variant: 0, index: 999 });
    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await new Promise((r) => setTimeout(r, 0));
    expect((document.activeElement as HTMLTableRowElement).cells[0]!.textContent).toBe('0');
  });

  it('measures its box and rows again when the box changes size (the presentation layout gives it more room, rows twice as high)', async () => {
    // ResizeObserver, which jsdom lacks: the test reports the change itself.
    const callbacks: (() => void)[] = [];
    const real = globalThis.ResizeObserver;
    globalThis.ResizeObserver = class {
      constructor(private readonly callback: () => void) {}
      observe() {
        callbacks.push(this.callback);
      }
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    try {
      render(RestartsTable, { results: many, selected: null, onselect: () => {}, variants: [null] });
      const box = scrollBox();
      expect(callbacks).toHaveLength(1);
      Object.defineProperty(box, 'clientHeight', { value: 440, configurable: true });
      vi.spyOn(HTMLTableRowElement.prototype, 'getBoundingClientRect').mockReturnValue({ height: 44 } as DOMRect);
      callbacks[0]!();
      await tick();
      expect(drawn().length).toBe(10 + OVERSCAN);
      expect([...document.querySelectorAll<HTMLElement>('tr.spacer')].map((t) => t.style.height)).toEqual([`${(1000 - 10 - OVERSCAN) * 44}px`]);
    } finally {
      vi.restoreAllMocks();
      globalThis.ResizeObserver = real;
    }
  });

  it('draws every row of a table under VIRTUAL_FROM, with no spacers', () => {
    render(RestartsTable, { results: many.slice(0, VIRTUAL_FROM - 1), selected: null, onselect: () => {}, variants: [null] });
    expect(drawn().length).toBe(VIRTUAL_FROM - 1);
    expect(document.querySelectorAll('tr.spacer').length).toBe(0);
  });

  it('picks the rows to draw from the scroll position, clamped to the table', () => {
    expect(visibleRows(1000, 0, 220, 22)).toEqual({ first: 0, last: 10 + OVERSCAN });
    expect(visibleRows(1000, 22 * 100, 220, 22)).toEqual({ first: 100 - OVERSCAN, last: 110 + OVERSCAN });
    expect(visibleRows(1000, 22 * 995, 220, 22)).toEqual({ first: 995 - OVERSCAN, last: 1000 });
    expect(visibleRows(1000, 1e9, 220, 22)).toEqual({ first: 1000, last: 1000 });
    expect(visibleRows(5, -50, 0, 0)).toEqual({ first: 0, last: 5 });
  });
});

describe('RunBar', () => {
  const handlers = () => ({ onrun: vi.fn(), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn(), onstep: vi.fn() });

  it('offers Run when idle, and Pause and Cancel (not Step) while running', async () => {
    const view = new RunView();
    const h = handlers();
    const { rerender } = render(RunBar, { view, canRun: true, now: 0, ...h });
    expect(button('Run').disabled).toBe(false);
    expect(button('Pause').disabled).toBe(true);
    expect(button('Cancel').disabled).toBe(true);
    view.begin(1, 0);
    await rerender({ view, canRun: true, now: 10, ...h });
    expect(button('Pause').disabled).toBe(false);
    expect(button('Step').disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(h.onpause).toHaveBeenCalledOnce();
  });

  it('shows Resume and Step while paused, and disables Run for an invalid experiment', async () => {
    const view = new RunView();
    view.begin(1, 0);
    view.apply({ run: 1, events: [{ type: 'state', run: 1, state: 'paused', message: null }] }, 0);
    const h = handlers();
    render(RunBar, { view, canRun: false, now: 0, ...h });
    expect(button('Run').disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    expect(h.onresume).toHaveBeenCalledOnce();
    expect(h.onstep).toHaveBeenCalledOnce();
    expect(screen.getByRole('status').textContent).toContain('Paused');
  });
});
