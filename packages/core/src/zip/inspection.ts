/**
 * One zip entry's inspection (`@xltv/results`), fed the entry's bytes in order as the zip
 * reads them; it never throws (the library's promise), so inspection never fails the zip.
 * Used on the inspecting worker threads (worker.ts) and, for entries whose bytes are on the
 * main thread (an empty file, a stream), by the format itself.
 */
import { createInspector, type Inspector } from '@xltv/results';

/** An inspection under way: `end` once, after the last bytes. */
export type Inspection = Inspector;

/** Start inspecting the entry `name` (its path in the zip), last modified at `mtime`. */
export function startInspection(name: string, mtime: Date): Inspection {
  return createInspector(name, { mtime });
}
