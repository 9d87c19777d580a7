// The web edition's Web Worker entry: the same message handler as the desktop's worker threads.
// Progress reports and posted results are thinned here, where a clock is allowed.
import { atMostEvery, createWorkerHandler, PROGRESS_INTERVAL_MS, RESULTS_INTERVAL_MS, type ToWorker } from '../../core/protocol/engine';

const scope = self as unknown as { postMessage(m: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const handle = createWorkerHandler((message, transfer) => scope.postMessage(message, transfer), atMostEvery(PROGRESS_INTERVAL_MS, () => performance.now()), atMostEvery(RESULTS_INTERVAL_MS, () => performance.now()));
scope.onmessage = (e) => handle(e.data);
