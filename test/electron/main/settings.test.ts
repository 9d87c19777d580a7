import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, LabError } from '../../../core/protocol/lab-api';
import { cleanRecent, loadSettings, MAX_RECENT } from '../../../electron/main/settings';

const dir = () => mkdtempSync(join(tmpdir(), 'lab-settings-'));
const all = () => true;

describe('loadSettings', () => {
  it('uses the defaults when there is no file, and writes nothing until a change', () => {
    const d = dir();
    const store = loadSettings(d);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.file).toBe(join(d, 'settings.json'));
    expect(existsSync(store.file)).toBe(false);
  });

  it('saves a patch and loads it back', () => {
    const d = dir();
    const store = loadSettings(d);
    expect(store.update({ theme: 'dark', workers: 3 })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', workers: 3 });
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', workers: 3 });
    expect(loadSettings(d).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', workers: 3 });
  });

  it('ignores keys given as undefined', () => {
    const store = loadSettings(dir());
    expect(store.update({ theme: undefined, presentation: true })).toEqual({ ...DEFAULT_SETTINGS, presentation: true });
  });

  it('writes atomically, leaving no temporary file, and removes those a crash left', () => {
    const d = dir();
    writeFileSync(join(d, '.settings.json.123.4.tmp'), 'half');
    const store = loadSettings(d);
    store.update({ presentation: true });
    expect(readdirSync(d)).toEqual(['settings.json']);
  });

  it.each([
    ['bad JSON', '{"theme": "dark",'],
    ['a wrong type', JSON.stringify({ ...DEFAULT_SETTINGS, workers: 'many' })],
    ['an unknown theme', JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'blue' })],
    ['an unknown key', JSON.stringify({ ...DEFAULT_SETTINGS, extra: 1 })],
    ['not an object', '[]'],
  ])('sets a corrupt file (%s) aside as settings.json.bad and uses the defaults', (_what, text) => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), text);
    const warnings: string[] = [];
    const store = loadSettings(d, { warn: (m) => warnings.push(m) });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(join(d, 'settings.json.bad'), 'utf8')).toBe(text);
    expect(existsSync(join(d, 'settings.json'))).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/settings\.json is corrupt \(.+\); kept it as settings\.json\.bad and used the defaults/);
  });

  it('names the field that made the file corrupt', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, workers: 100 }));
    const warnings: string[] = [];
    loadSettings(d, { warn: (m) => warnings.push(m) });
    expect(warnings[0]).toContain('(workers: ');
  });

  it('throws a LabError naming the file when it cannot write, and keeps the old settings', () => {
    const d = dir();
    const store = loadSettings(d);
    mkdirSync(store.file); // a folder where the file should be: the rename fails
    expect(() => store.update({ theme: 'light' })).toThrow(LabError);
    expect(() => store.update({ theme: 'light' })).toThrow(`cannot save the settings to ${store.file}`);
    expect(store.get().theme).toBe('system');
  });

  it('tells listeners about each change until they unsubscribe', () => {
    const store = loadSettings(dir());
    const seen: string[] = [];
    const off = store.onChange((s) => seen.push(s.theme));
    store.update({ theme: 'dark' });
    off();
    store.update({ theme: 'light' });
    expect(seen).toEqual(['dark']);
  });

  it('get returns a copy', () => {
    const store = loadSettings(dir());
    store.get().recent.push('/x');
    expect(store.get().recent).toEqual([]);
  });
});

describe('recent files', () => {
  it('keeps the most recent first, once each, at most 10', () => {
    const store = loadSettings(dir(), { exists: all });
    for (let i = 0; i < 12; i++) store.addRecent(`/f${i}.landscape`);
    store.addRecent('/f5.landscape');
    const recent = store.get().recent;
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]).toBe('/f5.landscape');
    expect(recent.slice(1, 4)).toEqual(['/f11.landscape', '/f10.landscape', '/f9.landscape']);
    expect(recent.filter((p) => p === '/f5.landscape')).toHaveLength(1);
  });

  it('drops files that no longer exist when loading', () => {
    const d = dir();
    const kept = join(d, 'kept.landscape');
    writeFileSync(kept, '{}');
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, recent: [join(d, 'gone.landscape'), kept, kept] }));
    expect(loadSettings(d).get().recent).toEqual([kept]);
  });

  it('removes and clears', () => {
    const store = loadSettings(dir(), { exists: all });
    store.addRecent('/a');
    store.addRecent('/b');
    store.removeRecent('/a');
    store.removeRecent('/not-there');
    expect(store.get().recent).toEqual(['/b']);
    store.clearRecent();
    expect(store.get().recent).toEqual([]);
  });

  it('a patch cannot set the recent list', () => {
    const store = loadSettings(dir(), { exists: all });
    store.addRecent('/a');
    store.update({ recent: ['/evil'] } as never);
    expect(store.get().recent).toEqual(['/a']);
  });

  it('cleanRecent deduplicates, filters and truncates', () => {
    expect(cleanRecent(['/a', '/b', '/a', '/c'], (p) => p !== '/b')).toEqual(['/a', '/c']);
  });
});
