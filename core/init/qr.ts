/**
 * Thin QR of an m×n row-major matrix with m >= n by Householder reflections: writes the m×n
 * factor Q (orthonormal columns) to `q` and the n diagonal entries of R to `rDiag`. `a` is
 * overwritten. Signs follow the Householder convention; callers fix them from `rDiag` as NumPy
 * users do (`q *= sign(diag(r))`), which makes the result unique.
 */
export function householderQr(a: Float64Array, m: number, n: number, q: Float64Array, rDiag: Float64Array): void {
  if (m < n) throw new RangeError(`householderQr needs m >= n, got ${m}x${n}`);
  const v = new Float64Array(m * n); // column k holds the k-th Householder vector (rows k..m-1)
  const beta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i * n + k]! * a[i * n + k]!;
    norm = Math.sqrt(norm);
    const x0 = a[k * n + k]!;
    const alpha = x0 > 0 ? -norm : norm; // reflect away from x0 to avoid cancellation
    rDiag[k] = alpha;
    let vnorm2 = 0;
    for (let i = k; i < m; i++) {
      const vi = i === k ? x0 - alpha : a[i * n + k]!;
      v[i * n + k] = vi;
      vnorm2 += vi * vi;
    }
    beta[k] = vnorm2 === 0 ? 0 : 2 / vnorm2;
    // Apply H_k = I - beta v v^T to the remaining columns.
    for (let j = k + 1; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i * n + k]! * a[i * n + j]!;
      s *= beta[k]!;
      for (let i = k; i < m; i++) a[i * n + j] = a[i * n + j]! - s * v[i * n + k]!;
    }
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  q.fill(0);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i * n + k]! * q[i * n + j]!;
      s *= beta[k]!;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - s * v[i * n + k]!;
    }
  }
}
