// Draws the app icon and writes every file electron-builder reads from build/: icon.png (1024 px),
// icons/NxN.png (Linux), icon.ico (Windows, PNG entries) and icon.icns (macOS, PNG entries).
// Pure Node: the PNG encoder, ICO and ICNS containers are written here with node:zlib.
// Usage: node scripts/make-icons.mjs [outDir]   (default: build). Output is deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data, with their pixel sizes (ic11..ic14 are the @2x variants). */
export const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['ic11', 32], ['ic12', 64], ['ic07', 128],
  ['ic13', 256], ['ic08', 256], ['ic14', 512], ['ic09', 512], ['ic10', 1024],
];

// ---------------------------------------------------------------- the landscape and its restarts

/** Basins of the loss surface: centre (x, y) in [-1, 1]², depth, width. */
const WELLS = [
  [-0.42, 0.3, 1.0, 0.36],
  [0.5, 0.42, 0.75, 0.3],
  [0.22, -0.48, 0.55, 0.26],
];

function loss(x, y) {
  let f = 0.6 * (x * x + y * y);
  for (const [cx, cy, a, s] of WELLS) f -= a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s));
  return f;
}

function lossGrad(x, y) {
  let gx = 1.2 * x;
  let gy = 1.2 * y;
  for (const [cx, cy, a, s] of WELLS) {
    const e = (a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s))) / (s * s);
    gx += e * (x - cx);
    gy += e * (y - cy);
  }
  return [gx, gy];
}

// Sampled once so that colour 0 is the deepest basin and colour 1 the highest corner.
const [F_MIN, F_MAX] = (() => {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i <= 200; i++) {
    for (let j = 0; j <= 200; j++) {
      const f = loss(-1 + i / 100, -1 + j / 100);
      lo = Math.min(lo, f);
      hi = Math.max(hi, f);
    }
  }
  return [lo, hi];
})();

/** Restart paths: steepest descent from four starts; two share a basin, two find others. */
const PATHS = [
  [-0.78, -0.75],
  [0.8, -0.72],
  [0.85, 0.05],
  [0.05, 0.82],
].map(([x, y]) => {
  const points = [[x, y]];
  for (let step = 0; step < 200; step++) {
    const [gx, gy] = lossGrad(x, y);
    const norm = Math.hypot(gx, gy);
    if (norm < 0.02) break;
    // Fixed arc length per step keeps the polyline evenly sampled; the last steps slow down.
    const h = Math.min(0.02, 0.5 * norm * 0.02);
    x -= (h * gx) / norm;
    y -= (h * gy) / norm;
    points.push([x, y]);
  }
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { points, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
});

// matplotlib's viridis at 0, 1/8, ..., 1.
const VIRIDIS = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [253, 231, 37],
];

function viridis(t) {
  const s = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(s), VIRIDIS.length - 2);
  const w = s - i;
  return VIRIDIS[i].map((c, k) => c + (VIRIDIS[i + 1][k] - c) * w);
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(Math.max(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1), 0), 1);
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function pathDistance(points, x, y) {
  let d = Infinity;
  for (let i = 1; i < points.length; i++) {
    d = Math.min(d, segmentDistance(x, y, points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]));
  }
  return d;
}

/** Porter-Duff "over" of a colour with coverage `a` onto the pixel accumulator `px` (straight RGB). */
function over(px, rgb, a) {
  for (let k = 0; k < 3; k++) px[k] += (rgb[k] - px[k]) * a;
}

const coverage = (signedDistancePx) => Math.min(Math.max(0.5 - signedDistancePx, 0), 1);

/** Renders the icon at `size`×`size` pixels; returns straight (non-premultiplied) RGBA bytes. */
export function renderIcon(size) {
  const rgba = new Uint8Array(size * size * 4);
  // Apple's grid: an 824-unit rounded square on a 1024 canvas; small sizes use nearly all pixels.
  const margin = size >= 64 ? (100 / 1024) * size : size / 32;
  const half = size / 2 - margin;
  const radius = 0.225 * 2 * half;
  const unit = half; // pixels per landscape unit: the square spans [-1, 1]²
  const lineWidth = Math.max(1, size * 0.014);
  const contours = size >= 128;
  const outlined = size >= 64;
  const pixel = [0, 0, 0];
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const cx = i + 0.5;
      const cy = j + 0.5;
      // Signed distance to the rounded square, in pixels.
      const qx = Math.abs(cx - size / 2) - (half - radius);
      const qy = Math.abs(cy - size / 2) - (half - radius);
      const sd = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
      const alpha = coverage(sd);
      const o = (j * size + i) * 4;
      if (alpha === 0) continue;
      const x = (cx - size / 2) / unit;
      const y = (size / 2 - cy) / unit;
      const height = (1.25 * (loss(x, y) - F_MIN)) / (F_MAX - F_MIN); // 1 and above: the yellow rim
      const t = Math.min(1, height);
      const [gx, gy] = lossGrad(x, y);
      // Hill shading lit from the top left makes the basins read as hollows.
      const shade = 0.97 + 0.08 * Math.max(-1, Math.min(1, (-gx + gy) * 0.6));
      const base = viridis(t);
      for (let k = 0; k < 3; k++) pixel[k] = Math.min(255, base[k] * shade);
      if (contours && height < 0.93) {
        // Contour lines every 1/7 of the range; distance to the level set ≈ |Δt| / |∇t|.
        const levels = 7 * t;
        const gradT = (7 * 1.25 * Math.hypot(gx, gy)) / (F_MAX - F_MIN) / unit;
        const d = Math.abs(levels - Math.round(levels)) / Math.max(gradT, 1e-9);
        over(pixel, [20, 12, 40], 0.28 * coverage(d - Math.max(0.6, size / 512)));
      }
      for (const { points, box } of PATHS) {
        // Far from a path's bounding box nothing of it (line, halo, markers) reaches the pixel.
        const reach = (lineWidth * 3 + 3) / unit;
        if (x < box[0] - reach || x > box[2] + reach || y < box[1] - reach || y > box[3] + reach) continue;
        const d = pathDistance(points, x, y) * unit;
        if (outlined) over(pixel, [25, 10, 45], 0.55 * coverage(d - lineWidth / 2 - Math.max(1, size / 256)));
        over(pixel, [255, 255, 255], coverage(d - lineWidth / 2));
        const [sx, sy] = points[0];
        const [ex, ey] = points[points.length - 1];
        if (outlined) {
          const ds = Math.hypot(x - sx, y - sy) * unit;
          over(pixel, [255, 255, 255], coverage(Math.abs(ds - lineWidth * 1.6) - lineWidth * 0.45));
        }
        const de = Math.hypot(x - ex, y - ey) * unit;
        const endRadius = size <= 16 ? 1.3 : Math.max(1.6, lineWidth * 2.1);
        if (size > 16) over(pixel, [30, 10, 40], coverage(de - endRadius - Math.max(0.6, size / 400)));
        over(pixel, [255, 94, 77], coverage(de - endRadius));
      }
      rgba[o] = Math.round(pixel[0]);
      rgba[o + 1] = Math.round(pixel[1]);
      rgba[o + 2] = Math.round(pixel[2]);
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

// ---------------------------------------------------------------- file formats

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** PNG filter predictors from the left (a), upper (b) and upper-left (c) bytes. */
function predict(filter, a, b, c) {
  switch (filter) {
    case 1: return a;
    case 2: return b;
    case 3: return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default: return 0;
  }
}

/** Encodes 8-bit RGBA pixels as a PNG, choosing each row's filter by the minimum-sum heuristic. */
export function encodePng(width, height, rgba) {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  const candidate = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = rgba.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? rgba.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    let bestCost = Infinity;
    for (let filter = 0; filter < 5; filter++) {
      let cost = 0;
      for (let x = 0; x < stride; x++) {
        const a = x >= 4 ? row[x - 4] : 0;
        const b = up[x];
        const c = x >= 4 ? up[x - 4] : 0;
        const v = (row[x] - predict(filter, a, b, c)) & 0xff;
        candidate[x] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        raw[y * (stride + 1)] = filter;
        candidate.copy(raw, y * (stride + 1) + 1);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO file whose entries are whole PNG files (Windows Vista and later read these). */
export function encodeIco(pngsBySize) {
  const entries = [...pngsBySize].sort(([a], [b]) => a - b);
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(([size, png], n) => {
    const e = 6 + 16 * n;
    header[e] = size % 256; // 0 means 256
    header[e + 1] = size % 256;
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...entries.map(([, png]) => png)]);
}

/** An ICNS file: 'icns' + total length, then (type, length including 8-byte header, PNG) elements. */
export function encodeIcns(elements) {
  const parts = elements.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** Renders every size once and writes the icon set under `outDir`. */
export function writeIcons(outDir) {
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];
  const png = new Map(sizes.map((s) => [s, encodePng(s, s, renderIcon(s))]));
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  writeFileSync(join(outDir, 'icon.png'), png.get(1024));
  for (const s of LINUX_SIZES) writeFileSync(join(outDir, 'icons', `${s}x${s}.png`), png.get(s));
  writeFileSync(join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((s) => [s, png.get(s)])));
  writeFileSync(join(outDir, 'icon.icns'), encodeIcns(ICNS_TYPES.map(([type, s]) => [type, png.get(s)])));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? fileURLToPath(new URL('../build', import.meta.url));
  writeIcons(outDir);
  console.log(`icons written to ${outDir}`);
}
