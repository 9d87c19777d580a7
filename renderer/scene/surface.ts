// The loss surface: one indexed mesh over the grid whose buffers are made once and refilled as rows
// arrive; quads with a corner not computed yet (NaN) are left out of the index. A 1-D landscape (one
// row) is drawn as a narrow ribbon: the row twice, either side of the line the paths run along.
import { BufferAttribute, BufferGeometry, DoubleSide, Group, Mesh, MeshLambertMaterial, Sphere, Vector3, type ColorRepresentation } from 'three';
import { VIRIDIS_LINEAR, viridis } from './colormap';
import { ContourLayer } from './contour-layer';
import { BOX_HEIGHT, RIBBON_HALF_WIDTH, makeFrame, sceneX, sceneZ, scaleFor, type Frame } from './frame';
import { lossToHeight, sameScale } from './height';

/** What the surface is built from: column coordinates, row coordinates, the rows × columns grid (NaN where not computed yet). */
export interface SurfaceData {
  x: Float64Array;
  y: Float64Array;
  grid: Float64Array;
}

/** How the surface is drawn: log heights, wireframe, and how many contour levels (0: none). */
export interface SurfaceOptions {
  logHeight: boolean;
  wireframe: boolean;
  contours: number;
}

/** The loss surface of one landscape, with its contour lines; owns a copy of the grid. */
export class Surface {
  /** The mesh and the contour lines; add it to the scene. */
  readonly object = new Group();
  readonly mesh: Mesh<BufferGeometry, MeshLambertMaterial>;
  readonly contours: ContourLayer;
  /** Grid rows and columns. */
  readonly rows: number;
  readonly cols: number;
  /** The mesh's values, meshRows × cols row-major: the grid (a 1-D grid's row twice). */
  readonly values: Float64Array;
  private readonly meshRows: number;
  private readonly colX: Float64Array;
  private readonly rowZ: Float64Array;
  private readonly finite: Uint8Array;
  /** The grid's extent in the scene across (x0..x1) and along (z0..z1): fixed, unlike its heights. */
  private readonly across: [number, number];
  private readonly along: [number, number];
  private options: SurfaceOptions;
  private current: Frame;

  /** Builds the surface from `data` (copied); `fallback` losses (the paths') set the height scale while no grid value is finite. */
  constructor(
    data: SurfaceData,
    options: SurfaceOptions,
    private readonly fallback: ArrayLike<number>[] = [],
  ) {
    this.cols = data.x.length;
    this.rows = data.y.length;
    if (this.cols < 2) throw new Error(`a landscape needs at least 2 columns, found ${this.cols}`);
    if (this.rows < 1) throw new Error('a landscape needs at least 1 row, found 0');
    if (data.grid.length !== this.rows * this.cols) throw new Error(`the grid has ${data.grid.length} values, expected ${this.rows} rows × ${this.cols} columns`);
    this.options = { ...options };
    this.meshRows = this.rows === 1 ? 2 : this.rows;
    const n = this.meshRows * this.cols;
    this.values = new Float64Array(n);
    this.values.set(data.grid);
    if (this.rows === 1) this.values.set(data.grid, this.cols);
    this.finite = new Uint8Array(n);
    this.current = makeFrame(data.x, data.y, scaleFor(this.values, fallback, options.logHeight));
    this.colX = Float64Array.from(data.x, (x) => sceneX(this.current, x));
    this.rowZ = this.rows === 1 ? Float64Array.of(RIBBON_HALF_WIDTH, -RIBBON_HALF_WIDTH) : Float64Array.from(data.y, (y) => sceneZ(this.current, y));
    this.across = extent(this.colX);
    this.along = extent(this.rowZ);

    const geometry = new BufferGeometry();
    const positions = new Float32Array(3 * n);
    for (let r = 0; r < this.meshRows; r++) {
      for (let j = 0; j < this.cols; j++) {
        const k = r * this.cols + j;
        positions[3 * k] = this.colX[j]!;
        positions[3 * k + 2] = this.rowZ[r]!;
      }
    }
    geometry.setAttribute('position', new BufferAttribute(positions, 3));
    geometry.setAttribute('normal', new BufferAttribute(new Float32Array(3 * n), 3));
    geometry.setAttribute('color', new BufferAttribute(new Float32Array(3 * n), 3));
    geometry.setIndex(new BufferAttribute(new Uint32Array(6 * (this.meshRows - 1) * (this.cols - 1)), 1));
    // polygonOffset pushes the surface back a little so contour lines and paths on it win the depth test.
    const material = new MeshLambertMaterial({ vertexColors: true, side: DoubleSide, polygonOffset: true, polygonOffsetFactor: 1, polygonOffsetUnits: 2, wireframe: options.wireframe });
    this.mesh = new Mesh(geometry, material);
    this.mesh.name = 'surface';
    this.contours = new ContourLayer(0x000000);
    this.object.add(this.mesh, this.contours.object);
    this.refresh();
  }

  /** The mapping into the scene (its height scale follows the grid's finite range, so it changes as rows arrive). */
  get frame(): Frame {
    return this.current;
  }

  /** Whether the landscape is 1-D (drawn as a ribbon). */
  get oneD(): boolean {
    return this.rows === 1;
  }

  /**
   * Writes whole grid rows starting at `rowStart` (values: k × columns) and refills the buffers in
   * place; returns true when the height scale changed (the paths and markers then need the new frame).
   */
  updateRows(rowStart: number, values: ArrayLike<number>): boolean {
    const k = values.length / this.cols;
    if (!Number.isInteger(k)) throw new Error(`rows: ${values.length} values are not whole rows of ${this.cols} columns`);
    if (!Number.isInteger(rowStart) || rowStart < 0 || rowStart + k > this.rows) throw new Error(`rows ${rowStart}..${rowStart + k - 1} are outside the grid's ${this.rows} rows`);
    this.values.set(values, rowStart * this.cols);
    if (this.rows === 1) this.values.set(values, this.cols);
    return this.rescale();
  }

  /** Changes how the surface is drawn; returns true when the height scale changed. */
  setOptions(options: Partial<SurfaceOptions>): boolean {
    const before = this.options;
    this.options = { ...before, ...options };
    this.mesh.material.wireframe = this.options.wireframe;
    if (this.options.logHeight !== before.logHeight) return this.rescale();
    if (this.options.contours !== before.contours) this.updateContours();
    return false;
  }

  /** Sets the contour lines' colour. */
  setContourColor(color: ColorRepresentation): void {
    this.contours.setColor(color);
  }

  /** Disposes the mesh's geometry and material and the contour lines. */
  dispose(): void {
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.contours.dispose();
  }

  private rescale(): boolean {
    const scale = scaleFor(this.values, this.fallback, this.options.logHeight);
    const changed = !sameScale(scale, this.current.height);
    if (changed) this.current = { ...this.current, height: scale };
    this.refresh();
    return changed;
  }

  // Refills heights, colours, normals, the index and the contours from `values`; the arrays are reused.
  private refresh(): void {
    const { cols, meshRows, values, finite } = this;
    const geometry = this.mesh.geometry;
    const pos = geometry.getAttribute('position') as BufferAttribute;
    const col = geometry.getAttribute('color') as BufferAttribute;
    const p = pos.array as Float32Array;
    const c = col.array as Float32Array;
    const scale = this.current.height;
    let low = 0;
    let high = 0;
    for (let k = 0; k < values.length; k++) {
      const h = lossToHeight(scale, values[k]!);
      finite[k] = Number.isFinite(h) ? 1 : 0;
      // Left-out vertices still get a finite height so bounding volumes stay finite.
      const y = finite[k] ? BOX_HEIGHT * h : 0;
      p[3 * k + 1] = y;
      if (y < low) low = y;
      else if (y > high) high = y;
      viridis(h, c, 3 * k, VIRIDIS_LINEAR);
    }
    this.fillNormals();
    const index = geometry.getIndex()!;
    const idx = index.array as Uint32Array;
    let m = 0;
    for (let r = 0; r + 1 < meshRows; r++) {
      for (let j = 0; j + 1 < cols; j++) {
        const v00 = r * cols + j;
        const v01 = v00 + 1;
        const v10 = v00 + cols;
        const v11 = v10 + 1;
        if (!(finite[v00] && finite[v01] && finite[v10] && finite[v11])) continue;
        // Counter-clockwise seen from above: row r+1 lies towards −Z, which is "up" on a top-down screen.
        idx[m++] = v00;
        idx[m++] = v01;
        idx[m++] = v11;
        idx[m++] = v00;
        idx[m++] = v11;
        idx[m++] = v10;
      }
    }
    geometry.setDrawRange(0, m);
    pos.needsUpdate = true;
    col.needsUpdate = true;
    geometry.getAttribute('normal').needsUpdate = true;
    index.needsUpdate = true;
    this.setBounds(geometry, low, high);
    this.updateContours();
  }

  /**
   * The sphere around the grid's box (columns × rows × heights low..high), for culling and picking:
   * three's computeBoundingSphere walks every vertex twice, and on a run's first landscape, its code
   * still cold, that took 10-25 ms of the task that shows the surface (load test).
   */
  private setBounds(geometry: BufferGeometry, low: number, high: number): void {
    const [x0, x1] = this.across;
    const [z0, z1] = this.along;
    const sphere = (geometry.boundingSphere ??= new Sphere());
    sphere.center.set((x0 + x1) / 2, (low + high) / 2, (z0 + z1) / 2);
    sphere.radius = new Vector3(x1 - x0, high - low, z1 - z0).length() / 2;
  }

  // Normals from central differences between finite neighbours (one-sided at edges and next to gaps).
  private fillNormals(): void {
    const { cols, meshRows, finite } = this;
    const p = this.mesh.geometry.getAttribute('position').array as Float32Array;
    const nrm = this.mesh.geometry.getAttribute('normal').array as Float32Array;
    for (let r = 0; r < meshRows; r++) {
      for (let j = 0; j < cols; j++) {
        const k = r * cols + j;
        const jm = j > 0 && finite[k - 1] ? k - 1 : k;
        const jp = j + 1 < cols && finite[k + 1] ? k + 1 : k;
        const rm = r > 0 && finite[k - cols] ? k - cols : k;
        const rp = r + 1 < meshRows && finite[k + cols] ? k + cols : k;
        // Tangents along the row (dx) and across rows (dz); an isolated vertex falls back to flat.
        const ax = jp === jm ? 1 : p[3 * jp]! - p[3 * jm]!;
        const ay = jp === jm ? 0 : p[3 * jp + 1]! - p[3 * jm + 1]!;
        const bz = rp === rm ? -1 : p[3 * rp + 2]! - p[3 * rm + 2]!;
        const by = rp === rm ? 0 : p[3 * rp + 1]! - p[3 * rm + 1]!;
        // n = b × a with a = (ax, ay, 0), b = (0, by, bz), turned to point up.
        let nx = -bz * ay;
        let ny = bz * ax;
        let nz = -by * ax;
        if (ny < 0) {
          nx = -nx;
          ny = -ny;
          nz = -nz;
        }
        const len = Math.hypot(nx, ny, nz) || 1;
        nrm[3 * k] = nx / len;
        nrm[3 * k + 1] = ny / len;
        nrm[3 * k + 2] = nz / len;
      }
    }
  }

  private updateContours(): void {
    this.contours.update(this.values, this.meshRows, this.cols, this.colX, this.rowZ, this.current.height, this.options.contours);
  }
}

/** The least and greatest of `a` (a few dozen grid coordinates). */
function extent(a: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
