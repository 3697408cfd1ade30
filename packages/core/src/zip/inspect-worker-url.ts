/**
 * Where the inspecting zip worker (worker.ts) is: `zip-worker.js` beside the bundle this
 * module is part of. Core's build and the CLI's put every bundle and chunk in their `dist`
 * root, and the worker there too. Tests run from sources put a bundle of their own in place
 * of this module (packages/core/vitest.config.ts).
 */
export const INSPECT_WORKER_URL = new URL('./zip-worker.js', import.meta.url);
