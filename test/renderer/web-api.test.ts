// The web edition's file picker refuses a file over its limit (MAX_CSV_BYTES for a dataset,
// MAX_EXPERIMENT_BYTES for an experiment) by its size, before reading it, naming the limit. The file
// input is jsdom's; the File is a stand-in that claims its size without holding the bytes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import { LabError } from '../../core/protocol/lab-api';
import { createWebApi } from '../../renderer/engine/web-api';

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
