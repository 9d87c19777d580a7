// Module resolution hook: 'electron' resolves to the stub.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./stub-electron.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
