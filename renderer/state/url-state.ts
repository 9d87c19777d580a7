// Experiment links: the web edition keeps the current experiment in the page address's fragment, so a
// link opens the same experiment. Format (docs/sharing.md): `#e=1.<base64url of deflate-raw JSON>`.
// The decoded value is only parsed JSON: the caller validates it with resolveExperiment.
import { parseJson } from '../../core/experiment/resolve';
import { MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';

/** What the fragment starts with. */
export const LINK_PREFIX = '#e=';

/** The link format this module writes and reads (the digits before the first dot of the payload). */
export const LINK_VERSION = 1;

/** Longest fragment read or written, in characters (Chromium refuses URLs over 2 MiB). */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;

/** What is wrong with a link, for tests and for choosing a message. */
export type LinkErrorKind = 'not-a-link' | 'version' | 'too-large' | 'base64' | 'compressed' | 'text' | 'json';

/** Thrown when a fragment cannot be read (or an experiment cannot be made into one); the message says why. */
export class LinkError extends Error {
  constructor(
    readonly kind: LinkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/** Whether an address fragment (`location.hash`) carries an experiment link of any version. */
export function hasExperimentLink(hash: string): boolean {
  return hash.startsWith(LINK_PREFIX);
}

/**
 * Encodes an experiment (any JSON value) as an address fragment `#e=1.<payload>`; throws a LinkError
 * when its JSON is over MAX_EXPERIMENT_BYTES or the fragment would be over MAX_FRAGMENT_CHARS.
 */
export async function encodeExperiment(experiment: unknown): Promise<string> {
  const json = JSON.stringify(experiment) as string | undefined;
  if (json === undefined) throw new LinkError('json', 'an experiment link holds JSON, and this value has no JSON form');
  const bytes = new TextEncoder().encode(json);
  if (bytes.byteLength > MAX_EXPERIMENT_BYTES) {
    throw new LinkError('too-large', `the experiment is ${bytes.byteLength} bytes of JSON; a link holds at most ${MAX_EXPERIMENT_BYTES}`);
  }
  const fragment = `${LINK_PREFIX}${LINK_VERSION}.${toBase64Url(await transform(bytes, new CompressionStream('deflate-raw'), Infinity))}`;
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new LinkError('too-large', `the experiment's link would be ${fragment.length} characters; the limit is ${MAX_FRAGMENT_CHARS} (save it as a file instead)`);
  }
  return fragment;
}

/**
 * Decodes an address fragment made by encodeExperiment (the leading `#` is required, as
 * `location.hash` gives it) into the parsed JSON value; throws a LinkError naming what is wrong.
 */
export async function decodeExperiment(fragment: string): Promise<unknown> {
  if (!hasExperimentLink(fragment)) {
    const shown = fragment.length > 24 ? `${fragment.slice(0, 24)}…` : fragment;
    throw new LinkError('not-a-link', `not a Landscape Lab experiment link: the fragment should start with "${LINK_PREFIX}", found ${JSON.stringify(shown)}`);
  }
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new LinkError('too-large', `the link's fragment is ${fragment.length} characters; the limit is ${MAX_FRAGMENT_CHARS}`);
  }
  const body = fragment.slice(LINK_PREFIX.length);
  const dot = body.indexOf('.');
  const version = dot < 0 ? '' : body.slice(0, dot);
  if (!/^[0-9]{1,6}$/.test(version)) {
    throw new LinkError('version', `the link has no format version: expected "${LINK_PREFIX}${LINK_VERSION}." followed by the data`);
  }
  if (Number(version) !== LINK_VERSION) {
    throw new LinkError('version', `the link is in format version ${Number(version)}, and this Landscape Lab reads version ${LINK_VERSION} (a link from a newer lab needs a newer lab)`);
  }
  const data = body.slice(dot + 1);
  if (data === '') throw new LinkError('base64', `the link has no data after "${LINK_PREFIX}${LINK_VERSION}." (was the link cut short?)`);
  const compressed = fromBase64Url(data);
  const bytes = await transform(compressed, new DecompressionStream('deflate-raw'), MAX_EXPERIMENT_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LinkError('text', "the link's data is not UTF-8 text");
  }
  try {
    return parseJson(text);
  } catch (e) {
    throw new LinkError('json', `the link's data is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Runs `bytes` through a compression or decompression stream; refuses output over `maxBytes`
 * (a small link can inflate a thousandfold) and turns a stream error into a 'compressed' LinkError.
 */
async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, maxBytes: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Errors of the writing side show up on the reading side too; this keeps them from going unhandled.
  const writing = writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => {});
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new LinkError('too-large', `the link's experiment is over ${maxBytes} bytes once decompressed; the limit is ${maxBytes}`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError('compressed', "the link's data is not a compressed experiment (it is corrupt, or the link was cut short)");
  }
  await writing;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Bytes as base64url without padding (RFC 4648 §5): only A–Z a–z 0–9 - _, safe in a URL as is. */
function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and argument lists are bounded.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of unpadded base64url text; throws a 'base64' LinkError naming the first bad character. */
function fromBase64Url(text: string): Uint8Array {
  const bad = text.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) {
    throw new LinkError('base64', `the link's data is not base64url: ${JSON.stringify(text[bad])} at character ${bad + 1} (only A–Z, a–z, 0–9, "-" and "_"; was the link changed?)`);
  }
  if (text.length % 4 === 1) {
    throw new LinkError('base64', `the link's data is not base64url: ${text.length} characters is not a possible length (was the link cut short?)`);
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
