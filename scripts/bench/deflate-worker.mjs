// Worker of the physical-limit row: takes the next file from a shared counter (the list is
// sorted largest first, so the threads finish together), reads it and deflates it with
// zlib.deflateRawSync (what a zip entry holds), and reports bytes in/out.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';

const next = new Int32Array(workerData.counter);
let bytesIn = 0;
let bytesOut = 0;
for (;;) {
  const index = Atomics.add(next, 0, 1);
  if (index >= workerData.files.length) break;
  const data = readFileSync(workerData.files[index]);
  bytesIn += data.length;
  bytesOut += zlib.deflateRawSync(data, { level: workerData.level }).length;
}
parentPort.postMessage({ bytesIn, bytesOut });
