// The window's keyboard shortcuts as one pure mapping (tested), so the app's key handler only dispatches.
// In presentation mode: Space play/pause, arrows step the playback, R adds a restart, F full screen,
// Esc leaves; N/P move between lesson scenes while the lesson bar is shown. The web edition also
// answers the desktop menu's accelerators (on the desktop the menu itself does).

/** What a key press asks for. */
export type KeyCommand =
  | 'play-toggle'
  | 'step-back'
  | 'step-forward'
  | 'add-restart'
  | 'next-scene'
  | 'previous-scene'
  | 'fullscreen'
  | 'leave-presentation'
  | 'presentation'
  | 'run'
  | 'open'
  | 'save'
  | 'save-as'
  | 'export'
  | 'lessons';

/** The parts of a key event the mapping reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** Whether the key went to a text field, select or editable element (typing is never a shortcut). */
  inField: boolean;
}

/** The window's state the mapping depends on. */
export interface KeyContext {
  presentation: boolean;
  lessonsShown: boolean;
  host: 'desktop' | 'web';
}

/** The command a key press maps to, or null. */
export function keyCommand(e: KeyPress, ctx: KeyContext): KeyCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  if (ctx.host === 'web' && mod && !e.altKey) {
    const k = e.key.toLowerCase();
    if (e.shiftKey && k === 'p') return 'presentation';
    if (e.shiftKey && k === 's') return 'save-as';
    if (!e.shiftKey && k === 's') return 'save';
    if (!e.shiftKey && k === 'o') return 'open';
    if (!e.shiftKey && k === 'e') return 'export';
  }
  if (ctx.host === 'web' && !mod && !e.altKey && !e.shiftKey) {
    if (e.key === 'F5') return 'run';
    if (e.key === 'F1') return 'lessons';
  }
  if (e.inField || mod || e.altKey) return null;
  if (e.key === 'Escape') return ctx.presentation ? 'leave-presentation' : null;
  if (ctx.lessonsShown && (e.key === 'n' || e.key === 'N')) return 'next-scene';
  if (ctx.lessonsShown && (e.key === 'p' || e.key === 'P')) return 'previous-scene';
  if (!ctx.presentation) return null;
  switch (e.key) {
    case ' ':
      return 'play-toggle';
    case 'ArrowLeft':
    case 'ArrowDown':
      return 'step-back';
    case 'ArrowRight':
    case 'ArrowUp':
      return 'step-forward';
    case 'r':
    case 'R':
      return 'add-restart';
    case 'f':
    case 'F':
      return 'fullscreen';
    default:
      return null;
  }
}
