// Builders for the scene tests: landscapes, paths and results small enough to check by hand.
import type { BufferGeometry, Material, Object3D } from 'three';
import type { RestartResult } from '../../../core/experiment/result';
import type { LandscapeData } from '../../../core/protocol/lab-api';
import type { PathInput } from '../../../renderer/scene/paths';

/** n evenly spaced numbers from a to b. */
export function linspace(a: number, b: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/** A path from plain arrays (offPlane 0 unless given). */
export function path(restart: number, x: number[], y: number[], loss: number[], offPlane?: number[]): PathInput {
  return { restart, x: Float64Array.from(x), y: Float64Array.from(y), loss: Float64Array.from(loss), offPlane: Float64Array.from(offPlane ?? x.map(() => 0)) };
}

/** A landscape over [-1, 1]² with grid value f(x, y) (rows by y) and the given paths. */
export function landscape(cols: number, rows: number, f: (x: number, y: number) => number, paths: PathInput[] = [], extra: Partial<LandscapeData> = {}): LandscapeData {
  const x = linspace(-1, 1, cols);
  const y = rows === 1 ? Float64Array.of(0) : linspace(-1, 1, rows);
  const grid = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) grid[i * cols + j] = f(x[j]!, y[i]!);
  return { kind: 'function', variant: null, plane: rows === 1 ? 'interpolate' : 'domain', x, y, grid, paths, minima: [], explained: null, barrier: null, ...extra };
}

/** A restart result with the given records' steps and losses. */
export function result(index: number, steps: number[], extra: Partial<RestartResult> = {}): RestartResult {
  const n = steps.length;
  return {
    variant: 0,
    index,
    seed: index,
    status: 'ok',
    reason: null,
    records: { count: n, step: Float64Array.from(steps), epoch: null, loss: new Float64Array(n), accuracy: null, gradNorm: new Float64Array(n), position: null },
    params: null,
    search: null,
    ...extra,
  };
}

/** Every geometry and material under `root` (including instanced meshes' and lines'). */
export function resources(root: Object3D): Set<BufferGeometry | Material> {
  const out = new Set<BufferGeometry | Material>();
  root.traverse((o) => {
    const g = (o as { geometry?: BufferGeometry }).geometry;
    const m = (o as { material?: Material | Material[] }).material;
    if (g) out.add(g);
    if (Array.isArray(m)) m.forEach((x) => out.add(x));
    else if (m) out.add(m);
  });
  return out;
}

/** Listens for 'dispose' on each resource; the returned set holds those disposed so far. */
export function watchDisposal(items: Iterable<BufferGeometry | Material>): Set<BufferGeometry | Material> {
  const disposed = new Set<BufferGeometry | Material>();
  for (const item of items) item.addEventListener('dispose', () => disposed.add(item));
  return disposed;
}
