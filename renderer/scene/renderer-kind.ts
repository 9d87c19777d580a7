// Whether WebGL runs in software here (SwiftShader, llvmpipe, Microsoft's Basic Render Driver): what
// browsers and Electron fall back to on machines without a usable GPU, such as many classroom PCs
// and virtual machines. There every triangle costs CPU time on the page's own machine, so the view
// draws without multisampling and the window draws fewer points (core/protocol/decimate.ts).

/** Renderer names of software WebGL implementations. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Whether a WebGL renderer name (UNMASKED_RENDERER_WEBGL, or RENDERER) is a software one. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE.test(name);
}

let cached: boolean | null = null;

/**
 * Whether this page's WebGL is software, asked once of a throwaway context (released at once); false
 * where there is no WebGL or no document (the view then reports its own error).
 */
export function softwareRendering(): boolean {
  if (cached !== null) return cached;
  cached = false;
  if (typeof document === 'undefined') return cached;
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      cached = isSoftwareRenderer(name);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL: nothing to adapt.
  }
  return cached;
}
