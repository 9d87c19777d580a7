// The web edition's host worker (web-host.ts): the page's first message gives the pool's size, every
// later one is a request or a new size. The engine's workers are started from here, so their
// messages (every restart's records) arrive in this worker, not in the page.
import { hostWorkerHandler, type FromHost, type ToHost } from './web-host';
import { createWebScheduler, defaultWebWorkers } from './web-pool';

const scope = self as unknown as { postMessage(m: FromHost, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToHost>) => void) | null };
const timer = { set: (cb: () => void, ms: number) => setTimeout(cb, ms), clear: (h: unknown) => clearTimeout(h as number) };
const handle = hostWorkerHandler({ create: createWebScheduler, defaultSize: defaultWebWorkers }, (message, transfer) => scope.postMessage(message, transfer), timer);
scope.onmessage = (e) => handle(e.data);
