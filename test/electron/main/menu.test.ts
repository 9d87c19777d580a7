import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand, type Theme } from '../../../core/protocol/lab-api';
import { menuTemplate, type MenuState } from '../../../electron/main/menu';

const state = (over: Partial<MenuState> = {}): MenuState => ({
  platform: 'linux',
  appName: 'Landscape Lab',
  recent: ['/home/u/a.landscape', '/home/u/b.landscape'],
  theme: 'system',
  presentation: false,
  devTools: false,
  ...over,
});

function build(over: Partial<MenuState> = {}) {
  const sent: MenuCommand[] = [];
  const opened: string[] = [];
  const themes: Theme[] = [];
  let cleared = 0;
  const template = menuTemplate(state(over), {
    send: (c) => sent.push(c),
    openRecent: (p) => opened.push(p),
    clearRecent: () => cleared++,
    setTheme: (t) => themes.push(t),
  });
  return { template, sent, opened, themes, cleared: () => cleared };
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (template: MenuItemConstructorOptions[], label: string) => template.find((m) => m.label === label || (m.role === 'help' && label === 'Help'));
const find = (template: MenuItemConstructorOptions[], path: string[]): MenuItemConstructorOptions => {
  let items = template;
  let found: MenuItemConstructorOptions | undefined;
  for (const label of path) {
    found = label === 'Help' ? items.find((m) => m.role === 'help') : items.find((m) => m.label === label);
    if (found === undefined) throw new Error(`no menu item ${path.join(' > ')}`);
    items = submenu(found);
  }
  return found!;
};
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('menuTemplate', () => {
  // [path, command, accelerator]
  const commands: [string[], MenuCommand, string | undefined][] = [
    [['File', 'New'], 'new', 'CmdOrCtrl+N'],
    [['File', 'Open…'], 'open', 'CmdOrCtrl+O'],
    [['File', 'Save'], 'save', 'CmdOrCtrl+S'],
    [['File', 'Save As…'], 'save-as', 'CmdOrCtrl+Shift+S'],
    [['File', 'Export…'], 'export', 'CmdOrCtrl+E'],
    [['View', 'Presentation Mode'], 'presentation', 'CmdOrCtrl+Shift+P'],
    [['Run', 'Start'], 'run-start', 'F5'],
    [['Run', 'Pause'], 'run-pause', 'F6'],
    [['Run', 'Resume'], 'run-resume', 'F7'],
    [['Run', 'Cancel'], 'run-cancel', 'Shift+F5'],
    [['Run', 'Step'], 'run-step', 'F10'],
    [['Help', 'Lessons'], 'lessons', 'F1'],
    [['Help', 'About'], 'about', undefined],
  ];

  it.each(commands)('%j sends %s', (path, command, accelerator) => {
    const m = build();
    const item = find(m.template, path);
    expect(item.accelerator).toBe(accelerator);
    click(item);
    expect(m.sent).toEqual([command]);
  });

  it('covers every menu command except "theme" (sent when a Theme item is chosen)', () => {
    const covered = new Set([...commands.map((c) => c[1]), 'theme']);
    expect([...MENU_COMMANDS].filter((c) => !covered.has(c))).toEqual([]);
  });

  it('has File, Edit, View, Run and Help in that order (no app menu off macOS)', () => {
    expect(build().template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'Run', 'help']);
  });

  it('lists recent files, most recent first, and opens the one clicked', () => {
    const m = build();
    const recent = submenu(find(m.template, ['File', 'Open Recent']));
    expect(recent.map((i) => i.label ?? i.type)).toEqual(['/home/u/a.landscape', '/home/u/b.landscape', 'separator', 'Clear Recent']);
    click(recent[1]!);
    expect(m.opened).toEqual(['/home/u/b.landscape']);
    click(recent[3]!);
    expect(m.cleared()).toBe(1);
    expect(m.sent).toEqual([]);
  });

  it('shows a disabled placeholder without recent files', () => {
    const recent = submenu(find(build({ recent: [] }).template, ['File', 'Open Recent']));
    expect(recent).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('offers the themes as radio items, checking the current one', () => {
    const m = build({ theme: 'dark' });
    const themes = submenu(find(m.template, ['View', 'Theme']));
    expect(themes.map((t) => [t.label, t.type, t.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
    click(themes[1]!);
    expect(m.themes).toEqual(['light']);
  });

  it('checks Presentation Mode from the settings; has Toggle Full Screen', () => {
    expect(find(build({ presentation: true }).template, ['View', 'Presentation Mode'])).toMatchObject({ type: 'checkbox', checked: true });
    expect(submenu(top(build().template, 'View')).some((i) => i.role === 'togglefullscreen')).toBe(true);
  });

  it('offers DevTools only when asked', () => {
    const roles = (devTools: boolean) => submenu(top(build({ devTools }).template, 'View')).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('quits from File off macOS', () => {
    expect(submenu(top(build().template, 'File')).at(-1)).toEqual({ role: 'quit' });
  });

  it('on macOS: an app menu with About and Quit, a Window menu, no About or Quit elsewhere', () => {
    const m = build({ platform: 'darwin' });
    expect(m.template.map((i) => i.label ?? i.role)).toEqual(['Landscape Lab', 'File', 'Edit', 'View', 'Run', 'windowMenu', 'help']);
    const app = submenu(m.template[0]);
    click(app.find((i) => i.label === 'About Landscape Lab')!);
    expect(m.sent).toEqual(['about']);
    expect(app.some((i) => i.role === 'quit')).toBe(true);
    expect(submenu(top(m.template, 'File')).some((i) => i.role === 'quit')).toBe(false);
    expect(submenu(top(m.template, 'Help')).map((i) => i.label)).toEqual(['Lessons']);
  });

  it('has an Edit menu (copy and paste in text fields need it on macOS)', () => {
    expect(submenu(top(build().template, 'Edit')).map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('uses no accelerator twice', () => {
    const all: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const i of items) {
        if (typeof i.accelerator === 'string') all.push(i.accelerator);
        walk(submenu(i));
      }
    };
    walk(build({ platform: 'darwin' }).template);
    expect(new Set(all).size).toBe(all.length);
  });
});
