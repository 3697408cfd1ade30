// In tests, in place of src/zip/inspect-worker-url.ts (vitest.config.ts): the inspecting zip
// worker bundled by zip-worker.ts, the globalSetup.
import { fileURLToPath } from 'node:url';

export const INSPECT_WORKER_URL = new URL(
  '../../node_modules/.cache/xltv/zip-worker.mjs',
  import.meta.url,
);

export const TEST_WORKER_FILE = fileURLToPath(INSPECT_WORKER_URL);
