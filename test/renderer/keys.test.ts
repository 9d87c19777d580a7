import { describe, expect, it } from 'vitest';
import { keyCommand, type KeyContext, type KeyPress } from '../../renderer/keys';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, inField: false, ...more });
const projector: KeyContext = { presentation: true, lessonsShown: false, host: 'web' };
const normal: KeyContext = { presentation: false, lessonsShown: false, host: 'web' };

describe('keyboard shortcuts', () => {
  it('in presentation mode: space plays, arrows step, R adds a restart, F full screen, Esc leaves', () => {
    expect(keyCommand(press(' '), projector)).toBe('play-toggle');
    expect(keyCommand(press('ArrowLeft'), projector)).toBe('step-back');
    expect(keyCommand(press('ArrowRight'), projector)).toBe('step-forward');
    expect(keyCommand(press('r'), projector)).toBe('add-restart');
    expect(keyCommand(press('F'), projector)).toBe('fullscreen');
    expect(keyCommand(press('Escape'), projector)).toBe('leave-presentation');
  });

  it('outside presentation mode the projector keys do nothing, so typing and scrolling are untouched', () => {
    for (const k of [' ', 'ArrowLeft', 'r', 'f', 'Escape']) expect(keyCommand(press(k), normal)).toBeNull();
  });

  it('N and P move between scenes only while the lesson bar is shown, and never from a field', () => {
    expect(keyCommand(press('n'), { ...normal, lessonsShown: true })).toBe('next-scene');
    expect(keyCommand(press('P'), { ...projector, lessonsShown: true })).toBe('previous-scene');
    expect(keyCommand(press('n'), normal)).toBeNull();
    expect(keyCommand(press('n', { inField: true }), { ...normal, lessonsShown: true })).toBeNull();
    expect(keyCommand(press(' ', { inField: true }), projector)).toBeNull();
  });

  it('the web edition answers the desktop menu accelerators; the desktop leaves them to its menu', () => {
    expect(keyCommand(press('P', { ctrlKey: true, shiftKey: true }), normal)).toBe('presentation');
    expect(keyCommand(press('s', { metaKey: true }), normal)).toBe('save');
    expect(keyCommand(press('S', { ctrlKey: true, shiftKey: true }), normal)).toBe('save-as');
    expect(keyCommand(press('F5'), normal)).toBe('run');
    expect(keyCommand(press('F5'), { ...normal, host: 'desktop' })).toBeNull();
    expect(keyCommand(press('P', { ctrlKey: true, shiftKey: true }), { ...normal, host: 'desktop' })).toBeNull();
  });
});
