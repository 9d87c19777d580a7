// The worker_threads entry: wires the port to the engine's message handler; all logic lives in core.
// Progress reports and posted results are thinned here, at the edge where a clock is allowed.
import { parentPort } from 'node:worker_threads';
import { atMostEvery, createWorkerHandler, PROGRESS_INTERVAL_MS, RESULTS_INTERVAL_MS, type ToWorker } from '../../core/protocol/engine';

if (parentPort === null) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const handle = createWorkerHandler((message, transfer) => port.postMessage(message, transfer), atMostEvery(PROGRESS_INTERVAL_MS, () => performance.now()), atMostEvery(RESULTS_INTERVAL_MS, () => performance.now()));
port.on('message', (message: ToWorker) => handle(message));
