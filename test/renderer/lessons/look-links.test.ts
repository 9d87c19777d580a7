// The chart names in a scene's "what to look at", as links (renderer/lessons/look-links.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinLessons } from '../../../renderer/lessons/lessons';
import { LOOK_TARGETS, lookParts, showTarget } from '../../../renderer/lessons/look-links';

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('lookParts', () => {
  it('splits the text at the names of the window\'s parts, whatever their case, and joins back to the text', () => {
    const text = 'The Symmetry meter stays at 1, and the loss curves stay flat; see the restarts table.';
    expect(lookParts(text)).toEqual([
      { text: 'The ', target: null },
      { text: 'Symmetry meter', target: 'figure[aria-label="Symmetry meter"]' },
      { text: ' stays at 1, and the ', target: null },
      { text: 'loss curves', target: 'figure[aria-label="Loss curves"]' },
      { text: ' stay flat; see the ', target: null },
      { text: 'restarts table', target: 'table[aria-label="Restarts"]' },
      { text: '.', target: null },
    ]);
    expect(lookParts('Nothing to point at.')).toEqual([{ text: 'Nothing to point at.', target: null }]);
    expect(lookParts('')).toEqual([]);
  });

  it('knows phrases of lower-case letters, spaces and hyphens only (they go into its pattern unescaped)', () => {
    for (const phrase of Object.keys(LOOK_TARGETS)) expect(phrase).toMatch(/^[a-z][a-z -]*[a-z]$/);
  });

  it('takes whole phrases only ("final-loss chart", not "final loss" in prose)', () => {
    expect(lookParts('The final loss is lower.').every((p) => p.target === null)).toBe(true);
    expect(lookParts('The final-loss chart puts them side by side.').map((p) => p.target)).toEqual([null, 'figure[aria-label="Final loss by configuration"]', null]);
  });

  it('finds at least one part in every built-in scene that names a chart or the table, and every phrase it knows is used by a lesson', () => {
    const used = new Set<string>();
    let linked = 0;
    for (const lesson of builtinLessons()) {
      for (const scene of lesson.scenes) {
        const parts = lookParts(scene.look);
        expect(parts.map((p) => p.text).join('')).toBe(scene.look);
        for (const p of parts) if (p.target !== null) used.add(p.text.toLowerCase());
        if (parts.some((p) => p.target !== null)) linked++;
      }
    }
    expect([...used].sort()).toEqual(Object.keys(LOOK_TARGETS).filter((k) => k !== 'unit similarity').sort());
    expect(linked).toBeGreaterThanOrEqual(12);
  });
});

describe('showTarget', () => {
  it('scrolls the named part into view and rings it; false when the window lacks it', () => {
    document.body.innerHTML = '<figure aria-label="Symmetry meter"></figure>';
    const fig = document.querySelector('figure')!;
    const scroll = vi.fn();
    const animate = vi.fn();
    Object.assign(fig, { scrollIntoView: scroll, animate });
    expect(showTarget(LOOK_TARGETS['symmetry meter']!)).toBe(true);
    expect(scroll).toHaveBeenCalledWith({ block: 'nearest', behavior: 'smooth' });
    expect(animate).toHaveBeenCalledTimes(1);
    expect(showTarget(LOOK_TARGETS['decision boundary']!)).toBe(false);
  });

  it('scrolls without smoothing when the user asks for reduced motion', () => {
    document.body.innerHTML = '<table aria-label="Restarts"></table>';
    const table = document.querySelector('table')!;
    const scroll = vi.fn();
    Object.assign(table, { scrollIntoView: scroll });
    // jsdom has no matchMedia: one that answers the reduced-motion query.
    window.matchMedia = ((q: string) => ({ matches: q === '(prefers-reduced-motion: reduce)' })) as unknown as typeof window.matchMedia;
    try {
      expect(showTarget(LOOK_TARGETS['restarts table']!)).toBe(true);
    } finally {
      delete (window as { matchMedia?: unknown }).matchMedia;
    }
    expect(scroll).toHaveBeenCalledWith({ block: 'nearest', behavior: 'auto' });
  });
});
