import type { Activation } from '../experiment/schema';

/** Slope of leaky_relu for negative inputs (Keras's and PyTorch's 0.01). */
export const LEAKY_SLOPE = 0.01;

// tanh without Math.tanh: Cephes's rational form (S. L. Moshier) for |x| <= 0.625,
// x + x³·P(x²)/Q(x²); beyond, 1 − 2/(e^{2|x|} + 1) with e^t from expBounded below; ±1 past 19.1,
// where tanh rounds to ±1. Within 2 ulps of Math.tanh (tested on millions of points); about 3× as
// fast as Math.tanh for |x| < 0.625 and 1.5× beyond (measured in V8 on arrays of 8192), and pure
// arithmetic, so results do not hang on an engine's own tanh.
// P(s) = (P0·s + P1)·s + P2 and Q(s) = ((s + Q0)·s + Q1)·s + Q2 with
//   P0 = -9.64399179425052238628e-1, P1 = -9.92877231001918586564e1, P2 = -1.61468768441708447952e3,
//   Q0 = 1.12811678491632931402e2,   Q1 = 2.23548839060100448583e3,  Q2 = 4.84406305325125486048e3.
// Hot constants here are literals in the expressions rather than module constants: bundlers turn a
// top-level `const` into `var`, which V8 reloads and unboxes at every use (about 8 instructions each,
// counted under cachegrind), where a literal is an immediate. The literals are the same doubles.

// e^t = 2^(k/32) · e^r with k = round(32t/ln2) and |r| <= ln2/64: 2^(k/32) from a table of
// 2^(j/32), j < 32, each as a double plus its rounding error (computed to 50 digits), times 2^(k>>5);
// e^r − 1 by its Taylor series to r^6 (the next term is below 4e-18). Cody–Waite split of ln2/32:
// 0.02166084938653512 is fdlibm's ln2_hi (6.9314718036912381649e-1) / 32, exact times k for k < 2^20,
// and 5.9631716539705866e-12 is ln2_lo (1.90821492927058770002e-10) / 32; 46.16624130844683 is 32 / ln 2.
const EXP2_HI = [
  1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237,
  1.0905077326652577, 1.1143867425958924, 1.1387886347566916, 1.1637248587775775,
  1.189207115002721, 1.215247359980469, 1.241857812073484, 1.2690509571917332,
  1.2968395546510096, 1.3252366431597413, 1.3542555469368927, 1.383909881963832,
  1.4142135623730951, 1.4451808069770467, 1.4768261459394993, 1.5091644275934228,
  1.5422108254079407, 1.5759808451078865, 1.6104903319492543, 1.645755478153965,
  1.681792830507429, 1.718619298122478, 1.7562521603732995, 1.7947090750031072,
  1.8340080864093424, 1.8741676341103, 1.9152065613971474, 1.9571441241754002,
];
const EXP2_LO = [
  0.0, 5.109225028973444e-17, 8.551889705537965e-17, -7.899853966841582e-17,
  -3.046782079812471e-17, 1.0410278456845571e-16, 8.912812676025408e-17, 3.8292048369240935e-17,
  3.982015231465646e-17, -7.712630692681488e-17, 4.658027591836937e-17, 2.667932131342186e-18,
  2.5382502794888315e-17, -2.8587312100388614e-17, 7.70094837980299e-17, -6.770511658794786e-17,
  -9.667293313452913e-17, -3.0237581349939873e-17, -3.483994556892796e-17, -1.016455327754295e-16,
  7.949834809697621e-17, -1.0136916471278304e-17, 2.4707192569797888e-17, -1.0125679913674773e-16,
  8.199010020581497e-17, -1.851380418263111e-17, 2.960140695448873e-17, 1.8227458427912087e-17,
  3.283107224245627e-17, -6.122763413004143e-17, -1.0619946056195963e-16, 8.960767791036668e-17,
];
// One table, so that expBounded loads one module binding: 2^(j/32) at 2j and its error at 2j + 1, then
// 2^i at 64 + i for i < 64.
const EXP_TABLE = new Float64Array(128);
for (let j = 0; j < 32; j++) {
  EXP_TABLE[2 * j] = EXP2_HI[j]!;
  EXP_TABLE[2 * j + 1] = EXP2_LO[j]!;
}
for (let i = 0; i < 64; i++) EXP_TABLE[64 + i] = 2 ** i;

/** e^t for t in [0, 44], within 1 ulp of Math.exp (tested). */
export function expBounded(t: number): number {
  const k = Math.round(t * 46.16624130844683);
  const r = t - k * 0.02166084938653512 - k * 5.9631716539705866e-12;
  const r2 = r * r;
  const q = r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120) + r2 * (1 / 720)));
  const table = EXP_TABLE;
  const j = (k & 31) << 1;
  const hi = table[j]!;
  return (hi + (table[j + 1]! + hi * q)) * table[64 + (k >> 5)]!;
}

/** tanh(x) to within 2 ulps; exact for ±0, ±Infinity and NaN. */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (ax > 0.625) {
    const z = ax > 19.1 ? 1 : 1 - 2 / (expBounded(2 * ax) + 1);
    return x < 0 ? -z : z;
  }
  if (ax < 1e-9) return x; // x³/3 is below half an ulp of x here; this also keeps -0 and subnormals exact
  const s = x * x;
  return x + x * s * (((-9.64399179425052238628e-1 * s + -9.92877231001918586564e1) * s + -1.61468768441708447952e3) /
    (((s + 1.12811678491632931402e2) * s + 2.23548839060100448583e3) * s + 4.84406305325125486048e3));
}

/** Writes act(pre[i]) to post[i] for i < n. */
export function activate(kind: Activation, pre: Float64Array, post: Float64Array, n: number): void {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < n; i++) post[i] = tanh(pre[i]!);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const z = pre[i]!;
        post[i] = z > 0 ? z : 0;
      }
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) {
        const z = pre[i]!;
        post[i] = z > 0 ? z : 0.01 * z; // LEAKY_SLOPE, as a literal (see above)
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) post[i] = 1 / (1 + Math.exp(-pre[i]!));
      return;
    case 'elu':
      for (let i = 0; i < n; i++) {
        const z = pre[i]!;
        post[i] = z > 0 ? z : Math.expm1(z);
      }
      return;
    case 'linear':
      for (let i = 0; i < n; i++) post[i] = pre[i]!;
      return;
  }
}

/**
 * Multiplies delta[i] by act'(pre[i]) for i < n (turning ∂L/∂post into ∂L/∂pre), using the cheaper of
 * the pre- or post-activation. Derivatives at 0 follow PyTorch: relu'(0) = 0, leaky_relu'(0) = 0.01, elu'(0) = 1.
 */
export function scaleByDerivative(kind: Activation, pre: Float64Array, post: Float64Array, delta: Float64Array, n: number): void {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const a = post[i]!;
        delta[i] = delta[i]! * (1 - a * a);
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (!(pre[i]! > 0)) delta[i] = 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) if (!(pre[i]! > 0)) delta[i] = delta[i]! * 0.01; // LEAKY_SLOPE
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const a = post[i]!;
        delta[i] = delta[i]! * (a * (1 - a));
      }
      return;
    case 'elu':
      for (let i = 0; i < n; i++) {
        const z = pre[i]!;
        if (!(z > 0)) delta[i] = delta[i]! * Math.exp(z);
      }
      return;
    case 'linear':
      return;
  }
}
