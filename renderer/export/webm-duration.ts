// Writes the Duration into a WebM file's Segment Info. Browsers' MediaRecorder leaves it out (it
// streams, so it does not know the length in advance), and players then show no length and cannot seek.

const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

interface Element {
  id: number;
  /** Where the element's size field starts, its length in bytes, and the size it holds (null: unknown). */
  sizeAt: number;
  sizeLength: number;
  size: number | null;
  /** Where the element's data starts. */
  dataAt: number;
}

/** A copy of a WebM file with its Segment Info's Duration set to `ms` milliseconds (added, or overwritten); throws when `bytes` are not WebM. */
export function withWebmDuration(bytes: Uint8Array, ms: number): Uint8Array<ArrayBuffer> {
  if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`withWebmDuration: the duration must be a non-negative number of milliseconds, got ${ms}`);
  const header = readElement(bytes, 0);
  if (header.id !== EBML || header.size === null) throw new Error('not a WebM file: it does not start with an EBML header');
  const segment = readElement(bytes, header.dataAt + header.size);
  if (segment.id !== SEGMENT) throw new Error('not a WebM file: no Segment after the EBML header');
  const segmentEnd = segment.size === null ? bytes.length : segment.dataAt + segment.size;
  let info: Element | null = null;
  for (let at = segment.dataAt; at < segmentEnd && !info; ) {
    const e = readElement(bytes, at);
    if (e.id === INFO) info = e;
    if (e.size === null) break;
    at = e.dataAt + e.size;
  }
  if (!info || info.size === null) throw new Error('not a WebM file: no Segment Info');
  let scale = 1_000_000;
  let duration: Element | null = null;
  for (let at = info.dataAt; at < info.dataAt + info.size; ) {
    const e = readElement(bytes, at);
    if (e.size === null) break;
    if (e.id === TIMECODE_SCALE) scale = readUint(bytes, e.dataAt, e.size);
    if (e.id === DURATION) duration = e;
    at = e.dataAt + e.size;
  }
  // Duration counts TimecodeScale nanoseconds (1 ms by default).
  const value = (ms * 1e6) / scale;
  const out = new Uint8Array(bytes.length + (duration ? 0 : 11));
  if (duration && (duration.size === 4 || duration.size === 8)) {
    out.set(bytes);
    const v = new DataView(out.buffer, duration.dataAt, duration.size);
    if (duration.size === 8) v.setFloat64(0, value);
    else v.setFloat32(0, value);
    return out;
  }
  if (duration) throw new Error(`not a WebM file: a Duration of ${duration.size} bytes`);
  // Append an 8-byte float Duration to the Info; its size field keeps its length (at most 8 bytes).
  const infoEnd = info.dataAt + info.size;
  const newSize = info.size + 11;
  if (newSize >= 2 ** (7 * info.sizeLength) - 1) throw new Error('withWebmDuration: the Segment Info has no room for a Duration');
  out.set(bytes.subarray(0, infoEnd));
  out.set([0x44, 0x89, 0x88], infoEnd);
  new DataView(out.buffer, infoEnd + 3, 8).setFloat64(0, value);
  out.set(bytes.subarray(infoEnd), infoEnd + 11);
  writeSize(out, info.sizeAt, info.sizeLength, newSize);
  if (segment.size !== null) writeSize(out, segment.sizeAt, segment.sizeLength, segment.size + 11);
  return out;
}

// An EBML element's header at `at`: its ID (with its length marker kept, as the spec writes IDs) and size.
function readElement(bytes: Uint8Array, at: number): Element {
  const idLength = vintLength(bytes, at);
  if (idLength > 4) throw new Error(`not a WebM file: a bad element ID at byte ${at}`);
  const id = readUint(bytes, at, idLength);
  const sizeAt = at + idLength;
  const sizeLength = vintLength(bytes, sizeAt);
  let size = bytes[sizeAt]! & (0xff >> sizeLength);
  let unknown = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    size = size * 256 + bytes[sizeAt + i]!;
    unknown &&= bytes[sizeAt + i] === 0xff;
  }
  return { id, sizeAt, sizeLength, size: unknown ? null : size, dataAt: sizeAt + sizeLength };
}

function vintLength(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first === undefined || first === 0) throw new Error(`not a WebM file: a bad length at byte ${at}`);
  return Math.clz32(first) - 23;
}

function readUint(bytes: Uint8Array, at: number, length: number): number {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + bytes[at + i]!;
  return v;
}

function writeSize(bytes: Uint8Array, at: number, length: number, size: number): void {
  let v = size;
  for (let i = length - 1; i >= 0; i--) {
    bytes[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
  bytes[at] = bytes[at]! | (0x80 >> (length - 1));
}
