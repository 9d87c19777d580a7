// The MLP's matrix products in WebAssembly SIMD (core/nn/kernels.wat, generated with its bytes by
// scripts/wasm/kernels.mjs). They sum every output in the same order as the JavaScript kernels of
// gemm.ts, so a run gives the same numbers, bit for bit, with or without them (tested); they are
// only faster. They work on arrays in one WebAssembly memory, so a workspace that uses them keeps
// all its arrays, and the parameter-sized vectors its caller asks for, in a memory of its own.
// Where WebAssembly or its SIMD instructions are missing (or a browser refuses to compile a module
// synchronously on its main thread), `nativeKernels` returns null and the JavaScript kernels run.
import { KERNELS_WASM_BASE64 } from './kernels-wasm';

/** The module's exports; pointers are byte offsets into the memory, strides counted in elements. */
export interface KernelExports {
  /** gemmNN: out[r, c] = start[c] + Σ_k x[r, k]·y[k, c]. */
  nn(rows: number, cols: number, depth: number, x: number, xr: number, y: number, yk: number, start: number, out: number, outR: number): void;
  /** gemmTN: out[r, c] += Σ_k x[k, r]·y[k, c]. */
  tn(rows: number, cols: number, depth: number, x: number, xk: number, y: number, yk: number, out: number, outR: number): void;
  /** addColumnSums: out[c] += Σ_r x[r, c]. */
  colSums(rows: number, cols: number, x: number, xr: number, out: number): void;
  /** dst[j·rows + i] = src[i·srcR + j]. */
  transpose(rows: number, cols: number, src: number, srcR: number, dst: number): void;
}

/** One memory with the kernels instantiated on it. */
export interface NativeKernels {
  readonly exports: KernelExports;
  readonly buffer: ArrayBuffer;
}

// The few WebAssembly APIs used, typed here because core builds without DOM or Node typings. The
// declaration is local to this module and emits nothing: at run time `WebAssembly` is the engine's.
interface WasmMemory { readonly buffer: ArrayBuffer }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
declare const WebAssembly: WasmApi | undefined;

const PAGE = 65536;

let compiled: object | null | undefined;

/** The compiled module, or null where it cannot be had; compiled once per thread. */
function kernelModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly === 'undefined') return null;
  try {
    compiled = new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64));
  } catch {
    compiled = null; // no SIMD, or a main thread that compiles only small modules synchronously
  }
  return compiled;
}

/** Whether the WebAssembly kernels can run in this thread. */
export function nativeAvailable(): boolean {
  return kernelModule() !== null;
}

/** A memory of at least `bytes` bytes with the kernels on it, or null where they cannot run. */
export function nativeKernels(bytes: number): NativeKernels | null {
  const module = kernelModule();
  if (module === null) return null;
  const api = WebAssembly!;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  const memory = new api.Memory({ initial: pages, maximum: pages });
  const instance = new api.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as KernelExports, buffer: memory.buffer };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with `=` padding) to bytes. */
export function decodeBase64(text: string): Uint8Array {
  const value = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) value[ALPHABET.charCodeAt(i)] = i;
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  const out = new Uint8Array(Math.floor((end * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = value[text.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error(`not base64: ${JSON.stringify(text[i])} at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}
