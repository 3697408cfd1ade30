/**
 * The action's entry (dist/index.js): runs once in the step's process. A cancelled job gets
 * SIGINT, then SIGTERM: either aborts the upload, so nothing more is sent.
 */
import { run } from './run.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort());
}
process.exitCode = await run({
  env: process.env,
  write: (line) => process.stdout.write(`${line}\n`),
  signal: controller.signal,
});
