// One fat line per restart over the landscape, at the same heights as the surface, faded where it
// leaves the plane, with start, head, diverged and stalled markers; playback shows each path up to a
// record, and one path can be highlighted over the others.
import { Color, Group, Vector2 } from 'three';
import { restartColor } from './colormap';
import { FatLine } from './fat-line';
import { PathLine } from './path-line';
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
  line: PathLine | null;
  /** The first segment of the path in the batch (once its line is built). */
  segment: number;
  outcome: PathOutcome;
}

/** Work left before the paths show complete: building them, or moving them to a new frame. */
type Job = 'build' | 'move';

const NO_OUTCOME: PathOutcome = { diverged: false, stalledRecord: null };
const base = new Color();
const background = new Color();
const markerColor = new Color();

/**
 * The paths of one landscape, with their markers. Built at once, or (`later`) path by path through
 * work(), so that no single task of the page builds them all: while work is left, changes are kept
 * and applied when it is done, and reading the lines finishes it first.
 */
export class Paths {
  /** Lines and markers; add it to the scene. */
  readonly object = new Group();
  readonly markers: PathMarkers;
  private readonly entries: Entry[];
  private readonly resolution = new Vector2(1, 1);
  private step: number | null = null;
  private highlighted: number | null = null;
  /** Every path in one draw call. */
  private readonly batch: FatLine;
  /** The highlighted path, drawn over the batch (null: none). */
  private top: FatLine | null = null;
  /** Line widths are multiplied by this during an export at another size (view.renderAt). */
  private widthFactor = 1;
  /** The work in progress (null: none) and the entry it does next. */
  private job: Job | null = 'build';
  private cursor = 0;
  /** The frame changed while the paths were being built: the ones built before must move. */
  private moveAfterBuild = false;

  /** Paths drawn in `frame` with `style`; built now, or with `later`, by calls to work() (or at the first read of the lines). */
  constructor(
    paths: readonly PathInput[],
    private frame: Frame,
    private style: PathStyle,
    later = false,
  ) {
    this.entries = paths.map((input) => {
      const count = drawableCount(input);
      return { input, count, points: new Float32Array(3 * count), colors: new Float32Array(3 * count), line: null, segment: 0, outcome: NO_OUTCOME };
    });
    this.markers = new PathMarkers(paths.length);
    this.object.add(this.markers.object);
    this.object.position.y = PATH_LIFT;
    this.batch = new FatLine(this.entries.reduce((n, e) => n + Math.max(0, e.count - 1), 0), LINE_WIDTH);
    this.batch.name = 'paths';
    this.batch.setPolylines([]);
    this.object.add(this.batch);
    if (!later) this.settle();
  }

  /** Whether work is left (the paths are not all built, or not all moved to the latest frame). */
  get pending(): boolean {
    return this.job !== null;
  }

  /**
   * Does the work left path by path, asking `stop` after each whether to pause; returns true when
   * none is left (the paths, their markers and the highlighted line are then complete and current).
   */
  work(stop: () => boolean): boolean {
    while (this.job !== null) {
      const job = this.job;
      if (this.cursor < this.entries.length) {
        const e = this.entries[this.cursor++]!;
        if (job === 'build') this.buildEntry(e);
        else this.moveEntry(e);
        if (stop()) return false;
        continue;
      }
      this.cursor = 0;
      if (job === 'build' && this.moveAfterBuild) {
        this.moveAfterBuild = false;
        this.job = 'move';
        continue;
      }
      this.job = null;
      if (job === 'build') this.batch.setStep(this.step);
      // Both redraw the highlighted line and place the markers.
      if (job === 'build') this.applyLook();
      else {
        this.placeTop(true);
        this.placeMarkers();
      }
    }
    return true;
  }

  /** Does all the work left now. */
  settle(): void {
    this.work(() => false);
  }

  /** Draws the frame at `factor` times the line widths (an export at another size); 1 restores them. */
  setWidthFactor(factor: number): void {
    this.widthFactor = factor;
    this.applyLook();
  }

  /** The drawn lines (paths with at least two drawable records), each with userData.restart. */
  get lines(): PathLine[] {
    this.settle();
    return this.entries.flatMap((e) => (e.line ? [e.line] : []));
  }

  /** The line of `restart`, or null when it has none. */
  line(restart: number): PathLine | null {
    this.settle();
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

  /**
   * Moves every point to a new frame (e.g. the height scale changed), rewriting the line buffers in
   * place: now, or with `later`, by calls to work(). Colours depend on the frame's extent only: when
   * it is unchanged (grid rows arriving change the heights alone), only positions are rewritten and
   * uploaded; when it changes, everything is rewritten now.
   */
  setFrame(frame: Frame, later = false): void {
    if (frame.extent !== this.frame.extent) {
      this.settle();
      this.frame = frame;
      for (const e of this.entries) {
        this.fillPoints(e);
        this.fillColors(e);
      }
      this.uploadAll();
      this.placeMarkers();
      return;
    }
    this.frame = frame;
    // A build in progress finishes at the new frame and then moves the paths it built before.
    if (this.job === 'build') this.moveAfterBuild ||= this.cursor > 0;
    else {
      this.job = 'move';
      this.cursor = 0;
    }
    if (!later) this.settle();
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
      e.line.setDrawnPoints(head + 1);
      e.line.visible = head > 0;
    }
    this.batch.setStep(this.step);
    this.placeTop();
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
    if (themeChanged) {
      this.settle();
      for (const e of this.entries) this.fillColors(e);
      this.uploadAll();
    }
    this.applyLook();
  }

  /** Sets the canvas size in CSS pixels, which fat lines need to be drawn and picked. */
  setResolution(width: number, height: number): void {
    this.resolution.set(width, height);
    for (const e of this.entries) e.line?.material.resolution.set(width, height);
    this.batch.material.resolution.set(width, height);
    this.top?.material.resolution.set(width, height);
  }

  /** Disposes every line's geometry and material and the markers; work left is dropped. */
  dispose(): void {
    this.job = null;
    for (const e of this.entries) e.line?.dispose();
    this.batch.dispose();
    this.top?.dispose();
    this.markers.dispose();
  }

  private headOf(e: Entry): number {
    return this.step === null ? e.count - 1 : Math.min(this.step, e.count - 1);
  }

  // Fills the points and colours of one path and draws it in the batch, after the paths built before it.
  private buildEntry(e: Entry): void {
    this.fillPoints(e);
    this.fillColors(e);
    if (e.count < 2) return;
    e.line = new PathLine(e.points, e.colors, e.count, LINE_WIDTH);
    e.line.material.resolution.copy(this.resolution);
    e.line.userData.restart = e.input.restart;
    e.line.name = `path:${e.input.restart}`;
    const head = this.headOf(e);
    e.line.setDrawnPoints(head + 1);
    e.line.visible = head > 0;
    this.object.add(e.line);
    e.segment = this.batch.addPolylines([e]);
  }

  // Moves one path's points (and its part of the batch) to the current frame.
  private moveEntry(e: Entry): void {
    this.fillPoints(e);
    if (e.line) this.batch.movePolylines([e], e.segment);
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

  // Rewrites the batch (and the highlighted path's line) from the per-point arrays.
  private uploadAll(): void {
    this.batch.setPolylines(this.entries.filter((e) => e.line !== null));
    this.batch.setStep(this.step);
    if (this.top) this.placeTop(true);
  }

  // The highlighted path's own line, over the batch, as far as playback shows it; rebuilt when the path changes.
  private placeTop(rewrite = false): void {
    // While work is left the points may be half done; work() redraws the line when it is done.
    if (this.job !== null) return;
    const e = this.entries.find((x) => x.line !== null && x.input.restart === this.highlighted);
    if (!e) {
      if (this.top) {
        this.object.remove(this.top);
        this.top.dispose();
        this.top = null;
      }
      return;
    }
    if (!this.top || this.top.userData.restart !== e.input.restart || rewrite) {
      if (this.top) {
        this.object.remove(this.top);
        this.top.dispose();
      }
      this.top = new FatLine(e.count - 1, LINE_WIDTH);
      this.top.setPoints(e.points, e.colors, e.count);
      this.top.userData.restart = e.input.restart;
      this.top.name = 'highlighted path';
      this.top.material.resolution.copy(this.resolution);
      this.object.add(this.top);
    }
    const head = this.headOf(e);
    this.top.setDrawnPoints(head + 1);
    this.top.visible = head > 0;
    const m = this.top.material;
    m.linewidth = e.line!.material.linewidth;
    // Nothing hides the highlighted line: it ignores depth, and is transparent (at full opacity) so
    // that it is drawn after the dimmed paths, which are transparent too and were drawn over it.
    m.depthTest = false;
    m.depthWrite = false;
    if (!m.transparent) m.needsUpdate = true;
    m.transparent = true;
    this.top.renderOrder = 10;
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
      m.linewidth = LINE_WIDTH * this.style.lineScale * this.widthFactor * (on ? 2 : 1);
      m.opacity = any && !on ? DIM_OPACITY : 1;
      // The highlighted line is drawn last and ignores depth, so nothing hides it.
      m.depthTest = !on;
      m.depthWrite = !any;
      e.line.renderOrder = on ? 10 : 0;
    }
    // The batch draws every path as the others are drawn; the highlighted one again over it.
    const b = this.batch.material;
    if (b.transparent !== any) b.needsUpdate = true;
    b.transparent = any;
    b.linewidth = LINE_WIDTH * this.style.lineScale * this.widthFactor;
    b.opacity = any ? DIM_OPACITY : 1;
    b.depthWrite = !any;
    this.placeTop();
    this.placeMarkers();
  }

  private placeMarkers(): void {
    if (this.job !== null) return;
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
    // The highlighted path's markers, like its line, are drawn over the surface and the other paths.
    const on = this.highlighted === null ? -1 : this.slot(this.highlighted);
    this.markers.select(on < 0 ? null : on);
    this.markers.commit();
  }
}
