// Runs code on the JavaScript kernels: fresh copies of the modules in a realm without WebAssembly.
import { expect, vi } from 'vitest';

/**
 * Runs `body` on fresh copies of the modules in a realm without WebAssembly (so the JavaScript kernels
 * run); `body` imports the modules it uses dynamically, to get those copies.
 */
export async function withoutWebAssembly<T>(body: () => Promise<T>): Promise<T> {
  vi.resetModules();
  vi.stubGlobal('WebAssembly', undefined);
  try {
    const native = await import('../../../core/nn/native');
    expect(native.nativeAvailable()).toBe(false);
    return await body();
  } finally {
    vi.unstubAllGlobals();
    vi.resetModules();
  }
}
