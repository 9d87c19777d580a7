// The application menu as a pure function of the app's state: items send MenuCommands to the window
// (the renderer acts on them), except the recent files and the theme, which main handles itself.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, Theme } from '../../core/protocol/lab-api';

/** What the menu shows. */
export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  /** Most recent first. */
  recent: readonly string[];
  theme: Theme;
  presentation: boolean;
  /** Adds View > Toggle Developer Tools (unpackaged builds). */
  devTools: boolean;
}

/** What the menu's items do. */
export interface MenuActions {
  /** Sends a command to the window on MENU_CHANNEL. */
  send(command: MenuCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
  setTheme(theme: Theme): void;
}

/** Accelerators of the menu's commands (CmdOrCtrl is Cmd on macOS, Ctrl elsewhere). */
export const ACCELERATORS: Partial<Record<MenuCommand, string>> = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  save: 'CmdOrCtrl+S',
  'save-as': 'CmdOrCtrl+Shift+S',
  export: 'CmdOrCtrl+E',
  presentation: 'CmdOrCtrl+Shift+P',
  'run-start': 'F5',
  'run-pause': 'F6',
  'run-resume': 'F7',
  'run-step': 'F10',
  'run-cancel': 'Shift+F5',
  lessons: 'F1',
};

const THEMES: { theme: Theme; label: string }[] = [
  { theme: 'system', label: 'System' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
];

/** The application menu's template (give it to Menu.buildFromTemplate). */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const item = (label: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    click: () => actions.send(command),
    ...(ACCELERATORS[command] !== undefined ? { accelerator: ACCELERATORS[command] } : {}),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : [...state.recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })), sep, { label: 'Clear Recent', click: () => actions.clearRecent() }];

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: state.appName,
      submenu: [
        item(`About ${state.appName}`, 'about'),
        sep,
        { role: 'services' },
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        sep,
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      item('New', 'new'),
      item('Open…', 'open'),
      { label: 'Open Recent', submenu: recent },
      sep,
      item('Save', 'save'),
      item('Save As…', 'save-as'),
      item('Export…', 'export'),
      ...(mac ? [] : [sep, { role: 'quit' } as MenuItemConstructorOptions]),
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  template.push({
    label: 'View',
    submenu: [
      { ...item('Presentation Mode', 'presentation'), type: 'checkbox', checked: state.presentation },
      {
        label: 'Theme',
        submenu: THEMES.map(({ theme, label }) => ({ label, type: 'radio' as const, checked: state.theme === theme, click: () => actions.setTheme(theme) })),
      },
      sep,
      { role: 'togglefullscreen' },
      ...(state.devTools ? [sep, { role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
    ],
  });
  template.push({
    label: 'Run',
    submenu: [item('Start', 'run-start'), item('Pause', 'run-pause'), item('Resume', 'run-resume'), item('Cancel', 'run-cancel'), sep, item('Step', 'run-step')],
  });
  if (mac) template.push({ role: 'windowMenu' });
  template.push({ role: 'help', submenu: [item('Lessons', 'lessons'), ...(mac ? [] : [item('About', 'about')])] });
  return template;
}
