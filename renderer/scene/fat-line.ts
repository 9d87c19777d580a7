// A polyline drawn a fixed number of pixels wide, with per-point colours: every segment is its own
// quad of two triangles, widened in screen space by the vertex shader and stretched by half the width
// past both ends so neighbouring quads cover the joins. Plain (non-instanced) triangles: three's Line2
// draws one instance per segment, which software WebGL (SwiftShader, used where there is no usable
// GPU) runs about forty times slower; 256 paths of 701 points took 8 s a frame there, these take 0.2 s.
import { Box3, BufferAttribute, BufferGeometry, DoubleSide, Mesh, ShaderMaterial, Sphere, Vector2, Vector3 } from 'three';

const point = new Vector3();
const size = new Vector3();

const VERTEX = /* glsl */ `
attribute vec3 other;
attribute vec2 corner;
attribute vec3 color;
attribute float record;
uniform vec2 resolution;
uniform float linewidth;
uniform float step;
varying vec3 vColor;

// A point behind the near plane is moved along the segment onto it, as three's LineMaterial does.
void trimToNear(inout vec4 here, in vec4 there) {
  if (projectionMatrix[2][3] != -1.0) return;
  float near = -0.5 * projectionMatrix[3][2] / projectionMatrix[2][2];
  if (here.z > near && there.z < near) here.xyz = mix(here.xyz, there.xyz, (near - here.z) / (there.z - here.z));
}

void main() {
  vColor = color;
  // Playback: a segment ending after record "step" is moved outside the clip volume.
  if (record > step) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  vec4 here = modelViewMatrix * vec4(position, 1.0);
  vec4 there = modelViewMatrix * vec4(other, 1.0);
  trimToNear(here, there);
  trimToNear(there, here);
  vec4 clip = projectionMatrix * here;
  vec4 clipThere = projectionMatrix * there;
  // Screen-space direction from this end to the other, in pixels.
  vec2 d = (clipThere.xy / clipThere.w - clip.xy / clip.w) * resolution;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 normal = vec2(-dir.y, dir.x);
  // corner.x: +1 or -1 across the line; corner.y: 1 stretches outward past this end.
  vec2 offset = (normal * corner.x - dir * corner.y) * 0.5 * linewidth;
  clip.xy += offset / resolution * 2.0 * clip.w;
  gl_Position = clip;
}
`;

const FRAGMENT = /* glsl */ `
uniform float opacity;
varying vec3 vColor;
void main() {
  gl_FragColor = vec4(vColor, opacity);
  #include <colorspace_fragment>
}
`;

/** Marks the first `length` values of `a` to be uploaded at the next render. */
function markUploaded(a: BufferAttribute, length: number): void {
  a.clearUpdateRanges();
  a.addUpdateRange(0, length);
  a.needsUpdate = true;
}

/** The material of a FatLine: width in CSS pixels, the canvas size it is drawn at, and opacity. */
export class FatLineMaterial extends ShaderMaterial {
  constructor(linewidth: number) {
    super({
      uniforms: { resolution: { value: new Vector2(1, 1) }, linewidth: { value: linewidth }, opacity: { value: 1 }, step: { value: NO_STEP } },
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      side: DoubleSide,
    });
  }

  /** Width in pixels of the canvas given as resolution. */
  // ShaderMaterial's constructor sets linewidth and opacity before the uniforms exist: those are ignored.
  override get linewidth(): number {
    return (this.uniforms?.linewidth?.value as number | undefined) ?? 1;
  }
  override set linewidth(value: number) {
    if (this.uniforms?.linewidth) this.uniforms.linewidth.value = value;
  }

  /** The canvas size in CSS pixels (drawing-buffer pixels for an export). */
  get resolution(): Vector2 {
    return this.uniforms.resolution!.value as Vector2;
  }

  override get opacity(): number {
    return (this.uniforms?.opacity?.value as number | undefined) ?? 1;
  }
  override set opacity(value: number) {
    if (this.uniforms?.opacity) this.uniforms.opacity.value = value;
  }
}

/** The step uniform that shows every record. */
const NO_STEP = 3e38;

/** One polyline of a FatLine: `count` points (3 floats each) and their linear RGB colours. */
export interface Polyline {
  points: Float32Array;
  colors: Float32Array;
  count: number;
}

/** Each segment's four vertices: which side of the line (corner.x); vertices 0, 1 sit at its near end, 2, 3 at its far end. */
const SIDES = [1, -1, -1, 1];

/**
 * The corner attribute and the index are the same for every line (segment s: vertices 4s .. 4s+3,
 * triangles (4s, 4s+1, 4s+2) and (4s+2, 4s+1, 4s+3)): one shared pair, grown to the longest line,
 * is uploaded once for all. A line uses its first segments' worth through its draw range.
 */
let pattern: { segments: number; corner: BufferAttribute; index: BufferAttribute } | null = null;

function sharedPattern(segments: number): { corner: BufferAttribute; index: BufferAttribute } {
  if (pattern === null || pattern.segments < segments) {
    const n = Math.max(segments, 2 * (pattern?.segments ?? 0), 16_384);
    const corner = new Float32Array(8 * n);
    const index = new Uint32Array(6 * n);
    for (let s = 0; s < n; s++) {
      for (let k = 0; k < 4; k++) {
        corner[8 * s + 2 * k] = SIDES[k]!;
        corner[8 * s + 2 * k + 1] = 1;
      }
      const v = 4 * s;
      index.set([v, v + 1, v + 2, v + 2, v + 1, v + 3], 6 * s);
    }
    pattern = { segments: n, corner: new BufferAttribute(corner, 2), index: new BufferAttribute(index, 1) };
  }
  return pattern;
}

/** The segments of `lines` together (a line of n points has n − 1). */
function segmentsOf(lines: readonly Polyline[]): number {
  return lines.reduce((n, l) => n + Math.max(0, l.count - 1), 0);
}

/**
 * Polylines of up to `capacity` segments in all, drawn in one call: setPoints for one line (with
 * setDrawnPoints for a prefix), setPolylines for several (with setStep for playback: each shows its
 * segments up to record k, as many as it has); addPolylines and movePolylines do the same in parts.
 */
export class FatLine extends Mesh<BufferGeometry, FatLineMaterial> {
  private readonly segmentCapacity: number;
  private pointCount = 0;
  private segmentCount = 0;

  constructor(capacity: number, linewidth: number) {
    const segments = Math.max(0, capacity);
    const geometry = new BufferGeometry();
    const shared = sharedPattern(segments);
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(12 * segments), 3));
    geometry.setAttribute('other', new BufferAttribute(new Float32Array(12 * segments), 3));
    geometry.setAttribute('color', new BufferAttribute(new Float32Array(12 * segments), 3));
    geometry.setAttribute('record', new BufferAttribute(new Float32Array(4 * segments), 1));
    geometry.setAttribute('corner', shared.corner);
    geometry.setIndex(shared.index);
    super(geometry, new FatLineMaterial(linewidth));
    this.segmentCapacity = segments;
    this.frustumCulled = false;
  }

  /**
   * Releases the line's buffers and material. The shared corner and index stay (other lines use
   * them): three deletes a disposed geometry's attributes from the GPU, so they are detached first.
   */
  override dispose(): void {
    this.geometry.setIndex(null);
    this.geometry.deleteAttribute('corner');
    this.geometry.dispose();
    this.material.dispose();
  }

  /** Segments drawn (points of the shown prefix minus one, for a single line). */
  get segments(): number {
    return this.geometry.drawRange.count / 6;
  }

  /** Draws one polyline of `count` points; segment s joins point s to s + 1. */
  setPoints(points: Float32Array, colors: Float32Array, count: number): void {
    this.setPolylines([{ points, colors, count }]);
  }

  /** Draws several polylines, one after another in the buffers (at most `capacity` segments together). */
  setPolylines(lines: readonly Polyline[]): void {
    this.pointCount = 0;
    this.segmentCount = 0;
    this.addPolylines(lines);
  }

  /**
   * Draws `lines` after the polylines drawn already (at most `capacity` segments in all), so that
   * several calls draw what one setPolylines with all the lines would; returns the first segment the
   * lines were written at (for movePolylines).
   */
  addPolylines(lines: readonly Polyline[]): number {
    const first = this.segmentCount;
    const total = first + segmentsOf(lines);
    if (total > this.segmentCapacity) throw new Error(`FatLine: ${total} segments, capacity ${this.segmentCapacity}`);
    this.writePositions(lines, first);
    const color = this.geometry.getAttribute('color') as BufferAttribute;
    const record = this.geometry.getAttribute('record') as BufferAttribute;
    const C = color.array as Float32Array;
    const R = record.array as Float32Array;
    // Plain loops (this runs for every path at once).
    let o = 12 * first;
    let r = 4 * first;
    for (const { colors, count } of lines) {
      for (let s = 0; s + 1 < count; s++, o += 12, r += 4) {
        // Vertices 0, 1 take point s's colour, vertices 2, 3 point s + 1's; all four record s + 1.
        const a = 3 * s;
        for (let c = 0; c < 3; c++) {
          const ca = colors[a + c]!, cb = colors[a + 3 + c]!;
          C[o + c] = ca;
          C[o + 3 + c] = ca;
          C[o + 6 + c] = cb;
          C[o + 9 + c] = cb;
        }
        R[r] = R[r + 1] = R[r + 2] = R[r + 3] = s + 1;
      }
    }
    this.segmentCount = total;
    this.pointCount += lines.reduce((n, l) => n + l.count, 0);
    markUploaded(color, 12 * total);
    markUploaded(record, 4 * total);
    this.geometry.setDrawRange(0, 6 * total);
    return first;
  }

  /**
   * Moves the points of polylines drawn already, starting at segment `firstSegment` (the same lines,
   * counts and colours: only positions change, e.g. when the height scale does), rewriting and
   * uploading the two position buffers only: no colour or record writes or uploads. The bounding
   * volumes start afresh at segment 0 and grow with each later part, so move the lines in order.
   */
  movePolylines(lines: readonly Polyline[], firstSegment = 0): void {
    const end = firstSegment + segmentsOf(lines);
    if (firstSegment === 0 && end === this.segmentCount) {
      const total = lines.reduce((n, l) => n + l.count, 0);
      if (total !== this.pointCount) throw new Error(`FatLine.movePolylines: ${total} points, the lines drawn have ${this.pointCount}`);
    } else if (!(Number.isInteger(firstSegment) && firstSegment >= 0 && end <= this.segmentCount)) {
      throw new Error(`FatLine.movePolylines: segments ${firstSegment} to ${end}, the lines drawn have ${this.segmentCount}`);
    }
    this.writePositions(lines, firstSegment);
  }

  /**
   * Writes the lines' segment ends into the position and other-end buffers from segment `first` on,
   * marks the buffers for upload, and sets the bounding box and sphere (from these lines when `first`
   * is 0, else grown by them).
   */
  private writePositions(lines: readonly Polyline[], first: number): void {
    const g = this.geometry;
    const position = g.getAttribute('position') as BufferAttribute;
    const other = g.getAttribute('other') as BufferAttribute;
    const P = position.array as Float32Array;
    const O = other.array as Float32Array;
    const box = (g.boundingBox ??= new Box3());
    if (first === 0) box.makeEmpty();
    let minX = box.min.x, minY = box.min.y, minZ = box.min.z, maxX = box.max.x, maxY = box.max.y, maxZ = box.max.z;
    let seg = first;
    for (const line of lines) {
      const { count } = line;
      const xyz = line.points;
      for (let k = 0; k < 3 * count; k += 3) {
        const x = xyz[k]!, y = xyz[k + 1]!, z = xyz[k + 2]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        if (z < minZ) minZ = z;
        if (z > maxZ) maxZ = z;
      }
      for (let s = 0; s + 1 < count; s++, seg++) {
        // Vertices 0, 1 at point s (the other end s + 1); vertices 2, 3 at point s + 1 (the other end s).
        const a = 3 * s;
        const b = a + 3;
        const o = 12 * seg;
        for (let c = 0; c < 3; c++) {
          const pa = xyz[a + c]!, pb = xyz[b + c]!;
          P[o + c] = pa;
          P[o + 3 + c] = pa;
          P[o + 6 + c] = pb;
          P[o + 9 + c] = pb;
          O[o + c] = pb;
          O[o + 3 + c] = pb;
          O[o + 6 + c] = pa;
          O[o + 9 + c] = pa;
        }
      }
    }
    box.min.set(minX, minY, minZ);
    box.max.set(maxX, maxY, maxZ);
    const empty = box.isEmpty();
    (g.boundingSphere ??= new Sphere()).set(box.getCenter(point), empty ? 0 : box.getSize(size).length() / 2);
    const written = Math.max(seg, this.segmentCount);
    markUploaded(position, 12 * written);
    markUploaded(other, 12 * written);
  }

  /** Draws points 0 .. n−1 only of a single line (at most those it has); fewer than two draw nothing. */
  setDrawnPoints(n: number): void {
    const segments = Math.max(0, Math.min(n, this.pointCount) - 1);
    this.geometry.setDrawRange(0, 6 * segments);
  }

  /** Playback over all polylines: each shows its points 0 .. k (all of them when shorter); null shows everything. */
  setStep(k: number | null): void {
    this.material.uniforms.step!.value = k === null ? NO_STEP : k;
  }
}
