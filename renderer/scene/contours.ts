// Marching squares: the pure kernel behind the contour lines (contour-layer.ts draws its output).

// Crossing points of the current cell, by edge: bottom (row i), right (column j+1), top (row i+1), left (column j).
const cross = new Float64Array(8);

/**
 * Appends to `out` the segments where the rows×cols row-major grid `values` crosses `level`, as
 * (column0, row0, column1, row1) in fractional grid units, interpolated linearly along cell edges, and
 * returns how many segments it appended. A corner counts as above when value ≥ level. Cells with a
 * non-finite corner are skipped. Saddle cells are split by the mean of their corners (the centre is
 * joined to the corners on its side). Reuses `out`'s storage: callers clear it between uses.
 */
export function marchingSquares(values: ArrayLike<number>, rows: number, cols: number, level: number, out: number[]): number {
  if (values.length !== rows * cols) throw new Error(`marchingSquares: ${values.length} values do not fill ${rows} × ${cols}`);
  let segments = 0;
  const emit = (e0: number, e1: number) => {
    out.push(cross[2 * e0]!, cross[2 * e0 + 1]!, cross[2 * e1]!, cross[2 * e1 + 1]!);
    segments++;
  };
  for (let i = 0; i + 1 < rows; i++) {
    for (let j = 0; j + 1 < cols; j++) {
      const a = values[i * cols + j]!; // (row i, column j)
      const b = values[i * cols + j + 1]!; // (i, j+1)
      const c = values[(i + 1) * cols + j + 1]!; // (i+1, j+1)
      const d = values[(i + 1) * cols + j]!; // (i+1, j)
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const ka = a >= level;
      const kb = b >= level;
      const kc = c >= level;
      const kd = d >= level;
      if (ka === kb && kb === kc && kc === kd) continue;
      // An edge is crossed only when its ends are on different sides, so its denominator is never 0.
      if (ka !== kb) setCross(0, j + (level - a) / (b - a), i);
      if (kb !== kc) setCross(1, j + 1, i + (level - b) / (c - b));
      if (kd !== kc) setCross(2, j + (level - d) / (c - d), i + 1);
      if (ka !== kd) setCross(3, j, i + (level - a) / (d - a));
      if (ka === kc && kb === kd) {
        // Saddle: a, c on one side, b, d on the other. When the centre sides with a and c, the line cuts
        // off b (bottom–right) and d (top–left); otherwise it cuts off a (left–bottom) and c (right–top).
        if ((a + b + c + d) / 4 >= level === ka) {
          emit(0, 1);
          emit(2, 3);
        } else {
          emit(3, 0);
          emit(1, 2);
        }
        continue;
      }
      let first = -1;
      for (let e = 0; e < 4; e++) {
        const crossed = e === 0 ? ka !== kb : e === 1 ? kb !== kc : e === 2 ? kd !== kc : ka !== kd;
        if (!crossed) continue;
        if (first < 0) first = e;
        else emit(first, e);
      }
    }
  }
  return segments;
}

function setCross(edge: number, column: number, row: number): void {
  cross[2 * edge] = column;
  cross[2 * edge + 1] = row;
}
