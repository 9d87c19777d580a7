// Three small matrix-product kernels for the MLP, one per access pattern, each computing outputs in
// 2×4 register blocks with unit-stride inner loads: in V8 this runs at about 2.5 GMAC/s against
// about 0.9 for a plain triple loop and 1.5 for one kernel with general strides (measured on the
// 2-16-16-1 benchmark shapes). Every output is summed in order of k from its start value, exactly
// as the plain loop would sum it, so the blocking changes speed, not results. Shapes that would leave
// most of a 2×4 block idle take their own paths, summing in the same order: one output column (an
// output layer of one unit) four rows at a time, and depth 1 or 2 (back through that layer; a first
// layer on two features) with the few kernel values held in registers: 1.6–1.9× the blocked kernel
// on those shapes. Further blocking (4×4, 4×2, 2×8, unrolled k, `| 0` index arithmetic) was measured
// and is no faster in V8: each typed-array load costs a bounds check, an index sign-extension and an
// address computation, and 2×4 balances those loads against register spills.

/**
 * out[r, c] = start[c] + Σ_k x[r, k]·y[k, c]: x is rows × depth (row stride xr), y is depth × cols
 * (row stride yk), out rows have stride outR. The forward pass: inputs times kernel, plus bias.
 */
export function gemmNN(
  rows: number, cols: number, depth: number,
  x: Float64Array, xOff: number, xr: number,
  y: Float64Array, yOff: number, yk: number,
  start: Float64Array, startOff: number,
  out: Float64Array, outOff: number, outR: number,
): void {
  if (cols === 1) {
    nnOneColumn(rows, depth, x, xOff, xr, y, yOff, yk, start[startOff]!, out, outOff, outR);
    return;
  }
  if (depth === 2) {
    nnDepthTwo(rows, cols, x, xOff, xr, y, yOff, yk, start, startOff, out, outOff, outR);
    return;
  }
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const x0 = xOff + r * xr;
    const x1 = x0 + xr;
    const o0 = outOff + r * outR;
    const o1 = o0 + outR;
    let c = 0;
    for (; c + 3 < cols; c += 4) {
      let s00 = start[startOff + c]!, s01 = start[startOff + c + 1]!, s02 = start[startOff + c + 2]!, s03 = start[startOff + c + 3]!;
      let s10 = s00, s11 = s01, s12 = s02, s13 = s03;
      let yo = yOff + c;
      for (let k = 0; k < depth; k++) {
        const a0 = x[x0 + k]!;
        const a1 = x[x1 + k]!;
        const b0 = y[yo]!, b1 = y[yo + 1]!, b2 = y[yo + 2]!, b3 = y[yo + 3]!;
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        yo += yk;
      }
      out[o0 + c] = s00; out[o0 + c + 1] = s01; out[o0 + c + 2] = s02; out[o0 + c + 3] = s03;
      out[o1 + c] = s10; out[o1 + c + 1] = s11; out[o1 + c + 2] = s12; out[o1 + c + 3] = s13;
    }
    for (; c < cols; c++) {
      let s0 = start[startOff + c]!;
      let s1 = s0;
      let yo = yOff + c;
      for (let k = 0; k < depth; k++) {
        const b = y[yo]!;
        s0 += x[x0 + k]! * b;
        s1 += x[x1 + k]! * b;
        yo += yk;
      }
      out[o0 + c] = s0;
      out[o1 + c] = s1;
    }
  }
  for (; r < rows; r++) {
    const x0 = xOff + r * xr;
    const o0 = outOff + r * outR;
    for (let c = 0; c < cols; c++) {
      let s = start[startOff + c]!;
      let yo = yOff + c;
      for (let k = 0; k < depth; k++) {
        s += x[x0 + k]! * y[yo]!;
        yo += yk;
      }
      out[o0 + c] = s;
    }
  }
}

// gemmNN with one output column (an output layer of one unit): four rows at a time, so four
// independent sums hide the adder's latency that a lone running sum would wait on.
function nnOneColumn(
  rows: number, depth: number,
  x: Float64Array, xOff: number, xr: number,
  y: Float64Array, yOff: number, yk: number,
  start: number,
  out: Float64Array, outOff: number, outR: number,
): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const x0 = xOff + r * xr;
    const x1 = x0 + xr;
    const x2 = x1 + xr;
    const x3 = x2 + xr;
    let s0 = start, s1 = start, s2 = start, s3 = start;
    let yo = yOff;
    for (let k = 0; k < depth; k++) {
      const b = y[yo]!;
      s0 += x[x0 + k]! * b; s1 += x[x1 + k]! * b; s2 += x[x2 + k]! * b; s3 += x[x3 + k]! * b;
      yo += yk;
    }
    const o = outOff + r * outR;
    out[o] = s0; out[o + outR] = s1; out[o + 2 * outR] = s2; out[o + 3 * outR] = s3;
  }
  for (; r < rows; r++) {
    const x0 = xOff + r * xr;
    let s = start;
    let yo = yOff;
    for (let k = 0; k < depth; k++) {
      s += x[x0 + k]! * y[yo]!;
      yo += yk;
    }
    out[outOff + r * outR] = s;
  }
}

// gemmNN with depth 2 (a first layer on two features): each block of four columns keeps its start
// values and both kernel rows in registers while it runs down all the rows.
function nnDepthTwo(
  rows: number, cols: number,
  x: Float64Array, xOff: number, xr: number,
  y: Float64Array, yOff: number, yk: number,
  start: Float64Array, startOff: number,
  out: Float64Array, outOff: number, outR: number,
): void {
  let c = 0;
  for (; c + 3 < cols; c += 4) {
    const t0 = start[startOff + c]!, t1 = start[startOff + c + 1]!, t2 = start[startOff + c + 2]!, t3 = start[startOff + c + 3]!;
    const y0 = yOff + c;
    const y1 = y0 + yk;
    const u0 = y[y0]!, u1 = y[y0 + 1]!, u2 = y[y0 + 2]!, u3 = y[y0 + 3]!;
    const v0 = y[y1]!, v1 = y[y1 + 1]!, v2 = y[y1 + 2]!, v3 = y[y1 + 3]!;
    let xo = xOff;
    let o = outOff + c;
    for (let r = 0; r < rows; r++) {
      const a0 = x[xo]!;
      const a1 = x[xo + 1]!;
      out[o] = t0 + a0 * u0 + a1 * v0;
      out[o + 1] = t1 + a0 * u1 + a1 * v1;
      out[o + 2] = t2 + a0 * u2 + a1 * v2;
      out[o + 3] = t3 + a0 * u3 + a1 * v3;
      xo += xr;
      o += outR;
    }
  }
  for (; c < cols; c++) {
    const t = start[startOff + c]!;
    const u = y[yOff + c]!;
    const v = y[yOff + yk + c]!;
    let xo = xOff;
    let o = outOff + c;
    for (let r = 0; r < rows; r++) {
      out[o] = t + x[xo]! * u + x[xo + 1]! * v;
      xo += xr;
      o += outR;
    }
  }
}

/**
 * out[r, c] += Σ_k x[k, r]·y[k, c], the sum formed first and then added: x is depth × rows (row
 * stride xk), y is depth × cols (row stride yk). The weight gradient: inputsᵀ times outputDer.
 */
export function gemmTN(
  rows: number, cols: number, depth: number,
  x: Float64Array, xk: number,
  y: Float64Array, yk: number,
  out: Float64Array, outOff: number, outR: number,
): void {
  if (cols === 1) {
    tnOneColumn(rows, depth, x, xk, y, yk, out, outOff, outR);
    return;
  }
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const o0 = outOff + r * outR;
    const o1 = o0 + outR;
    let c = 0;
    for (; c + 3 < cols; c += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let xo = r;
      let yo = c;
      for (let k = 0; k < depth; k++) {
        const a0 = x[xo]!;
        const a1 = x[xo + 1]!;
        const b0 = y[yo]!, b1 = y[yo + 1]!, b2 = y[yo + 2]!, b3 = y[yo + 3]!;
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        xo += xk;
        yo += yk;
      }
      out[o0 + c] += s00; out[o0 + c + 1] += s01; out[o0 + c + 2] += s02; out[o0 + c + 3] += s03;
      out[o1 + c] += s10; out[o1 + c + 1] += s11; out[o1 + c + 2] += s12; out[o1 + c + 3] += s13;
    }
    for (; c < cols; c++) {
      let s0 = 0;
      let s1 = 0;
      let xo = r;
      let yo = c;
      for (let k = 0; k < depth; k++) {
        const b = y[yo]!;
        s0 += x[xo]! * b;
        s1 += x[xo + 1]! * b;
        xo += xk;
        yo += yk;
      }
      out[o0 + c] += s0;
      out[o1 + c] += s1;
    }
  }
  for (; r < rows; r++) {
    const o0 = outOff + r * outR;
    for (let c = 0; c < cols; c++) {
      let s = 0;
      let xo = r;
      let yo = c;
      for (let k = 0; k < depth; k++) {
        s += x[xo]! * y[yo]!;
        xo += xk;
        yo += yk;
      }
      out[o0 + c] += s;
    }
  }
}

// gemmTN with one column (the gradient of a one-unit output layer's kernel): four rows at a time.
function tnOneColumn(
  rows: number, depth: number,
  x: Float64Array, xk: number,
  y: Float64Array, yk: number,
  out: Float64Array, outOff: number, outR: number,
): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let xo = r;
    let yo = 0;
    for (let k = 0; k < depth; k++) {
      const b = y[yo]!;
      s0 += x[xo]! * b; s1 += x[xo + 1]! * b; s2 += x[xo + 2]! * b; s3 += x[xo + 3]! * b;
      xo += xk;
      yo += yk;
    }
    const o = outOff + r * outR;
    out[o] += s0; out[o + outR] += s1; out[o + 2 * outR] += s2; out[o + 3 * outR] += s3;
  }
  for (; r < rows; r++) {
    let s = 0;
    let xo = r;
    let yo = 0;
    for (let k = 0; k < depth; k++) {
      s += x[xo]! * y[yo]!;
      xo += xk;
      yo += yk;
    }
    out[outOff + r * outR] += s;
  }
}

/**
 * out[r, c] = Σ_k x[r, k]·y[c, k]: x is rows × depth (row stride xr), y is cols × depth (row stride
 * yc), both read along k. The input derivative: outputDer times the kernel's rows.
 */
export function gemmNT(
  rows: number, cols: number, depth: number,
  x: Float64Array, xr: number,
  y: Float64Array, yOff: number, yc: number,
  out: Float64Array, outR: number,
): void {
  if (depth === 1) {
    ntDepthOne(rows, cols, x, xr, y, yOff, yc, out, outR);
    return;
  }
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const x0 = r * xr;
    const x1 = x0 + xr;
    const o0 = r * outR;
    const o1 = o0 + outR;
    let c = 0;
    for (; c + 3 < cols; c += 4) {
      const y0 = yOff + c * yc;
      const y1 = y0 + yc;
      const y2 = y1 + yc;
      const y3 = y2 + yc;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < depth; k++) {
        const a0 = x[x0 + k]!;
        const a1 = x[x1 + k]!;
        const b0 = y[y0 + k]!, b1 = y[y1 + k]!, b2 = y[y2 + k]!, b3 = y[y3 + k]!;
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
      }
      out[o0 + c] = s00; out[o0 + c + 1] = s01; out[o0 + c + 2] = s02; out[o0 + c + 3] = s03;
      out[o1 + c] = s10; out[o1 + c + 1] = s11; out[o1 + c + 2] = s12; out[o1 + c + 3] = s13;
    }
    for (; c < cols; c++) {
      const y0 = yOff + c * yc;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < depth; k++) {
        const b = y[y0 + k]!;
        s0 += x[x0 + k]! * b;
        s1 += x[x1 + k]! * b;
      }
      out[o0 + c] = s0;
      out[o1 + c] = s1;
    }
  }
  for (; r < rows; r++) {
    const x0 = r * xr;
    const o0 = r * outR;
    for (let c = 0; c < cols; c++) {
      const y0 = yOff + c * yc;
      let s = 0;
      for (let k = 0; k < depth; k++) s += x[x0 + k]! * y[y0 + k]!;
      out[o0 + c] = s;
    }
  }
}

// gemmNT with depth 1 (back through a one-unit output layer): each output is its one product, added
// to 0 as the general loop adds it (which turns a product of −0 into +0). Four kernel values stay in
// registers while the loop runs down the rows.
function ntDepthOne(
  rows: number, cols: number,
  x: Float64Array, xr: number,
  y: Float64Array, yOff: number, yc: number,
  out: Float64Array, outR: number,
): void {
  let c = 0;
  for (; c + 3 < cols; c += 4) {
    const y0 = yOff + c * yc;
    const w0 = y[y0]!, w1 = y[y0 + yc]!, w2 = y[y0 + 2 * yc]!, w3 = y[y0 + 3 * yc]!;
    let xo = 0;
    let o = c;
    for (let r = 0; r < rows; r++) {
      const a = x[xo]!;
      out[o] = 0 + a * w0; out[o + 1] = 0 + a * w1; out[o + 2] = 0 + a * w2; out[o + 3] = 0 + a * w3;
      xo += xr;
      o += outR;
    }
  }
  for (; c < cols; c++) {
    const w = y[yOff + c * yc]!;
    let xo = 0;
    let o = c;
    for (let r = 0; r < rows; r++) {
      out[o] = 0 + x[xo]! * w;
      xo += xr;
      o += outR;
    }
  }
}

/**
 * out[outOff + c] += Σ_r x[r, c] for c < cols, the sum formed first (in order of r) and then added:
 * x is rows × cols (row stride xr). The bias gradient: outputDer summed over the batch.
 */
export function addColumnSums(rows: number, cols: number, x: Float64Array, xr: number, out: Float64Array, outOff: number): void {
  let c = 0;
  for (; c + 3 < cols; c += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let xo = c;
    for (let r = 0; r < rows; r++) {
      s0 += x[xo]!; s1 += x[xo + 1]!; s2 += x[xo + 2]!; s3 += x[xo + 3]!;
      xo += xr;
    }
    const o = outOff + c;
    out[o] += s0; out[o + 1] += s1; out[o + 2] += s2; out[o + 3] += s3;
  }
  for (; c < cols; c++) {
    let s = 0;
    let xo = c;
    for (let r = 0; r < rows; r++) {
      s += x[xo]!;
      xo += xr;
    }
    out[outOff + c] += s;
  }
}
