// The worker_threads entry: wires the port to the engine's message handler; all logic lives in core.
// Progress reports are thinned here, at the edge where a clock is allowed: at most one every 50 ms
// per worker, so cheap restarts (a search of a few thousand steps) are not drowned in messages.
import { parentPort } from 'node:worker_threads';
import { createWorkerHandler, type ToWorker } from '../../core/protocol/engine';

if (parentPort === null) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const PROGRESS_INTERVAL_MS = 50;
let lastProgress = 0;
const progressDue = () => {
  const now = performance.now();
  if (now - lastProgress < PROGRESS_INTERVAL_MS) return false;
  lastProgress = now;
  return true;
};
const handle = createWorkerHandler((message, transfer) => port.postMessage(message, transfer), progressDue);
port.on('message', (message: ToWorker) => handle(message));
