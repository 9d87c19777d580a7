// Experiment links: every example and lesson scene survives the trip through a link, random JSON does
// too, and each way a fragment can be wrong is refused with a message saying which.
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXPERIMENT_BYTES } from '../../../core/experiment/limits';
import { parseJson, resolveExperiment } from '../../../core/experiment/resolve';
import { builtinLessons } from '../../../renderer/lessons/lessons';
import { decodeExperiment, encodeExperiment, hasExperimentLink, LinkError, type LinkErrorKind, MAX_FRAGMENT_CHARS } from '../../../renderer/state/url-state';

/** Every example experiment file's text, by file name. */
const EXAMPLES = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../../examples/*.json', { eager: true, query: '?raw', import: 'default' })).map(([p, text]) => [p.slice(p.lastIndexOf('/') + 1), text]),
);
const spirals = () => parseJson(EXAMPLES['spirals-glorot.json']!);

/** Bytes through raw deflate by zlib (to build fragments the encoder would not). */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return deflateRawSync(bytes);
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** The LinkError decodeExperiment rejects `fragment` with; fails if it decodes. */
async function refusal(fragment: string): Promise<{ kind: LinkErrorKind; message: string }> {
  try {
    await decodeExperiment(fragment);
  } catch (e) {
    expect(e).toBeInstanceOf(LinkError);
    return { kind: (e as LinkError).kind, message: (e as LinkError).message };
  }
  throw new Error(`${fragment.slice(0, 40)} decoded`);
}

describe('experiment links', () => {
  it('round-trips every example, and the result still resolves', async () => {
    expect(Object.keys(EXAMPLES).length).toBeGreaterThanOrEqual(4);
    for (const [file, text] of Object.entries(EXAMPLES)) {
      const value = parseJson(text);
      const fragment = await encodeExperiment(value);
      expect(fragment).toMatch(/^#e=1\.[A-Za-z0-9_-]+$/);
      const back = await decodeExperiment(fragment);
      expect(back, file).toEqual(value);
      expect(() => resolveExperiment(back, () => '')).not.toThrow();
    }
  });

  it('round-trips every scene experiment of the built-in lessons', async () => {
    const lessons = builtinLessons();
    expect(lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons) {
      for (const scene of lesson.scenes) {
        expect(await decodeExperiment(await encodeExperiment(scene.experiment)), `${lesson.title}: ${scene.title}`).toEqual(scene.experiment);
      }
    }
  });

  it('keeps the spirals example short (428 characters in docs/sharing.md; zlib builds may differ slightly)', async () => {
    const fragment = await encodeExperiment(spirals());
    expect(fragment.length).toBeLessThan(450);
    // Compression pays: the same JSON in plain base64url would take 671 characters.
    expect(fragment.length).toBeLessThan(Buffer.from(JSON.stringify(spirals())).toString('base64url').length * 0.7);
  });

  it('round-trips random JSON values (as JSON.stringify then JSON.parse would give them)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const expected: unknown = JSON.parse(JSON.stringify(value));
        expect(await decodeExperiment(await encodeExperiment(value))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips text outside ASCII', async () => {
    const value = { name: 'Ünïcödé ✓ 曲面 🏔️', note: '\u0000\u2028' };
    expect(await decodeExperiment(await encodeExperiment(value))).toEqual(value);
  });

  it('tells an experiment link from other fragments', () => {
    expect(hasExperimentLink('#e=1.abc')).toBe(true);
    expect(hasExperimentLink('')).toBe(false);
    expect(hasExperimentLink('#section-2')).toBe(false);
  });
});

describe('refused links', () => {
  it('another fragment', async () => {
    expect(await refusal('#section-2')).toEqual({ kind: 'not-a-link', message: 'not a Landscape Lab experiment link: the fragment should start with "#e=", found "#section-2"' });
    expect((await refusal('e=1.abc')).kind).toBe('not-a-link');
  });

  it('no version, or an unknown version', async () => {
    expect(await refusal('#e=abcdef')).toEqual({ kind: 'version', message: 'the link has no format version: expected "#e=1." followed by the data' });
    expect(await refusal('#e=2.abcdef')).toEqual({
      kind: 'version',
      message: 'the link is in format version 2, and this Landscape Lab reads version 1 (a link from a newer lab needs a newer lab)',
    });
  });

  it('no data', async () => {
    expect(await refusal('#e=1.')).toEqual({ kind: 'base64', message: 'the link has no data after "#e=1." (was the link cut short?)' });
  });

  it('a character outside base64url, or an impossible length', async () => {
    expect(await refusal('#e=1.ab+c')).toEqual({
      kind: 'base64',
      message: 'the link\'s data is not base64url: "+" at character 3 (only A–Z, a–z, 0–9, "-" and "_"; was the link changed?)',
    });
    expect(await refusal('#e=1.abcde')).toEqual({ kind: 'base64', message: "the link's data is not base64url: 5 characters is not a possible length (was the link cut short?)" });
  });

  it('corrupt compressed data', async () => {
    // 0xff starts a deflate block of the reserved type 3.
    expect(await refusal(`#e=1.${base64url(new Uint8Array([0xff, 0xff, 0xff]))}`)).toEqual({
      kind: 'compressed',
      message: "the link's data is not a compressed experiment (it is corrupt, or the link was cut short)",
    });
  });

  it('a link cut short', async () => {
    const fragment = await encodeExperiment(spirals());
    let cut = fragment.slice(0, Math.floor(fragment.length / 2));
    if ((cut.length - 5) % 4 === 1) cut = cut.slice(0, -1);
    expect((await refusal(cut)).kind).toBe('compressed');
  });

  it('data that is not UTF-8 text', async () => {
    expect(await refusal(`#e=1.${base64url(await deflate(new Uint8Array([0x7b, 0xff, 0x7d])))}`)).toEqual({ kind: 'text', message: "the link's data is not UTF-8 text" });
  });

  it('text that is not JSON', async () => {
    const r = await refusal(`#e=1.${base64url(await deflate(new TextEncoder().encode('{"a": 1,}')))}`);
    expect(r.kind).toBe('json');
    expect(r.message).toMatch(/^the link's data is not JSON: not valid JSON at line 1, column \d+: /);
  });

  it('a fragment over the limit', async () => {
    expect(await refusal(`#e=1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`)).toEqual({
      kind: 'too-large',
      message: `the link's fragment is ${MAX_FRAGMENT_CHARS + 5} characters; the limit is ${MAX_FRAGMENT_CHARS}`,
    });
  });

  it('data that inflates past the experiment size limit', async () => {
    const bomb = await deflate(new Uint8Array(MAX_EXPERIMENT_BYTES + 1).fill(0x20));
    const fragment = `#e=1.${base64url(bomb)}`;
    expect(fragment.length).toBeLessThan(MAX_FRAGMENT_CHARS);
    expect(await refusal(fragment)).toEqual({
      kind: 'too-large',
      message: `the link's experiment is over ${MAX_EXPERIMENT_BYTES} bytes once decompressed; the limit is ${MAX_EXPERIMENT_BYTES}`,
    });
  });

  it('an experiment too large to encode', async () => {
    await expect(encodeExperiment({ note: 'x'.repeat(MAX_EXPERIMENT_BYTES) })).rejects.toThrow(
      `the experiment is ${MAX_EXPERIMENT_BYTES + 11} bytes of JSON; a link holds at most ${MAX_EXPERIMENT_BYTES}`,
    );
    await expect(encodeExperiment(undefined)).rejects.toThrow('an experiment link holds JSON, and this value has no JSON form');
  });
});
