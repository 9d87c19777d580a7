// A small PNG encoder (8-bit RGB or RGBA, "Sub" row filter, zlib through the platform's
// CompressionStream), so images encode the same in every browser, in Electron and in tests.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Encodes a width × height RGBA image (rows top-down) as PNG bytes; RGB when every pixel is opaque. */
export async function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) throw new Error(`encodePng: the size must be whole positive pixels, got ${width} × ${height}`);
  if (rgba.length !== 4 * width * height) throw new Error(`encodePng: ${rgba.length} bytes are not ${width} × ${height} RGBA pixels`);
  if (typeof CompressionStream === 'undefined') throw new Error('PNG export needs CompressionStream, which this browser lacks');
  let opaque = true;
  for (let i = 3; i < rgba.length && opaque; i += 4) opaque = rgba[i] === 255;
  const channels = opaque ? 3 : 4;
  const header = new Uint8Array(13);
  const h = new DataView(header.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  header[8] = 8;
  header[9] = opaque ? 2 : 6;
  const data = await deflate(filterRows(rgba, width, height, channels));
  return concat([Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', new Uint8Array(0))]);
}

/** The width and height in a PNG's header; throws when `bytes` do not start like a PNG. */
export function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  const isPng = bytes.length >= 24 && SIGNATURE.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!isPng) throw new Error('not a PNG image');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

// Filter type 1 ("Sub") on every row: each byte minus the same channel of the pixel to its left,
// which turns the large flat areas of a rendered scene into runs of zeros.
function filterRows(rgba: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const stride = 1 + channels * width;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const o = y * stride;
    out[o] = 1;
    for (let x = 0; x < width; x++) {
      const s = 4 * (y * width + x);
      for (let c = 0; c < channels; c++) out[o + 1 + channels * x + c] = rgba[s + c]! - (x > 0 ? rgba[s - 4 + c]! : 0);
    }
  }
  return out;
}

// zlib format ('deflate'), as PNG's IDAT wants it.
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // Not awaited: the writer only drains while the reader below reads.
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const parts: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  await written;
  return concat(parts);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (the PNG and zlib polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
