/**
 * The multipart/mixed import body (protocol.md §2). OWNER: core-http helper.
 */
import type { Readable } from 'node:stream';
import type { SelectedFile } from './files.js';
import type { Metadata } from './metadata.js';

/** A fresh random boundary (≥128 bits, protocol-safe characters only). */
export function createBoundary(): string {
  throw new Error('not implemented');
}

/** Options of {@link prepareImportBody}. */
export interface PrepareBodyOptions {
  readonly metadata: Metadata;
  readonly files: readonly SelectedFile[];
  /** Deflate level. */
  readonly level?: number;
  /** `spool` (default): zip to a temp file, send with Content-Length. `stream`: chunked. */
  readonly mode?: 'spool' | 'stream';
  /** Directory for the temporary file (default `os.tmpdir()`). */
  readonly tmpDir?: string;
  readonly signal?: AbortSignal;
}

/**
 * A body that can be sent several times: each `open()` gives a fresh stream of the exact
 * same bytes (spool) or a fresh boundary + zip (stream). `dispose()` removes temporary files;
 * they are also removed on process exit and SIGINT/SIGTERM.
 */
export interface ImportBody {
  readonly contentType: string;
  /** Byte length when spooled; undefined when streamed. */
  readonly contentLength: number | undefined;
  /** Zip size in bytes when known (spool), else after the first full send. */
  readonly zipBytes: number | undefined;
  open(): Readable;
  dispose(): Promise<void>;
}

/** Build the import body. */
export async function prepareImportBody(_options: PrepareBodyOptions): Promise<ImportBody> {
  throw new Error('not implemented');
}
