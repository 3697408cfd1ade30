// Worker for the parallel-deflation probe: deflates its share of the files with
// zlib.deflateRawSync (what a zip entry holds) and reports bytes in/out.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';

let bytesIn = 0;
let bytesOut = 0;
for (const file of workerData.files) {
  const data = readFileSync(file);
  bytesIn += data.length;
  bytesOut += zlib.deflateRawSync(data, { level: workerData.level }).length;
}
parentPort.postMessage({ bytesIn, bytesOut });
