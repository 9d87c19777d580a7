// The one LabApi of this window: the desktop preload's (window.lab, over IPC) or the web edition's.
import { LabError, type LabApi } from '../../core/protocol/lab-api';
import { createWebApi } from './web-api';

let api: LabApi | null = null;

/** Turns the plain error data the desktop's bridge rejects with back into a LabError (the bridge keeps only an Error's message). */
export function reviveError(e: unknown): unknown {
  if (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'LabError' && !(e instanceof LabError)) {
    const d = e as { kind: LabError['kind']; message: string; problems?: LabError['problems'] };
    return new LabError(d.kind, d.message, Array.isArray(d.problems) ? d.problems : []);
  }
  return e;
}

/** Wraps the bridge's API so that every rejection is a LabError again. */
export function withRevivedErrors(bridge: LabApi): LabApi {
  const wrapped = { ...bridge } as Record<string, unknown>;
  for (const [key, value] of Object.entries(bridge)) {
    if (typeof value !== 'function' || key === 'onRunEvents' || key === 'onMenu') continue;
    wrapped[key] = (...args: unknown[]) =>
      (value as (...a: unknown[]) => Promise<unknown>)(...args).catch((e: unknown) => {
        throw reviveError(e);
      });
  }
  return wrapped as unknown as LabApi;
}

/** The LabApi of this window, created on first use. */
export function lab(): LabApi {
  if (api === null) {
    const bridge = (globalThis as { lab?: LabApi }).lab;
    api = bridge !== undefined ? withRevivedErrors(bridge) : createWebApi();
  }
  return api;
}
