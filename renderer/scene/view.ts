// LandscapeView: the whole 3-D scene on one canvas (surface, contours, paths, markers, cameras),
// rendered on demand: every change calls invalidate(), which schedules at most one frame.
import { Color, DirectionalLight, Group, HemisphereLight, Scene, WebGLRenderer, type Camera, type ColorRepresentation, type Object3D } from 'three';
import type { RestartResult } from '../../core/experiment/result';
import type { LandscapeData } from '../../core/protocol/lab-api';
import { CameraRig } from './camera';
import { MinimaMarkers } from './markers';
import { pathOutcomes } from './outcomes';
import { checkRecord } from './path-points';
import { Paths } from './paths';
import { softwareRendering } from './renderer-kind';
import { pickRestart } from './picking';
import { Surface } from './surface';
import { THEMES, type ThemeName } from './theme';

/** The part of WebGLRenderer the view uses, so tests can pass a fake (jsdom has no WebGL). */
export interface RendererLike {
  setPixelRatio(ratio: number): void;
  setSize(width: number, height: number, updateStyle?: boolean): void;
  setClearColor(color: ColorRepresentation, alpha?: number): void;
  render(scene: Object3D, camera: Camera): void;
  dispose(): void;
}

/** How the landscape is drawn. */
export interface ViewOptions {
  logHeight: boolean;
  contours: boolean;
  /** Contour levels when contours are on (1–100). */
  contourLevels: number;
  wireframe: boolean;
  /** The top-down contour view (orthographic, straight above) instead of the orbiting perspective view. */
  topDown: boolean;
  /** Line and marker thickness factor (1 normal; about 3 for a projector). */
  lineScale: number;
  theme: ThemeName;
}

/** The landscape a view shows and the scene parts drawing it. */
export interface ViewContent {
  data: LandscapeData;
  /** The restart of each drawn path, by slot (the paths' marker instance index). */
  restarts: readonly number[];
  surface: Surface;
  paths: Paths;
  minima: MinimaMarkers;
}

/** The options a new view starts with. */
export const DEFAULT_VIEW_OPTIONS: Readonly<ViewOptions> = { logHeight: false, contours: false, contourLevels: 12, wireframe: false, topDown: false, lineScale: 1, theme: 'light' };

/** What the view can be given instead of the browser's: a renderer, a frame scheduler, a task scheduler and clock, a pixel ratio. */
export interface ViewDeps {
  createRenderer?: (canvas: HTMLCanvasElement) => RendererLike;
  requestFrame?: (callback: () => void) => number;
  cancelFrame?: (id: number) => void;
  /** Runs `work` in a later task (default setTimeout 0); tests may run it at once. */
  schedule?: (work: () => void) => void;
  /** Milliseconds on the clock that work slices are measured by (default performance.now). */
  now?: () => number;
  pixelRatio?: number;
  /** Whether the given renderer draws in software (default false); without a renderer it is detected. */
  software?: boolean;
}

/**
 * How long one task may build or move paths (ms). Building 256 paths at once took 55–72 ms, before
 * V8 has optimized the code; slices stay short even when another process stretches them.
 */
export const WORK_SLICE_MS = 8;

/** The 3-D landscape on a canvas; call dispose() when the canvas goes away. */
export class LandscapeView {
  readonly scene = new Scene();
  /** Whether WebGL runs in software here (renderer-kind.ts): no multisampling, and the window draws fewer points. */
  readonly software: boolean;
  readonly cameras: CameraRig;
  private readonly renderer: RendererLike;
  private readonly requestFrame: (callback: () => void) => number;
  private readonly cancelFrame: (id: number) => void;
  private readonly schedule: (work: () => void) => void;
  private readonly now: () => number;
  /** Whether a slice of path work is scheduled. */
  private working = false;
  /** Paths to be built in the next slice of work (null: none waiting). */
  private pathInputs: LandscapeData['paths'] | null = null;
  private readonly observer: ResizeObserver | null;
  private readonly lights = [new HemisphereLight(0xffffff, 0x4a4a4a, 1.4), new DirectionalLight(0xffffff, 1.8)];
  private readonly background = new Color();
  private options: ViewOptions = { ...DEFAULT_VIEW_OPTIONS };
  private data: LandscapeData | null = null;
  // The restart of each drawn path, in the paths' slot order (setPaths may replace the landscape's own).
  private restarts: number[] = [];
  private surface: Surface | null = null;
  private paths: Paths | null = null;
  private minima: MinimaMarkers | null = null;
  private results: readonly RestartResult[] = [];
  private variant: number | undefined = undefined;
  private highlighted: number | null = null;
  private step: number | null = null;
  private size = { width: 1, height: 1 };
  private frame: number | null = null;
  private disposed = false;

  constructor(
    /** The canvas the view draws on (e.g. to record it as a video). */
    readonly canvas: HTMLCanvasElement,
    deps: ViewDeps = {},
    options: Partial<ViewOptions> = {},
  ) {
    checkOptions({ ...DEFAULT_VIEW_OPTIONS, ...options });
    // Software WebGL multisamples on the CPU, at about five times the cost of a frame without it.
    this.software = deps.createRenderer ? (deps.software ?? false) : softwareRendering();
    this.renderer = deps.createRenderer ? deps.createRenderer(canvas) : new WebGLRenderer({ canvas, antialias: !this.software, preserveDrawingBuffer: true });
    this.requestFrame = deps.requestFrame ?? ((cb) => requestAnimationFrame(cb));
    this.cancelFrame = deps.cancelFrame ?? ((id) => cancelAnimationFrame(id));
    this.schedule = deps.schedule ?? ((work) => void setTimeout(work, 0));
    this.now = deps.now ?? (() => performance.now());
    this.renderer.setPixelRatio(deps.pixelRatio ?? globalThis.devicePixelRatio ?? 1);
    this.cameras = new CameraRig(canvas, () => this.invalidate());
    this.lights[1]!.position.set(0.8, 2, 1.2);
    this.scene.add(...this.lights);
    this.scene.background = this.background;
    this.observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.resize());
    this.observer?.observe(canvas);
    this.setOptions(options);
    this.resize();
    if (!deps.createRenderer) this.warmUp(this.renderer as WebGLRenderer);
  }

  /**
   * Compiles and links the scene's shader programs now, while the window starts, instead of at the
   * first frame of a landscape: software WebGL takes tens of milliseconds per program, and links a
   * program only when it is first drawn with (compileAsync alone does not get that far there). A tiny
   * landscape is drawn once, and kept hidden so its materials keep the programs alive (three releases
   * a program when its last material is disposed); the next frame draws over it.
   */
  private warmUp(renderer: WebGLRenderer): void {
    const line = Float64Array.of(-1, 1);
    const data: LandscapeData = { kind: 'function', variant: null, plane: 'domain', x: line, y: line, grid: Float64Array.of(0, 1, 1, 2), paths: [{ restart: 0, x: line, y: line, loss: Float64Array.of(0, 2), offPlane: Float64Array.of(0, 0) }], minima: [{ position: [0, 0], value: 0 }], explained: null, barrier: null };
    const surface = new Surface(data, { logHeight: false, wireframe: false, contours: 4 }, []);
    const paths = new Paths(data.paths, surface.frame, { lineScale: 1, theme: 'light' });
    paths.setOutcomes(new Map([[0, { diverged: true, stalledRecord: 0 }]]));
    const minima = new MinimaMarkers(data.minima, surface.frame, 0);
    const hidden = new Group();
    hidden.visible = false;
    hidden.name = 'warm-up';
    hidden.add(surface.object, paths.object, minima.object);
    this.scene.add(hidden);
    hidden.visible = true;
    renderer.render(this.scene, this.cameras.camera);
    hidden.visible = false;
  }

  /**
   * Schedules one render on the next animation frame (several calls before it render once). New
   * paths join the scene once they are built; while shown paths move to new heights, frames wait
   * for them, so that no frame shows them off the surface.
   */
  invalidate(): void {
    if (this.disposed || this.frame !== null) return;
    this.frame = this.requestFrame(() => {
      this.frame = null;
      if (!this.disposed && !(this.paths?.pending && this.paths.object.parent !== null)) this.renderer.render(this.scene, this.cameras.camera);
    });
  }

  /** Renders now (finishing any path work first). */
  render(): void {
    if (this.disposed) return;
    this.settlePaths();
    this.renderer.render(this.scene, this.cameras.camera);
  }

  /** Sizes the drawing buffer, cameras and lines to the canvas's CSS size (or the given one, in CSS pixels); ignores empty sizes. */
  resize(width = this.canvas.clientWidth, height = this.canvas.clientHeight): void {
    if (this.disposed || !(width > 0 && height > 0)) return;
    this.size = { width, height };
    this.renderer.setSize(width, height, false);
    this.cameras.setSize(width, height);
    this.paths?.setResolution(width, height);
    this.invalidate();
  }

  /**
   * Shows a landscape (null: none), replacing and disposing the previous one's objects; playback and
   * highlight carry over. The surface and minima are drawn at once, the paths over the next tasks.
   */
  setLandscape(data: LandscapeData | null): void {
    this.clear();
    this.data = data;
    this.restarts = data ? data.paths.map((p) => p.restart) : [];
    if (data) {
      const o = this.options;
      this.surface = new Surface(data, { logHeight: o.logHeight, wireframe: o.wireframe, contours: o.contours ? o.contourLevels : 0 }, data.paths.map((p) => p.loss));
      this.minima = new MinimaMarkers(data.minima, this.surface.frame, THEMES[o.theme].foreground);
      this.minima.setScale(o.lineScale);
      this.surface.setContourColor(THEMES[o.theme].contour);
      this.scene.add(this.surface.object, this.minima.object);
      this.pathInputs = data.paths;
      this.continueWork();
    }
    this.invalidate();
  }

  /**
   * Replaces the drawn paths without rebuilding the surface (a function search's paths arrive with
   * its restarts); they use the surface's current height frame and are built over the next tasks.
   * No-op without a landscape.
   */
  setPaths(paths: LandscapeData['paths']): void {
    if (!this.surface) return;
    if (this.paths) {
      this.scene.remove(this.paths.object);
      this.paths.dispose();
      this.paths = null;
    }
    this.restarts = paths.map((p) => p.restart);
    this.pathInputs = paths;
    this.continueWork();
    this.invalidate();
  }

  /** Fills grid rows from `rowStart` (values: whole rows, row-major) as they arrive. */
  addRows(rowStart: number, values: ArrayLike<number>): void {
    if (!this.surface) throw new Error('addRows: no landscape is set');
    if (this.surface.updateRows(rowStart, values)) this.reframe();
    this.invalidate();
  }

  /** Sets the restarts' results (divergence, stalls); pass `variant` when `results` mixes variants. */
  setResults(results: readonly RestartResult[], variant?: number): void {
    this.results = results;
    this.variant = variant;
    // Results only change how paths end: with none drawn (a network still training) there is nothing
    // to redraw, and each frame costs software WebGL a full canvas (5 a second while results stream).
    if (this.paths === null) return;
    this.paths.setOutcomes(pathOutcomes(results, variant));
    this.invalidate();
  }

  /** Highlights one restart's path (wider, on top, others dimmed); null for none. */
  highlight(restart: number | null): void {
    this.highlighted = restart;
    this.paths?.highlight(restart);
    this.invalidate();
  }

  /** Playback: shows each path up to record `k`; null shows whole paths. */
  setStep(k: number | null): void {
    this.step = checkRecord(k);
    this.paths?.setStep(k);
    this.invalidate();
  }

  /** The playback record shown (null: whole paths). */
  getStep(): number | null {
    return this.step;
  }

  /** What is shown, for exporters: the landscape and the scene parts drawing it (null: no landscape), path work finished; read them, do not change them. */
  get content(): ViewContent | null {
    this.settlePaths();
    if (!this.data || !this.surface || !this.paths || !this.minima) return null;
    return { data: this.data, restarts: this.restarts, surface: this.surface, paths: this.paths, minima: this.minima };
  }

  /**
   * Draws the current view once through another renderer at width × height device pixels (e.g. an
   * image export), fat lines `lineScale` times wider (by default as wide, relative to the height, as
   * on screen; 1 before the view has a size); the on-screen cameras and lines are left as they were.
   */
  renderAt(renderer: RendererLike, width: number, height: number, lineScale = this.size.height > 1 ? height / this.size.height : 1): void {
    if (this.disposed) throw new Error('renderAt: the view is disposed');
    if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) throw new Error(`renderAt: the size must be whole positive pixels, got ${width}×${height}`);
    const { width: w, height: h } = this.size;
    this.settlePaths();
    try {
      this.cameras.setSize(width, height);
      this.paths?.setResolution(width, height);
      this.paths?.setWidthFactor(lineScale);
      renderer.setPixelRatio(1);
      renderer.setSize(width, height, false);
      renderer.setClearColor(this.background);
      renderer.render(this.scene, this.cameras.camera);
    } finally {
      this.paths?.setWidthFactor(1);
      this.cameras.setSize(w, h);
      this.paths?.setResolution(w, h);
    }
  }

  /** Changes any of the drawing options. */
  setOptions(options: Partial<ViewOptions>): void {
    const o = checkOptions({ ...this.options, ...options });
    this.options = o;
    const theme = THEMES[o.theme];
    this.background.setHex(theme.background);
    this.renderer.setClearColor(this.background);
    this.cameras.setTopDown(o.topDown);
    if (this.surface?.setOptions({ logHeight: o.logHeight, wireframe: o.wireframe, contours: o.contours ? o.contourLevels : 0 })) this.reframe();
    this.surface?.setContourColor(theme.contour);
    this.paths?.setStyle({ lineScale: o.lineScale, theme: o.theme });
    this.minima?.setColor(theme.foreground);
    this.minima?.setScale(o.lineScale);
    this.invalidate();
  }

  /** The options in force. */
  getOptions(): Readonly<ViewOptions> {
    return this.options;
  }

  /** Puts the camera in use back to its starting view. */
  resetCamera(): void {
    this.cameras.reset();
    this.invalidate();
  }

  /** The restart whose path is under the pointer at client coordinates (e.g. a PointerEvent's clientX/Y), or null. */
  pick(clientX: number, clientY: number): number | null {
    const rect = this.canvas.getBoundingClientRect();
    this.settlePaths();
    if (!this.paths || !(rect.width > 0 && rect.height > 0)) return null;
    const x = ((clientX - rect.left) / rect.width) * 2 - 1;
    const y = 1 - ((clientY - rect.top) / rect.height) * 2;
    return pickRestart(x, y, this.cameras.camera, this.paths.lines, this.highlighted);
  }

  /** Stops rendering and disposes every geometry and material, the controls and the renderer. */
  dispose(): void {
    if (this.disposed) return;
    if (this.frame !== null) this.cancelFrame(this.frame);
    this.frame = null;
    this.observer?.disconnect();
    this.clear();
    for (const light of this.lights) light.dispose();
    this.scene.clear();
    this.cameras.dispose();
    this.renderer.dispose();
    this.disposed = true;
  }

  // The height scale changed: paths and minima follow the surface's new frame (the paths over the next tasks).
  private reframe(): void {
    const frame = this.surface!.frame;
    this.paths?.setFrame(frame, true);
    this.minima?.setFrame(frame);
    this.continueWork();
  }

  // Builds or moves paths in slices of WORK_SLICE_MS, one task each, then renders. Meanwhile the
  // canvas is aria-busy: the picture on it is the one before (screen readers, and tests, can wait).
  private continueWork(): void {
    if (this.working || !(this.pathInputs !== null || this.paths?.pending)) return;
    this.working = true;
    this.canvas.setAttribute('aria-busy', 'true');
    this.schedule(() => {
      this.working = false;
      if (this.disposed) return;
      const until = this.now() + WORK_SLICE_MS;
      if (this.workPaths(() => this.now() >= until)) {
        this.canvas.removeAttribute('aria-busy');
        this.invalidate();
      } else this.continueWork();
    });
  }

  /**
   * Makes the waiting paths (with the view's resolution, outcomes, playback and highlight) and builds
   * or moves them, asking `stop` between steps whether to pause; built paths join the scene. Returns
   * true when no work is left.
   */
  private workPaths(stop: () => boolean): boolean {
    if (this.pathInputs !== null && this.surface) {
      const o = this.options;
      const paths = new Paths(this.pathInputs, this.surface.frame, { lineScale: o.lineScale, theme: o.theme }, true);
      this.pathInputs = null;
      paths.setResolution(this.size.width, this.size.height);
      paths.setOutcomes(pathOutcomes(this.results, this.variant));
      paths.setStep(this.step);
      paths.highlight(this.highlighted);
      this.paths = paths;
      if (stop()) return false;
    }
    if (!this.paths) return true;
    if (!this.paths.work(stop)) return false;
    if (this.paths.object.parent === null) this.scene.add(this.paths.object);
    return true;
  }

  // Finishes the path work now (for callers that read or draw the paths).
  private settlePaths(): void {
    this.workPaths(() => false);
  }

  private clear(): void {
    for (const part of [this.surface, this.paths, this.minima]) {
      if (!part) continue;
      this.scene.remove(part.object);
      part.dispose();
    }
    this.surface = null;
    this.paths = null;
    this.minima = null;
    this.data = null;
    this.pathInputs = null;
  }
}

/** Returns `o` if its numbers are usable; throws naming the first that is not. */
function checkOptions(o: ViewOptions): ViewOptions {
  if (!Object.hasOwn(THEMES, o.theme)) throw new Error(`theme must be light or dark, got ${String(o.theme)}`);
  if (!(Number.isFinite(o.lineScale) && o.lineScale > 0)) throw new Error(`lineScale must be a positive number, got ${o.lineScale}`);
  if (!(Number.isInteger(o.contourLevels) && o.contourLevels >= 1 && o.contourLevels <= 100)) throw new Error(`contourLevels must be an integer from 1 to 100, got ${o.contourLevels}`);
  return o;
}
