// The user's settings, kept in <userData>/settings.json: validated on load (a corrupt file is set
// aside as settings.json.bad and the defaults used), written atomically on every change.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, LabError, Settings, type SettingsPatch } from '../../core/protocol/lab-api';
import { writeFileAtomic } from '../engine/files';

/** The settings file's name inside the user-data folder. */
export const SETTINGS_FILE = 'settings.json';
/** Most recent files kept. */
export const MAX_RECENT = 10;

/** The settings in memory and on disk. Listeners hear every change (to rebuild the menu, apply the theme). */
export interface SettingsStore {
  /** The settings file's path. */
  readonly file: string;
  get(): Settings;
  /** Applies a patch, writes the file, and returns the new settings; throws LabError('failed') if the file cannot be written. */
  update(patch: SettingsPatch): Settings;
  /** Puts `path` first in the recent list (once), keeping at most MAX_RECENT. */
  addRecent(path: string): void;
  removeRecent(path: string): void;
  clearRecent(): void;
  onChange(listener: (settings: Settings) => void): () => void;
}

/** Recent paths, deduplicated, most recent first, at most MAX_RECENT, without files that no longer exist. */
export function cleanRecent(paths: readonly string[], exists: (path: string) => boolean = existsSync): string[] {
  return [...new Set(paths)].filter((p) => exists(p)).slice(0, MAX_RECENT);
}

/** What a settings file holds: valid settings, or null (and why) if it is missing or corrupt. */
export function parseSettings(text: string): { ok: true; settings: Settings } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
  }
  const parsed = Settings.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.map(String).join('.') || 'settings'}: ${issue.message}` };
  }
  return { ok: true, settings: parsed.data };
}

/** The patch without keys whose value is undefined (an optional key may arrive as undefined). */
function defined(patch: SettingsPatch): SettingsPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}

// writeFileAtomic's temporary files left behind by a crash: `.settings.json.<pid>.<n>.tmp`.
const ORPHAN = /^\.settings\.json\.\d+\.\d+\.tmp$/;

function removeOrphans(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (ORPHAN.test(name)) rmSync(join(dir, name), { force: true });
}

/**
 * Loads the settings from `dir`/settings.json: missing -> defaults; corrupt (bad JSON or failing the
 * Settings schema) -> defaults, the file renamed to settings.json.bad, and `warn` called with why.
 * Recent files that no longer exist are dropped. Removes temporary files of interrupted writes.
 */
export function loadSettings(dir: string, options: { exists?: (path: string) => boolean; warn?: (message: string) => void } = {}): SettingsStore {
  const file = join(dir, SETTINGS_FILE);
  const exists = options.exists ?? existsSync;
  removeOrphans(dir);
  let current: Settings = { ...DEFAULT_SETTINGS, recent: [] };
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') options.warn?.(`cannot read ${file}: ${(e as Error).message}; using the defaults`);
  }
  if (text !== null) {
    const parsed = parseSettings(text);
    if (parsed.ok) current = { ...parsed.settings, recent: cleanRecent(parsed.settings.recent, exists) };
    else {
      try {
        renameSync(file, `${file}.bad`);
      } catch {
        // Keeping the corrupt file where it is only means it is overwritten at the next change.
      }
      options.warn?.(`${file} is corrupt (${parsed.reason}); kept it as ${SETTINGS_FILE}.bad and used the defaults`);
    }
  }
  const listeners = new Set<(settings: Settings) => void>();

  const commit = (next: Settings): Settings => {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
    } catch (e) {
      throw new LabError('failed', `cannot save the settings to ${file}: ${(e as Error).message}`);
    }
    current = next;
    for (const listener of listeners) listener(current);
    return current;
  };

  return {
    file,
    get: () => ({ ...current, recent: [...current.recent] }),
    update: (patch) => commit({ ...current, ...defined(patch), recent: current.recent }),
    addRecent: (path) => void commit({ ...current, recent: [path, ...current.recent.filter((p) => p !== path)].slice(0, MAX_RECENT) }),
    removeRecent: (path) => {
      if (current.recent.includes(path)) commit({ ...current, recent: current.recent.filter((p) => p !== path) });
    },
    clearRecent: () => void commit({ ...current, recent: [] }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
