// The web edition's host worker (web-host.ts): the page's first message gives the pool's size, every
// later one is a request. The engine's workers are started from here, so their messages (every
// restart's records) arrive in this worker, not in the page.
import { createWebHost, type FromHost, type HostCall, type WebHost } from './web-host';
import { createWebScheduler } from './web-pool';

/** The page's first message: the engine's worker count (null: the default) and the last run id the page has seen. */
export interface HostInit {
  type: 'init';
  workers: number | null;
  lastRun: number;
}

const scope = self as unknown as { postMessage(m: FromHost, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<HostInit | HostCall>) => void) | null };
const timer = { set: (cb: () => void, ms: number) => setTimeout(cb, ms), clear: (h: unknown) => clearTimeout(h as number) };
let host: WebHost | null = null;
scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'init') {
    if (host !== null) return;
    const scheduler = createWebScheduler(m.workers ?? undefined);
    host = createWebHost(scheduler, (message, transfer) => scope.postMessage(message, transfer), timer, m.lastRun);
    // The engine's workers load their code now, not in the first second of the first run.
    scheduler.warm();
    return;
  }
  if (host === null) {
    scope.postMessage({ type: 'reply', id: m.id, error: { kind: 'failed', message: 'the run host was not started' } });
    return;
  }
  void host.handle(m);
};
