import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bundled worker_threads entry (built by the global setup). */
export const WORKER_ENTRY = fileURLToPath(new URL('../out/engine/worker.mjs', import.meta.url));
/** The bundled CLI. */
export const CLI = fileURLToPath(new URL('../bin/landscape-lab.mjs', import.meta.url));
