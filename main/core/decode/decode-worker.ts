// The decode worker's entry (a worker_threads thread): runs decode jobs so that turning megabytes of PBX
// JSON into rows never holds the main process's event loop, where actions and the bridge are served. The
// big lists stream through decode-jobs.ts; a page of call records is read whole (record-pages.ts); a call
// list a supervisor loads is read and checked by customer-list-job.ts.
import { parentPort } from 'node:worker_threads';
import { runCustomerListJob, type CustomerListJob } from './customer-list-job';
import { createDecodeJobs, type WorkerMessage, type WorkerReady } from './decode-jobs';
import { readCdrPageJob, type CdrPageJob } from './record-pages';

const jobs = createDecodeJobs();
const port = parentPort;
if (!port) throw new Error('decode-worker.ts runs only as a worker thread.');
port.on('message', (message: WorkerMessage | CdrPageJob | CustomerListJob) => {
  if (message.type === 'customer-list') return void runCustomerListJob(message, (reply) => port.postMessage(reply));
  const reply = message.type === 'cdr-page' ? readCdrPageJob(message) : jobs.handle(message);
  if (reply) port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies WorkerReady);
