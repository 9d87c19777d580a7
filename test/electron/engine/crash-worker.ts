// A worker entry for fault tests: the real handler, except that training restart LL_CRASH_INDEX dies
// (LL_CRASH_KIND "exit": the thread exits with code 3; "throw": an uncaught error), as does any group of restarts that holds it. With
// LL_CRASH_MARKER set it dies only while that file does not exist (it creates the file first), so a
// retry on a fresh worker succeeds; without it, it dies every time.
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { createWorkerHandler, type ToWorker } from '../../../core/protocol/engine';

const port = parentPort!;
const handle = createWorkerHandler((message, transfer) => port.postMessage(message, transfer));
port.on('message', (message: ToWorker) => {
  const index = Number(process.env.LL_CRASH_INDEX ?? -1);
  const marker = process.env.LL_CRASH_MARKER;
  if (message.type === 'train' && message.tasks.some((t) => t.index === index) && (marker === undefined || !existsSync(marker))) {
    if (marker !== undefined) writeFileSync(marker, 'crashed once');
    if (process.env.LL_CRASH_KIND === 'throw') {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    } else {
      process.exit(3);
    }
    return;
  }
  handle(message);
});
