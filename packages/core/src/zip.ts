/**
 * Deterministic zip of the selected files with archiver (protocol.md §3).
 * OWNER: core-io helper. Signatures are the contract; implement behind them.
 */
import type { Readable } from 'node:stream';
import type { SelectedFile } from './files.js';

/** Deflate level used when none is given; chosen by benchmark (see BENCHMARKS.md). */
export const DEFAULT_ZIP_LEVEL = 1;

/** Options of {@link createZipStream}. */
export interface ZipOptions {
  /** Deflate level 0–9 (default {@link DEFAULT_ZIP_LEVEL}). */
  readonly level?: number;
  /** Abort the zip (the stream errors with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * A readable stream of the zip of `files`, in the given order (callers pass the sorted
 * selection). Errors with `UNREADABLE_FILE` or `FILE_CHANGED` when a file cannot be read or
 * changed size while being zipped. archiver is loaded lazily.
 */
export async function createZipStream(
  _files: readonly SelectedFile[],
  _options: ZipOptions = {},
): Promise<Readable> {
  throw new Error('not implemented');
}
