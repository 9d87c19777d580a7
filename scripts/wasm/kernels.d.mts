// Types of kernels.mjs, for the test that checks the committed module is what it makes.
/** The WebAssembly text of the kernels. */
export function kernelsWat(): string;
/** The text compiled to a module's bytes (wabt, SIMD on), validated. */
export function compileKernels(wat: string): Promise<Buffer>;
/** The TypeScript module that carries the bytes (core/nn/kernels-wasm.ts). */
export function kernelsModuleTs(bytes: Buffer): string;
