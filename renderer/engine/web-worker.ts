// The web edition's Web Worker entry: the same message handler as the desktop's worker threads.
// Progress reports are thinned here, where a clock is allowed: at most one every 50 ms.
import { createWorkerHandler, type ToWorker } from '../../core/protocol/engine';

const PROGRESS_INTERVAL_MS = 50;
let lastProgress = 0;
const progressDue = () => {
  const now = performance.now();
  if (now - lastProgress < PROGRESS_INTERVAL_MS) return false;
  lastProgress = now;
  return true;
};
const scope = self as unknown as { postMessage(m: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const handle = createWorkerHandler((message, transfer) => scope.postMessage(message, transfer), progressDue);
scope.onmessage = (e) => handle(e.data);
