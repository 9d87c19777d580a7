// One fat line per restart over the landscape, at the same heights as the surface, faded where it
// leaves the plane, with start, head, diverged and stalled markers; playback shows each path up to a
// record, and one path can be highlighted over the others.
import { Color, Group, Vector2, type InterleavedBufferAttribute } from 'three';
import { Line2 } from 'three/examples/jsm/lines/Line2.js';
import { LineGeometry } from 'three/examples/jsm/lines/LineGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { restartColor } from './colormap';
import { sceneX, sceneZ, type Frame } from './frame';
import { checkRecord, drawableCount, fadeWeight, pathY, type PathInput } from './path-points';
import { PathMarkers } from './path-markers';
import { THEMES, type ThemeName } from './theme';

/** What the paths show of a restart's outcome: a cross at the end if it diverged, a flag at the record where it stalled. */
export interface PathOutcome {
  diverged: boolean;
  stalledRecord: number | null;
}

/** How the paths are drawn: line and marker scale (e.g. 3 for a projector) and theme. */
export interface PathStyle {
  lineScale: number;
  theme: ThemeName;
}

/** Line width in pixels at lineScale 1 (doubled for the highlighted path). */
export const LINE_WIDTH = 2;
/** Marker size in scene units per shape unit at lineScale 1 (shapes are about 2 units across). */
export const MARKER_SIZE = 0.008;
/** Opacity of the other paths while one is highlighted. */
export const DIM_OPACITY = 0.25;
/**
 * How far (scene units) the paths' group is raised: a straight segment between two records on a
 * convex stretch of surface would otherwise dip under it. The line geometry itself stays exact.
 */
export const PATH_LIFT = 0.004;

export type { PathInput };

interface Entry {
  input: PathInput;
  count: number;
  /** Scene positions of the drawable points, 3 × count. */
  points: Float32Array;
  /** Linear RGB per point after fading, 3 × count. */
  colors: Float32Array;
  line: Line2 | null;
  outcome: PathOutcome;
}

const NO_OUTCOME: PathOutcome = { diverged: false, stalledRecord: null };
const base = new Color();
const background = new Color();
const markerColor = new Color();

/** The paths of one landscape, with their markers. */
export class Paths {
  /** Lines and markers; add it to the scene. */
  readonly object = new Group();
  readonly markers: PathMarkers;
  private readonly entries: Entry[];
  private readonly resolution = new Vector2(1, 1);
  private step: number | null = null;
  private highlighted: number | null = null;

  constructor(
    paths: readonly PathInput[],
    private frame: Frame,
    private style: PathStyle,
  ) {
    this.entries = paths.map((input) => {
      const count = drawableCount(input);
      return { input, count, points: new Float32Array(3 * count), colors: new Float32Array(3 * count), line: null, outcome: NO_OUTCOME };
    });
    this.markers = new PathMarkers(paths.length);
    this.object.add(this.markers.object);
    this.object.position.y = PATH_LIFT;
    for (const e of this.entries) {
      this.fillPoints(e);
      this.fillColors(e);
      if (e.count < 2) continue;
      const geometry = new LineGeometry();
      geometry.setPositions(e.points);
      geometry.setColors(e.colors);
      const material = new LineMaterial({ vertexColors: true, linewidth: LINE_WIDTH, worldUnits: false });
      material.resolution.copy(this.resolution);
      e.line = new Line2(geometry, material);
      e.line.userData.restart = e.input.restart;
      e.line.name = `path:${e.input.restart}`;
      this.object.add(e.line);
    }
    this.applyLook();
  }

  /** The drawn lines (paths with at least two drawable records), each with userData.restart. */
  get lines(): Line2[] {
    return this.entries.flatMap((e) => (e.line ? [e.line] : []));
  }

  /** The line of `restart`, or null when it has none. */
  line(restart: number): Line2 | null {
    return this.entries.find((e) => e.input.restart === restart)?.line ?? null;
  }

  /** The record index the head of `restart`'s path is at, or null when it has no drawable record. */
  head(restart: number): number | null {
    const e = this.entries.find((x) => x.input.restart === restart);
    return e && e.count > 0 ? this.headOf(e) : null;
  }

  /** The slot (marker instance index) of `restart`, or −1. */
  slot(restart: number): number {
    return this.entries.findIndex((e) => e.input.restart === restart);
  }

  /** Moves every point to a new frame (e.g. the height scale changed), rewriting the line buffers in place. */
  setFrame(frame: Frame): void {
    this.frame = frame;
    for (const e of this.entries) {
      this.fillPoints(e);
      this.fillColors(e);
      this.upload(e);
    }
    this.placeMarkers();
  }

  /** Sets each restart's outcome (restarts missing from the map have none). */
  setOutcomes(outcomes: ReadonlyMap<number, PathOutcome>): void {
    for (const e of this.entries) e.outcome = outcomes.get(e.input.restart) ?? NO_OUTCOME;
    this.placeMarkers();
  }

  /** Shows each path up to record `k` (its head there, or at its end if shorter); null shows whole paths. */
  setStep(k: number | null): void {
    this.step = checkRecord(k);
    for (const e of this.entries) {
      if (!e.line) continue;
      const head = this.headOf(e);
      e.line.geometry.instanceCount = head;
      e.line.visible = head > 0;
    }
    this.placeMarkers();
  }

  /** Draws `restart`'s path wider and on top, dimming the others; null (or a restart without a path) dims none. */
  highlight(restart: number | null): void {
    this.highlighted = restart !== null && this.entries.some((e) => e.input.restart === restart) ? restart : null;
    this.applyLook();
  }

  /** Changes line scale or theme. */
  setStyle(style: Partial<PathStyle>): void {
    const themeChanged = style.theme !== undefined && style.theme !== this.style.theme;
    this.style = { ...this.style, ...style };
    if (themeChanged)
      for (const e of this.entries) {
        this.fillColors(e);
        this.upload(e);
      }
    this.applyLook();
  }

  /** Sets the canvas size in CSS pixels, which fat lines need to be drawn and picked. */
  setResolution(width: number, height: number): void {
    this.resolution.set(width, height);
    for (const e of this.entries) e.line?.material.resolution.set(width, height);
  }

  /** Disposes every line's geometry and material and the markers. */
  dispose(): void {
    for (const e of this.entries) {
      e.line?.geometry.dispose();
      e.line?.material.dispose();
    }
    this.markers.dispose();
  }

  private headOf(e: Entry): number {
    return this.step === null ? e.count - 1 : Math.min(this.step, e.count - 1);
  }

  private fillPoints(e: Entry): void {
    const { x, y, loss } = e.input;
    for (let k = 0; k < e.count; k++) {
      e.points[3 * k] = sceneX(this.frame, x[k]!);
      e.points[3 * k + 1] = pathY(this.frame, loss[k]!);
      e.points[3 * k + 2] = sceneZ(this.frame, y[k]!);
    }
  }

  // Fading blends each point's colour towards the background, so it works with opaque lines.
  private fillColors(e: Entry): void {
    base.setHex(restartColor(e.input.restart, this.style.theme));
    background.setHex(THEMES[this.style.theme].background);
    for (let k = 0; k < e.count; k++) {
      const w = fadeWeight(e.input.offPlane[k]!, this.frame.extent);
      e.colors[3 * k] = background.r + w * (base.r - background.r);
      e.colors[3 * k + 1] = background.g + w * (base.g - background.g);
      e.colors[3 * k + 2] = background.b + w * (base.b - background.b);
    }
  }

  // LineGeometry keeps segments (point k, point k+1) interleaved; rewrite them from the per-point arrays.
  private upload(e: Entry): void {
    if (!e.line) return;
    const g = e.line.geometry;
    writeSegments((g.getAttribute('instanceStart') as InterleavedBufferAttribute).data.array as Float32Array, e.points, e.count);
    writeSegments((g.getAttribute('instanceColorStart') as InterleavedBufferAttribute).data.array as Float32Array, e.colors, e.count);
    (g.getAttribute('instanceStart') as InterleavedBufferAttribute).data.needsUpdate = true;
    (g.getAttribute('instanceColorStart') as InterleavedBufferAttribute).data.needsUpdate = true;
    g.computeBoundingBox();
    g.computeBoundingSphere();
  }

  private applyLook(): void {
    const any = this.highlighted !== null;
    for (const e of this.entries) {
      if (!e.line) continue;
      const on = e.input.restart === this.highlighted;
      const m = e.line.material;
      const transparent = any;
      if (m.transparent !== transparent) m.needsUpdate = true;
      m.transparent = transparent;
      m.linewidth = LINE_WIDTH * this.style.lineScale * (on ? 2 : 1);
      m.opacity = any && !on ? DIM_OPACITY : 1;
      // The highlighted line is drawn last and ignores depth, so nothing hides it.
      m.depthTest = !on;
      m.depthWrite = !any;
      e.line.renderOrder = on ? 10 : 0;
    }
    this.placeMarkers();
  }

  private placeMarkers(): void {
    const bg = background.setHex(THEMES[this.style.theme].background);
    this.entries.forEach((e, slot) => {
      const m = this.markers;
      if (e.count === 0) {
        for (const kind of ['start', 'head', 'diverged', 'stalled'] as const) m.hide(kind, slot);
        return;
      }
      const on = e.input.restart === this.highlighted;
      const dim = this.highlighted !== null && !on;
      const size = MARKER_SIZE * this.style.lineScale * (on ? 1.6 : 1);
      markerColor.setHex(restartColor(e.input.restart, this.style.theme));
      if (dim) markerColor.lerp(bg, 1 - DIM_OPACITY);
      const p = e.points;
      const at = (kind: 'start' | 'head' | 'diverged' | 'stalled', k: number) => m.place(kind, slot, p[3 * k]!, p[3 * k + 1]!, p[3 * k + 2]!, size, markerColor);
      const head = this.headOf(e);
      at('start', 0);
      const ended = head === e.count - 1;
      if (ended && e.outcome.diverged) {
        at('diverged', head);
        m.hide('head', slot);
      } else {
        m.hide('diverged', slot);
        if (head > 0) at('head', head);
        else m.hide('head', slot);
      }
      const s = e.outcome.stalledRecord;
      if (s !== null && s <= head) at('stalled', s);
      else m.hide('stalled', slot);
    });
    this.markers.commit();
  }
}

/** Writes per-point values (3 per point, `count` points) as segment pairs [p0 p1 p1 p2 …] into `target`. */
function writeSegments(target: Float32Array, perPoint: Float32Array, count: number): void {
  for (let s = 0; s + 1 < count; s++) {
    for (let c = 0; c < 6; c++) target[6 * s + c] = perPoint[3 * s + c]!;
  }
}
