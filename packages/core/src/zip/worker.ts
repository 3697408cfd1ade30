/**
 * The inspecting zip worker: the deflate worker's body (deflate-worker.ts) with the
 * inspection of `@xltv/results`, which a worker run from source text could not import. Built
 * as an entry of its own, `zip-worker.js`, beside the bundle that starts it (core's and the
 * CLI's dist); inspect-worker-url.ts says where that is.
 */
import { deflateWorkerMain } from './deflate-worker.js';
import { startInspection } from './inspection.js';

deflateWorkerMain(startInspection);
