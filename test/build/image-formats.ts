// Readers for the icon containers electron-builder consumes: PNG (header and pixels), the ICO
// directory and the ICNS element table. Independent of scripts/make-icons.mjs, which writes them.
import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's IHDR fields; throws if `bytes` does not start with a PNG signature and IHDR chunk. */
export function pngHeader(bytes: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: bad signature');
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: first chunk is not IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24]!, colorType: bytes[25]! };
}

/** Decodes an 8-bit RGBA, non-interlaced PNG into its pixel bytes (all five row filters). */
export function pngPixels(bytes: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const { width, height, bitDepth, colorType } = pngHeader(bytes);
  if (bitDepth !== 8 || colorType !== 6 || bytes[28] !== 0) throw new Error('only 8-bit RGBA non-interlaced PNGs are read');
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter type ${filter} in row ${y}`);
      rgba[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** One image in an ICO or ICNS file: the directory's claims and the embedded bytes. */
export interface IconEntry {
  /** ICO: the directory's width; ICNS: the four-character element type. */
  key: string;
  width: number;
  height: number;
  data: Buffer;
}

/** The ICO directory (type 1 = icon); a width or height byte of 0 means 256. */
export function icoEntries(bytes: Buffer): IconEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an ICO: bad header');
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, n) => {
    const e = 6 + 16 * n;
    const width = bytes[e] || 256;
    const height = bytes[e + 1] || 256;
    const size = bytes.readUInt32LE(e + 8);
    const offset = bytes.readUInt32LE(e + 12);
    if (offset + size > bytes.length) throw new Error(`ICO entry ${n} runs past the end of the file`);
    return { key: String(width), width, height, data: bytes.subarray(offset, offset + size) };
  });
}

/** The ICNS element table; each element's length includes its own 8-byte header. */
export function icnsEntries(bytes: Buffer): IconEntry[] {
  if (bytes.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS: bad magic');
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error(`ICNS header says ${bytes.readUInt32BE(4)} bytes, file has ${bytes.length}`);
  const entries: IconEntry[] = [];
  for (let at = 8; at < bytes.length; ) {
    const key = bytes.toString('latin1', at, at + 4);
    const length = bytes.readUInt32BE(at + 4);
    if (length < 8 || at + length > bytes.length) throw new Error(`ICNS element ${key} has a bad length ${length}`);
    const data = bytes.subarray(at + 8, at + length);
    const { width, height } = pngHeader(data);
    entries.push({ key, width, height, data });
    at += length;
  }
  return entries;
}
