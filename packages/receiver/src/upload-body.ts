/**
 * Reading an import body: the request's Content-Type, the two parts picked by media type,
 * the metadata kept in memory (it is small and capped) and the zip streamed to a file while
 * its size and sha256 are computed. Nothing here knows about HTTP responses.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ImportRejection, badRequest } from './errors.js';
import { isValidBoundary, parseHeaderValue } from './media-type.js';
import { MultipartMixedParser, headerValue } from './multipart.js';
import type { PartHeader, PartSink, MultipartPartStart } from './multipart.js';

/** What a part of an import body is, decided by its media type. */
export type PartRole = 'metadata' | 'results';

/** One part as received. */
export interface ReceivedPart {
  /** 0-based position in the body. */
  readonly index: number;
  readonly role: PartRole;
  /** Header lines exactly as sent (name case kept). */
  readonly headers: readonly PartHeader[];
  /** Body length in bytes. */
  readonly bytes: number;
}

/** A completely read import body. The caller owns `zipFile` and must move or delete it. */
export interface ReceivedUpload {
  readonly boundary: string;
  readonly parts: readonly ReceivedPart[];
  readonly metadataBytes: Buffer;
  readonly zipFile: string;
  readonly zipSize: number;
  readonly zipSha256: string;
  readonly preambleBytes: number;
  readonly epilogueBytes: number;
}

/** Media types taken as the zip part without further ado. */
const ZIP_MEDIA_TYPES = new Set([
  'application/zip',
  'application/x-zip-compressed',
  'application/x-zip',
]);
/** Content-Transfer-Encoding values that leave the bytes as they are (RFC 2045 §6.1). */
const IDENTITY_ENCODINGS = new Set(['binary', '8bit', '7bit']);

/**
 * The boundary of a `multipart/mixed` Content-Type (quoted or not). Throws 415 for another
 * media type and 400 for a missing or invalid boundary.
 */
export function boundaryOf(contentType: string | undefined): string {
  const parsed = contentType === undefined ? undefined : parseHeaderValue(contentType);
  if (!parsed) {
    throw new ImportRejection(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'An import must be sent as Content-Type: multipart/mixed; boundary=…',
    );
  }
  if (parsed.type !== 'multipart/mixed') {
    throw new ImportRejection(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `An import must be multipart/mixed, not ${parsed.type}.`,
    );
  }
  const boundary = parsed.params.get('boundary');
  if (boundary === undefined || !isValidBoundary(boundary)) {
    throw badRequest(
      'BAD_CONTENT_TYPE',
      'The multipart/mixed Content-Type has no valid boundary parameter (1–70 RFC 2046 characters).',
    );
  }
  return boundary;
}

/**
 * Which part this is. JSON: `application/json` with no charset or `utf-8` (any case).
 * Zip: `application/zip` (or the `x-zip` variants), or `application/octet-stream` whose
 * Content-Disposition filename ends in `.zip`. Anything else is refused.
 */
export function roleOf(part: MultipartPartStart): PartRole {
  const number = part.index + 1;
  const transferEncoding = headerValue(part.headers, 'content-transfer-encoding');
  if (transferEncoding !== undefined && !IDENTITY_ENCODINGS.has(transferEncoding.toLowerCase())) {
    throw badRequest(
      'UNSUPPORTED_TRANSFER_ENCODING',
      `Part ${number} uses Content-Transfer-Encoding ${transferEncoding}; only binary, 8bit and 7bit are accepted.`,
    );
  }
  const contentType = headerValue(part.headers, 'content-type');
  const parsed = contentType === undefined ? undefined : parseHeaderValue(contentType);
  if (!parsed) {
    throw badRequest(
      'EXTRA_PART',
      `Part ${number} has no usable Content-Type; parts are picked by media type (application/json and application/zip).`,
    );
  }
  if (parsed.type === 'application/json') {
    const charset = parsed.params.get('charset');
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
      throw badRequest(
        'UNSUPPORTED_CHARSET',
        `The metadata part declares charset ${charset}; it must be UTF-8.`,
      );
    }
    return 'metadata';
  }
  if (ZIP_MEDIA_TYPES.has(parsed.type)) return 'results';
  if (parsed.type === 'application/octet-stream') {
    const disposition = headerValue(part.headers, 'content-disposition');
    const filename = disposition === undefined ? undefined : parseHeaderValue(disposition);
    if (filename?.params.get('filename')?.toLowerCase().endsWith('.zip')) return 'results';
  }
  throw badRequest(
    'EXTRA_PART',
    `Part ${number} (${parsed.type}) is neither the metadata (application/json) nor the results (application/zip).`,
  );
}

/** Options of {@link readUploadBody}. */
export interface ReadUploadOptions {
  readonly boundary: string;
  /** Where to write the zip part (a new file; removed again on failure). */
  readonly zipFile: string;
  /** Largest accepted metadata part. */
  readonly maxMetadataBytes: number;
  /** Sees every body chunk before it is parsed; throwing stops the parse with that error. */
  readonly onChunk?: (chunk: Buffer) => void;
}

/**
 * Read a whole import body from `body`. Resolves once the closing delimiter was read and the
 * zip file is complete; rejects with an {@link ImportRejection} (after removing the zip
 * file) on a malformed body, or with the stream's error. `parser` is returned synchronously
 * so the caller can destroy it (e.g. on 413) to stop reading.
 */
export function readUploadBody(
  body: Readable,
  options: ReadUploadOptions,
): { parser: MultipartMixedParser; done: Promise<ReceivedUpload> } {
  const parts: ReceivedPart[] = [];
  const metadataChunks: Buffer[] = [];
  let metadataLength = 0;
  let zipSink: ZipFileSink | undefined;
  let zipResult: { size: number; sha256: string } | undefined;

  const parser = new MultipartMixedParser(
    options.boundary,
    (part) => {
      const role = roleOf(part);
      if (parts.some((seen) => seen.role === role)) {
        throw badRequest(
          'EXTRA_PART',
          `Part ${part.index + 1} is a second ${role === 'metadata' ? 'metadata (application/json)' : 'results (application/zip)'} part; exactly one of each is wanted.`,
        );
      }
      const record = { index: part.index, role, headers: part.headers, bytes: 0 };
      parts.push(record);
      if (role === 'metadata') {
        return {
          write(chunk) {
            record.bytes += chunk.length;
            metadataLength += chunk.length;
            if (metadataLength > options.maxMetadataBytes) {
              throw badRequest(
                'METADATA_TOO_LARGE',
                `The metadata part is larger than ${options.maxMetadataBytes} bytes.`,
              );
            }
            metadataChunks.push(chunk);
          },
          end() {},
          abort() {},
        } satisfies PartSink;
      }
      zipSink = new ZipFileSink(options.zipFile, (bytes) => {
        record.bytes = bytes;
      });
      const sink = zipSink;
      return {
        write: (chunk) => sink.write(chunk),
        end: async () => {
          zipResult = await sink.end();
        },
        abort: () => sink.abort(),
      } satisfies PartSink;
    },
    { onChunk: options.onChunk },
  );

  const done = new Promise<ReceivedUpload>((resolve, reject) => {
    const fail = (error: unknown): void => {
      const cleanup = zipSink ? zipSink.abort() : Promise.resolve();
      cleanup.then(
        () => reject(error),
        () => reject(error),
      );
    };
    parser.once('error', fail);
    parser.once('finish', () => {
      const summary = parser.summary;
      const missing = (['metadata', 'results'] as const).filter(
        (role) => !parts.some((part) => part.role === role),
      );
      if (missing.length > 0 || !summary || !zipResult) {
        fail(
          badRequest(
            'MISSING_PART',
            `The body lacks its ${missing
              .map((role) =>
                role === 'metadata' ? 'metadata (application/json)' : 'results (application/zip)',
              )
              .join(' and ')} part; exactly one of each is wanted.`,
          ),
        );
        return;
      }
      resolve({
        boundary: options.boundary,
        parts,
        metadataBytes: Buffer.concat(metadataChunks, metadataLength),
        zipFile: options.zipFile,
        zipSize: zipResult.size,
        zipSha256: zipResult.sha256,
        preambleBytes: summary.preambleBytes,
        epilogueBytes: summary.epilogueBytes,
      });
    });
  });
  body.pipe(parser);
  return { parser, done };
}

/** Streams a part to a new file, hashing and counting as it goes. */
class ZipFileSink {
  private readonly file: string;
  private readonly stream;
  private readonly hash = createHash('sha256');
  private size = 0;
  private readonly onBytes: (bytes: number) => void;
  private aborted = false;

  constructor(file: string, onBytes: (bytes: number) => void) {
    this.file = file;
    this.onBytes = onBytes;
    this.stream = createWriteStream(file, { flags: 'wx' });
    // Errors surface through write/end; keep an emitted error from being unhandled.
    this.stream.on('error', () => {});
  }

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.onBytes(this.size);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<{ size: number; sha256: string }> {
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    return { size: this.size, sha256: this.hash.digest('hex') };
  }

  async abort(): Promise<void> {
    if (this.aborted) return;
    this.aborted = true;
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close').catch(() => {});
      this.stream.destroy();
      await closed;
    }
    await rm(this.file, { force: true });
  }
}
