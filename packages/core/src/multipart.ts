/**
 * The multipart/mixed import body (docs/protocol.md §2), byte for byte:
 *
 * ```
 * --B CRLF
 * Content-Type: application/json; charset=utf-8 CRLF
 * CRLF
 * <compact UTF-8 metadata JSON> CRLF
 * --B CRLF
 * Content-Type: application/zip CRLF
 * CRLF
 * <zip bytes> CRLF
 * --B-- CRLF
 * ```
 *
 * No preamble, no epilogue (the final CRLF belongs to the close delimiter line, as in the
 * Jenkins plugin's OkHttp body), no Content-Disposition. The zip is never held in memory:
 * it is spooled to a temporary file or streamed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileResults } from '@xltv/results';
import { XltvError, isXltvError } from './errors.js';
import type { SelectedFile } from './files.js';
import type { Metadata } from './metadata.js';
import { createTempDirectory, removeTempDirectory } from './tempfiles.js';
import { DEFAULT_ZIP_LEVEL, createZipStream, validateZipEntries, validateZipLevel } from './zip.js';

/** Size of the pieces a spooled body is read in ({@link SpoolFileReader}). */
const BODY_PIECE_BYTES = 4 * 1024;

/**
 * A spooled body, read in 4 KiB pieces with synchronous reads. A socket that keeps up (loopback,
 * a fast network, or TLS, which encrypts each piece at once) takes the body as fast as it is
 * read; each piece is garbage once sent, and such buffers are freed only at the next
 * collection, which the little JavaScript allocated per piece makes rare: what waits for it
 * grows with the piece size, and small pieces make the upload no slower (BENCHMARKS.md,
 * "Memory"). Reading synchronously (the file was just written: the page cache has it) costs
 * less than a round trip through the thread pool per piece.
 */
class SpoolFileReader extends Readable {
  readonly #path: string;
  #fd: number | undefined;

  constructor(file: string) {
    super({ highWaterMark: BODY_PIECE_BYTES });
    this.#path = file;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    try {
      this.#fd = openSync(this.#path, 'r');
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _read(): void {
    try {
      const piece = Buffer.allocUnsafe(BODY_PIECE_BYTES);
      const bytesRead = readSync(this.#fd as number, piece, 0, piece.length, null);
      this.push(bytesRead === 0 ? null : piece.subarray(0, bytesRead));
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    callback(error);
  }
}

/**
 * Writes the spooled body with synchronous writes: a write of a 64 KiB piece goes to the page
 * cache, and done in place it costs less than a round trip through the thread pool.
 */
class SpoolFileWriter extends Writable {
  readonly #path: string;
  #fd: number | undefined;

  constructor(file: string) {
    super({ highWaterMark: BODY_PIECE_BYTES });
    this.#path = file;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    try {
      this.#fd = openSync(this.#path, 'wx', 0o600);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error) => void,
  ): void {
    try {
      for (let offset = 0; offset < chunk.length;) {
        offset += writeSync(this.#fd as number, chunk, offset, chunk.length - offset);
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#close(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#close(() => callback(error));
  }

  #close(callback: (error?: Error | null) => void): void {
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      if (fd !== undefined) closeSync(fd);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/** Media type of part 1. */
export const METADATA_PART_TYPE = 'application/json; charset=utf-8';
/** Media type of part 2. */
export const ZIP_PART_TYPE = 'application/zip';

/** Characters RFC 2046 allows in a boundary that are also safe unquoted (RFC 2045 token). */
const BOUNDARY_PATTERN = /^[0-9A-Za-z_-]{1,70}$/;

/**
 * A fresh random boundary: `xltv-` and 24 random bytes in base64url (192 bits), so only
 * `[0-9A-Za-z_-]` characters, which need no quoting in the Content-Type header.
 */
export function createBoundary(): string {
  return `xltv-${randomBytes(24).toString('base64url')}`;
}

/** The Content-Type header value for `boundary` (unquoted, as docs/protocol.md §2 requires). */
export function multipartContentType(boundary: string): string {
  if (!BOUNDARY_PATTERN.test(boundary)) {
    throw new XltvError('INVALID_OPTION', 'boundary has characters that would need quoting', {
      option: 'boundary',
    });
  }
  return `multipart/mixed; boundary=${boundary}`;
}

/**
 * The metadata as compact UTF-8 JSON (no whitespace; non-ASCII characters as raw UTF-8, lone
 * surrogates escaped by `JSON.stringify`, so the bytes are always valid UTF-8).
 * @throws {XltvError} `INVALID_METADATA` when `metadata` is not a plain object.
 */
export function encodeMetadata(metadata: Metadata): Buffer {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new XltvError('INVALID_METADATA', 'metadata must be a JSON object', {
      rule: 'object',
    });
  }
  return Buffer.from(JSON.stringify(metadata), 'utf8');
}

/** Options of {@link prepareImportBody}. */
export interface PrepareBodyOptions {
  /** Part 1, sent as compact UTF-8 JSON. */
  readonly metadata: Metadata;
  /** The files of part 2, in zip order (the sorted selection). */
  readonly files: readonly SelectedFile[];
  /** Deflate level 0–9 (default {@link DEFAULT_ZIP_LEVEL}). */
  readonly level?: number;
  /** `spool` (default): zip to a temp file, send with Content-Length. `stream`: chunked. */
  readonly mode?: 'spool' | 'stream';
  /** Directory for the temporary file (default `os.tmpdir()`). */
  readonly tmpDir?: string;
  /** Aborts zipping: while spooling, and in every stream `open()`ed in stream mode. */
  readonly signal?: AbortSignal;
  /**
   * Inspect every file as it is zipped (see `ZipOptions.onInspected`): called for each file
   * with its index in `files` before `prepareImportBody` resolves (spool), or while each
   * `open()`ed stream is sent (stream: again for every send).
   */
  readonly onInspected?: (index: number, results: FileResults) => void;
}

/**
 * A body that can be sent several times: each `open()` gives a fresh stream of the exact
 * same bytes (spool) or of a fresh zip (stream; same boundary, so `contentType` stays valid).
 * `dispose()` removes temporary files; they are also removed on process exit and
 * SIGINT/SIGTERM (see `removeAllTempFiles`).
 */
export interface ImportBody {
  /** `multipart/mixed; boundary=…` (unquoted). */
  readonly contentType: string;
  /** The boundary inside {@link ImportBody.contentType}. */
  readonly boundary: string;
  /** How the body is produced. */
  readonly mode: 'spool' | 'stream';
  /** Byte length when spooled; undefined when streamed. */
  readonly contentLength: number | undefined;
  /** Zip size in bytes when known (spool), else after the first full send. */
  readonly zipBytes: number | undefined;
  /** A fresh stream of the whole body. */
  open(): Readable;
  /** Remove temporary files; idempotent. `open()` fails afterwards. */
  dispose(): Promise<void>;
}

/** The body's bytes in order; `zip` is awaited lazily so nothing is read before it is needed. */
async function* multipartChunks(
  boundary: string,
  metadataJson: Buffer,
  openZip: () => Promise<Readable>,
  onZipBytes: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${boundary}\r\nContent-Type: ${METADATA_PART_TYPE}\r\n\r\n`, 'latin1');
  yield metadataJson;
  yield Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${ZIP_PART_TYPE}\r\n\r\n`, 'latin1');
  const zip = await openZip();
  let zipBytes = 0;
  try {
    for await (const chunk of zip) {
      zipBytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  } finally {
    zip.destroy();
  }
  onZipBytes(zipBytes);
  yield Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
}

function toBodyError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (isXltvError(error)) return error;
  if (signal?.aborted || (error as Error | undefined)?.name === 'AbortError') {
    return new XltvError('ABORTED', 'building the request body was aborted');
  }
  return error;
}

/**
 * Build the import body.
 * - `spool` (default): the whole multipart body is written to `body.multipart` in a private
 *   temporary directory (`mkdtemp` under `tmpDir`), so `contentLength` is exact and every
 *   `open()` re-reads the same bytes.
 * - `stream`: nothing is done up front; every `open()` zips the files again while sending.
 * @throws {XltvError} `INVALID_OPTION`, `INVALID_METADATA`, `UNSAFE_PATH`, and while
 *   spooling `FILE_CHANGED`, `UNREADABLE_FILE`, `ABORTED` (the temporary file is removed).
 */
export async function prepareImportBody(options: PrepareBodyOptions): Promise<ImportBody> {
  const level = options.level ?? DEFAULT_ZIP_LEVEL;
  validateZipLevel(level);
  const mode = options.mode ?? 'spool';
  if (mode !== 'spool' && mode !== 'stream') {
    throw new XltvError('INVALID_OPTION', `unknown body mode ${String(mode)}`, {
      option: 'mode',
      value: mode,
    });
  }
  const metadataJson = encodeMetadata(options.metadata);
  const boundary = createBoundary();
  const contentType = multipartContentType(boundary);
  const { files, signal, onInspected } = options;
  const zipOptions = {
    level,
    ...(signal ? { signal } : {}),
    ...(onInspected ? { onInspected } : {}),
  };
  const openZip = (): Promise<Readable> => createZipStream(files, zipOptions);
  // Refuse bad entry names before anything is written or sent, in both modes.
  validateZipEntries(files);

  if (mode === 'stream') {
    let zipBytes: number | undefined;
    let disposed = false;
    return {
      contentType,
      boundary,
      mode,
      contentLength: undefined,
      get zipBytes() {
        return zipBytes;
      },
      open() {
        if (disposed) throw new Error('import body was disposed');
        return Readable.from(
          multipartChunks(boundary, metadataJson, openZip, (bytes) => (zipBytes = bytes)),
          { objectMode: false },
        );
      },
      dispose() {
        disposed = true;
        return Promise.resolve();
      },
    };
  }

  if (signal?.aborted) throw new XltvError('ABORTED', 'building the request body was aborted');
  let zipBytes = 0;
  const spool = await spoolBody(
    multipartChunks(boundary, metadataJson, openZip, (bytes) => (zipBytes = bytes)),
    { tmpDir: options.tmpDir, signal },
  );
  return spooledBody(contentType, boundary, spool, zipBytes);
}

/** The temporary file a spooled body is in (see {@link prepareImportBody}). */
interface Spool {
  readonly directory: string;
  readonly file: string;
  readonly contentLength: number;
}

/** Write `chunks` to `body.multipart` in a new private temporary directory. */
async function spoolBody(
  chunks: AsyncGenerator<Buffer>,
  options: { tmpDir: string | undefined; signal: AbortSignal | undefined },
): Promise<Spool> {
  const { signal } = options;
  const directory = await createTempDirectory(options.tmpDir);
  const file = path.join(directory, 'body.multipart');
  try {
    await pipeline(
      Readable.from(chunks, { objectMode: false }),
      new SpoolFileWriter(file),
      signal ? { signal } : {},
    );
    return { directory, file, contentLength: (await stat(file)).size };
  } catch (error) {
    await removeTempDirectory(directory);
    throw toBodyError(error, signal);
  }
}

/**
 * The body of a finished spool. Made apart from {@link prepareImportBody}, so that it holds
 * only what it needs: not the file list, which is large for a big selection and garbage once
 * the zip is written, while the upload's own memory comes on top.
 */
function spooledBody(
  contentType: string,
  boundary: string,
  spool: Spool,
  zipBytes: number,
): ImportBody {
  let disposed = false;
  return {
    contentType,
    boundary,
    mode: 'spool',
    contentLength: spool.contentLength,
    zipBytes,
    open() {
      if (disposed) throw new Error('import body was disposed');
      return new SpoolFileReader(spool.file);
    },
    async dispose() {
      disposed = true;
      await removeTempDirectory(spool.directory);
    },
  };
}

/**
 * A body written before, as a file of the exact request bytes (a spooled upload,
 * docs/cli.md "Spool and flush"). `dispose()` leaves the file where it is.
 */
export function bodyFromFile(
  file: string,
  request: { contentType: string; contentLength: number; zipBytes: number },
): ImportBody {
  return {
    contentType: request.contentType,
    boundary: /boundary=([^;\s]+)/.exec(request.contentType)?.[1] ?? '',
    mode: 'spool',
    contentLength: request.contentLength,
    zipBytes: request.zipBytes,
    open: () => new SpoolFileReader(file),
    dispose: () => Promise.resolve(),
  };
}
