// The built @xltv/results over one set of files, in its own process (its peak RSS and heap are
// its own): `node inspect-probe.mjs '<json>'` with { dist, files } (a list of { file, rel, size }).
// Each file goes through `createInspector(rel)` in 64 KiB chunks, as the upload streams it.
// Prints one JSON line: wall time, bytes, the summed counts, formats and problem codes seen.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';

const { dist, files } = JSON.parse(process.argv[2]);
const { createInspector } = await import(pathToFileURL(dist).href);
const list = JSON.parse(readFileSync(files, 'utf8'));

const CHUNK = 64 * 1024;
const MTIME = new Date(Date.UTC(2024, 4, 1, 12));
const totals = { tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0 };
const formats = {};
const problems = {};
let peakHeap = 0;
const sample = () => {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used > peakHeap) peakHeap = used;
};

sample();
const started = process.hrtime.bigint();
let bytes = 0;
for (const { file, rel, size } of list) {
  const inspector = createInspector(rel, { mtime: MTIME });
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      // A fresh buffer per chunk: an inspector may keep a reference to what it was given.
      const buffer = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      inspector.write(buffer.subarray(0, n));
      sample();
    }
  } finally {
    closeSync(fd);
  }
  const result = inspector.end();
  for (const key of Object.keys(totals)) totals[key] += result[key];
  const format = result.format ?? 'none';
  formats[format] = (formats[format] ?? 0) + 1;
  for (const problem of result.problems) problems[problem.code] = (problems[problem.code] ?? 0) + 1;
  bytes += size;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, bytes, ...totals, formats, problems, peakHeap })}\n`);
