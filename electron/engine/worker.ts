// The worker_threads entry: wires the port to the engine's message handler; all logic lives in core.
import { parentPort } from 'node:worker_threads';
import { createWorkerHandler, type ToWorker } from '../../core/protocol/engine';

if (parentPort === null) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const handle = createWorkerHandler((message, transfer) => port.postMessage(message, transfer));
port.on('message', (message: ToWorker) => handle(message));
