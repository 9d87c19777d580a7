// The web edition's file picker refuses a file over its limit (MAX_CSV_BYTES for a dataset,
// MAX_EXPERIMENT_BYTES for an experiment) by its size, before reading it, naming the limit. The file
// input is jsdom's; the File is a stand-in that claims its size without holding the bytes.
// Its workers setting goes to the host worker (here a port that records what it is sent) for the next run.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import { LabError } from '../../core/protocol/lab-api';
import { createWebApi, type HostPort } from '../../renderer/engine/web-api';
import type { ToHost } from '../../renderer/engine/web-host';

/** The api without a host worker (jsdom has none; the picker needs none). */
const webApi = () =>
  createWebApi(() => {
    throw new Error('no run host in this test');
  });

/** A File that claims `size` bytes and records whether anything read it. */
function fakeFile(name: string, size: number) {
  const text = vi.fn(async () => 'a,y\n1,0\n2,1\n');
  return { file: { name, size, text }, text };
}

/** Makes the next file input pickFile creates "choose" `file` when clicked. */
function choose(file: unknown): void {
  const create = document.createElement.bind(document);
  vi.spyOn(document, 'createElement').mockImplementation(((tag: string) => {
    const element = create(tag);
    if (element instanceof HTMLInputElement) {
      Object.defineProperty(element, 'files', { value: [file] });
      element.click = () => element.dispatchEvent(new Event('change'));
    }
    return element;
  }) as typeof document.createElement);
}

describe('the web edition\'s file picker', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['one byte over the limit', MAX_CSV_BYTES + 1, '100.0 MiB'],
    ['8 GiB', 8 * 1024 ** 3, '8192.0 MiB'],
  ])('refuses a dataset of %s with the limit, without reading it', async (_, bytes, size) => {
    const { file, text } = fakeFile('big.csv', bytes);
    choose(file);
    await expect(webApi().openDataset()).rejects.toThrow(new LabError('invalid-request', `big.csv is ${size}; the limit is 100.0 MiB`));
    expect(text).not.toHaveBeenCalled();
  });

  it('reads a dataset of exactly the limit', async () => {
    const { file, text } = fakeFile('d.csv', MAX_CSV_BYTES);
    choose(file);
    expect(await webApi().openDataset()).toEqual({ path: 'd.csv', text: 'a,y\n1,0\n2,1\n' });
    expect(text).toHaveBeenCalledOnce();
  });

  it('refuses an experiment over its own limit the same way', async () => {
    const { file, text } = fakeFile('big.landscape', MAX_EXPERIMENT_BYTES + 1);
    choose(file);
    await expect(webApi().openExperiment()).rejects.toThrow(new LabError('invalid-request', 'big.landscape is 64.0 MiB; the limit is 64.0 MiB'));
    expect(text).not.toHaveBeenCalled();
  });
});

/** Host ports that record what the page sends them; `fail` makes the last one report a failure. */
function recordingHosts() {
  const sent: ToHost[][] = [];
  let failLast: (reason: string) => void = () => {};
  const spawn = (): HostPort => {
    const log: ToHost[] = [];
    sent.push(log);
    return {
      post: (m) => log.push(structuredClone(m)),
      listen: (h) => {
        failLast = h.error;
      },
      terminate: () => {},
    };
  };
  return { sent, spawn, fail: (reason: string) => failLast(reason) };
}

describe('the web edition\'s workers setting', () => {
  const KEY = 'landscape-lab.settings';
  beforeEach(() => {
    localStorage.clear();
  });

  it('sends a changed count to the host that is running, for the next run (0: the default)', async () => {
    const hosts = recordingHosts();
    const api = createWebApi(hosts.spawn, true);
    expect(hosts.sent).toEqual([[{ type: 'init', workers: null, lastRun: 0 }]]);
    expect(await api.setSettings({ workers: 3 })).toMatchObject({ workers: 3 });
    await api.setSettings({ theme: 'dark' });
    await api.setSettings({ workers: 3 });
    await api.setSettings({ workers: 0 });
    expect(hosts.sent).toEqual([
      [
        { type: 'init', workers: null, lastRun: 0 },
        { type: 'workers', workers: 3 },
        { type: 'workers', workers: null },
      ],
    ]);
    expect(JSON.parse(localStorage.getItem(KEY)!)).toMatchObject({ theme: 'dark', workers: 0 });
  });

  it('gives a host started later, or again after a failure, the last count with its init', async () => {
    const hosts = recordingHosts();
    const api = createWebApi(hosts.spawn, false);
    await api.setSettings({ workers: 5 });
    expect(hosts.sent).toEqual([]);
    void api.validate({ text: '{}', path: null, datasets: {} }).catch(() => {});
    expect(hosts.sent[0]![0]).toEqual({ type: 'init', workers: 5, lastRun: 0 });
    hosts.fail('out of memory');
    await api.setSettings({ workers: 2 });
    void api.validate({ text: '{}', path: null, datasets: {} }).catch(() => {});
    expect(hosts.sent).toHaveLength(2);
    expect(hosts.sent[1]![0]).toEqual({ type: 'init', workers: 2, lastRun: 0 });
  });

  it('starts a new page with the stored count', () => {
    localStorage.setItem(KEY, JSON.stringify({ theme: 'light', presentation: false, workers: 7, recent: [] }));
    const hosts = recordingHosts();
    createWebApi(hosts.spawn, true);
    expect(hosts.sent).toEqual([[{ type: 'init', workers: 7, lastRun: 0 }]]);
  });

  it.each([
    [65, 'Too big: expected number to be <=64'],
    [-1, 'Too small: expected number to be >=0'],
    [2.5, 'Invalid input: expected int, received number'],
    ['4', 'Invalid input: expected number, received string'],
  ])('refuses a count of %j, naming the field, and changes nothing', async (workers, why) => {
    const hosts = recordingHosts();
    const api = createWebApi(hosts.spawn, true);
    await api.setSettings({ workers: 3 });
    const stored = localStorage.getItem(KEY);
    await expect(api.setSettings({ workers } as never)).rejects.toThrow(new LabError('invalid-request', `invalid setSettings request at workers: ${why}`));
    expect((await api.getSettings()).workers).toBe(3);
    expect(localStorage.getItem(KEY)).toBe(stored);
    expect(hosts.sent[0]!.slice(1)).toEqual([{ type: 'workers', workers: 3 }]);
  });

  it('leaves a setting given as undefined as it was', async () => {
    const hosts = recordingHosts();
    const api = createWebApi(hosts.spawn, true);
    await api.setSettings({ workers: 3 });
    expect(await api.setSettings({ workers: undefined, theme: 'dark' })).toMatchObject({ workers: 3, theme: 'dark' });
    expect(hosts.sent[0]!.slice(1)).toEqual([{ type: 'workers', workers: 3 }]);
  });
});
