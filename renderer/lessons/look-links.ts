// A scene's "what to look at" names the window's charts and the restarts table; each name becomes a
// link that brings what it names into view (below the fold at a projector's size, the symmetry meter
// and the decision boundary are easy to miss).

/** A run of a scene's text: plain, or naming a part of the window (`target`: a CSS selector for it). */
export interface LookPart {
  text: string;
  target: string | null;
}

const figure = (name: string) => `figure[aria-label="${name}"]`;
const TABLE = 'table[aria-label="Restarts"]';

/** The phrases the lessons use for the window's parts, and the part each names. */
export const LOOK_TARGETS: Readonly<Record<string, string>> = {
  'restarts table': TABLE,
  'basin column': TABLE,
  'loss curves': figure('Loss curves'),
  'final-loss chart': figure('Final loss by configuration'),
  'success-rate chart': figure('Success rate against restarts'),
  'symmetry meter': figure('Symmetry meter'),
  'unit similarity': figure('Unit similarity'),
  'signal chart': figure('Signal at initialization'),
  'decision boundary': figure('Decision boundary'),
};

/** Any of the phrases, as whole words (they hold only letters, spaces and hyphens: nothing to escape). */
const PATTERN = new RegExp(`\\b(${Object.keys(LOOK_TARGETS).join('|')})\\b`, 'gi');

/** `text` split into plain runs and the phrases that name a part of the window, in order; joined, the runs are `text`. */
export function lookParts(text: string): LookPart[] {
  const parts: LookPart[] = [];
  let at = 0;
  for (const m of text.matchAll(PATTERN)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), target: null });
    parts.push({ text: m[0], target: LOOK_TARGETS[m[0].toLowerCase()]! });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), target: null });
  return parts;
}

/**
 * Scrolls the element `target` selects into view (smoothly, unless the user asks for reduced motion)
 * and rings it for a moment; false when the window has no such element (e.g. the network charts
 * while a function search is shown).
 */
export function showTarget(target: string, doc: Document = document): boolean {
  const el = doc.querySelector(target);
  if (!(el instanceof HTMLElement)) return false;
  const still = doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  el.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  const accent = doc.defaultView?.getComputedStyle(el).getPropertyValue('--accent').trim() || '#0072b2';
  el.animate?.([{ outline: `3px solid ${accent}`, outlineOffset: '2px' }, { outline: '3px solid transparent', outlineOffset: '2px' }], { duration: 1600, easing: 'ease-in' });
  return true;
}
