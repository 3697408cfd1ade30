/**
 * A streaming multipart/mixed parser (RFC 2046 §5.1), written for the receiver alone: no
 * maintained library streams multipart/mixed, and the receiver must not share the client's
 * encoder. It is a Writable: pipe the request body into it. Part bodies are handed to a
 * sink chunk by chunk as they arrive, so a part of any size passes through in constant
 * memory; only a delimiter's length of bytes is carried between chunks, so a delimiter
 * split across chunks is still found.
 */
import { Writable } from 'node:stream';
import { badRequest } from './errors.js';

/** One header line of a part, as sent (name case kept). */
export interface PartHeader {
  readonly name: string;
  readonly value: string;
}

/** A part whose headers have been read. */
export interface MultipartPartStart {
  /** 0-based position in the body. */
  readonly index: number;
  readonly headers: readonly PartHeader[];
}

/** Receives the body bytes of one part. */
export interface PartSink {
  /** Called for every slice of the part body, in order; awaited (backpressure). */
  write(chunk: Buffer): Promise<void> | void;
  /** Called once after the last slice, when the part's closing delimiter was seen. */
  end(): Promise<void> | void;
  /** Called instead of `end` when the body is abandoned (error, abort). Must not throw. */
  abort(): Promise<void> | void;
}

/** Decides where each part goes; may throw an `ImportRejection` to refuse the part. */
export type PartHandler = (part: MultipartPartStart) => Promise<PartSink> | PartSink;

/** Options of {@link MultipartMixedParser}. */
export interface MultipartOptions {
  /** Largest header block of one part (default 16 KiB). */
  readonly maxHeaderBytes?: number;
  /** Largest preamble before the first delimiter (default 16 KiB; docs/protocol.md wants none). */
  readonly maxPreambleBytes?: number;
  /** Sees every chunk before it is parsed (byte counting); throwing fails the parse. */
  readonly onChunk?: (chunk: Buffer) => void;
}

/** Facts about a completely parsed body. */
export interface MultipartSummary {
  readonly parts: number;
  readonly preambleBytes: number;
  readonly epilogueBytes: number;
}

type State = 'preamble' | 'delimiter' | 'headers' | 'body' | 'epilogue';

const CRLF = Buffer.from('\r\n', 'latin1');
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Longest transport padding (spaces/tabs) tolerated after a delimiter. */
const MAX_DELIMITER_LINE = 256;

/**
 * Parse a multipart/mixed body. Emits `finish` once the closing delimiter was seen and every
 * sink ended; errors (an `ImportRejection` with status 400) on a malformed body.
 */
export class MultipartMixedParser extends Writable {
  /** `CRLF--boundary`: every delimiter, the first one included (see the constructor). */
  private readonly delimiter: Buffer;
  private readonly onPart: PartHandler;
  private readonly maxHeaderBytes: number;
  private readonly maxPreambleBytes: number;
  private readonly onChunk: ((chunk: Buffer) => void) | undefined;
  private state: State = 'preamble';
  /** Unprocessed bytes: never more than a delimiter (or a header block) long between writes. */
  private pending: Buffer;
  private sink: PartSink | undefined;
  private partCount = 0;
  private preambleBytes = 0;
  private epilogueBytes = 0;
  /** Set once `finish` is emitted. */
  summary: MultipartSummary | undefined;

  /**
   * @param boundary the `boundary` parameter of the request's Content-Type
   * @param onPart called with each part's headers; returns the sink for its body
   */
  constructor(boundary: string, onPart: PartHandler, options: MultipartOptions = {}) {
    super({ highWaterMark: 64 * 1024 });
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.onPart = onPart;
    this.maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
    this.maxPreambleBytes = options.maxPreambleBytes ?? 16 * 1024;
    this.onChunk = options.onChunk;
    // The first delimiter may open the body without a preceding CRLF: pretend there was one,
    // so the same search finds every delimiter.
    this.pending = CRLF;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    try {
      this.onChunk?.(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.process().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.state === 'epilogue') {
      this.summary = {
        parts: this.partCount,
        preambleBytes: this.preambleBytes,
        epilogueBytes: this.epilogueBytes,
      };
      callback();
      return;
    }
    callback(
      this.state === 'preamble'
        ? badRequest('MALFORMED_MULTIPART', 'The body holds no multipart delimiter line.')
        : badRequest(
            'UNTERMINATED_MULTIPART',
            'The multipart body ends without its closing delimiter (--boundary--).',
          ),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const sink = this.sink;
    this.sink = undefined;
    if (!sink) {
      callback(error);
      return;
    }
    Promise.resolve()
      .then(() => sink.abort())
      .then(
        () => callback(error),
        () => callback(error),
      );
  }

  /** Consume as much of `pending` as the current state allows. */
  private async process(): Promise<void> {
    for (;;) {
      switch (this.state) {
        case 'preamble': {
          const at = this.pending.indexOf(this.delimiter);
          if (at === -1) {
            const keep = this.delimiter.length - 1;
            if (this.pending.length > keep) {
              this.preambleBytes += this.pending.length - keep;
              this.pending = this.pending.subarray(this.pending.length - keep);
            }
            if (this.preambleBytes > this.maxPreambleBytes) {
              throw badRequest(
                'MALFORMED_MULTIPART',
                'No multipart delimiter line near the start of the body (is the boundary right?).',
              );
            }
            return;
          }
          // The virtual CRLF does not count as preamble.
          this.preambleBytes = Math.max(0, this.preambleBytes + at - CRLF.length);
          this.pending = this.pending.subarray(at + this.delimiter.length);
          this.state = 'delimiter';
          break;
        }
        case 'delimiter': {
          if (this.pending.length < 2) return;
          if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
            // `--boundary--`: the closing delimiter. Whatever follows is epilogue.
            this.epilogueBytes += this.pending.length - 2;
            this.pending = Buffer.alloc(0);
            this.state = 'epilogue';
            return;
          }
          const lineEnd = this.pending.indexOf(CRLF);
          if (lineEnd === -1) {
            if (this.pending.length > MAX_DELIMITER_LINE) throw malformedDelimiter();
            return;
          }
          for (let i = 0; i < lineEnd; i += 1) {
            const byte = this.pending[i];
            // Transport padding (RFC 2046 §5.1.1) is the only thing allowed after a boundary.
            if (byte !== 0x20 && byte !== 0x09) throw malformedDelimiter();
          }
          this.pending = this.pending.subarray(lineEnd + CRLF.length);
          this.state = 'headers';
          break;
        }
        case 'headers': {
          let headerBlock: Buffer;
          if (this.pending.length >= 2 && this.pending[0] === 0x0d && this.pending[1] === 0x0a) {
            headerBlock = Buffer.alloc(0);
            this.pending = this.pending.subarray(2);
          } else {
            const end = this.pending.indexOf(HEADER_END);
            if (end === -1) {
              if (this.pending.length > this.maxHeaderBytes) {
                throw badRequest(
                  'MALFORMED_MULTIPART',
                  `The headers of part ${this.partCount + 1} are longer than ${this.maxHeaderBytes} bytes or never end.`,
                );
              }
              return;
            }
            headerBlock = this.pending.subarray(0, end);
            this.pending = this.pending.subarray(end + HEADER_END.length);
          }
          const headers = parseHeaderBlock(headerBlock, this.partCount);
          const index = this.partCount;
          this.partCount += 1;
          this.sink = await this.onPart({ index, headers });
          this.state = 'body';
          break;
        }
        case 'body': {
          const sink = this.sink as PartSink;
          const at = this.pending.indexOf(this.delimiter);
          if (at === -1) {
            // Keep what could be the start of a delimiter split across chunks.
            const safe = this.pending.length - (this.delimiter.length - 1);
            if (safe > 0) {
              const slice = this.pending.subarray(0, safe);
              this.pending = this.pending.subarray(safe);
              await sink.write(slice);
            }
            return;
          }
          if (at > 0) await sink.write(this.pending.subarray(0, at));
          this.pending = this.pending.subarray(at + this.delimiter.length);
          this.sink = undefined;
          await sink.end();
          this.state = 'delimiter';
          break;
        }
        case 'epilogue': {
          this.epilogueBytes += this.pending.length;
          this.pending = Buffer.alloc(0);
          return;
        }
      }
    }
  }
}

function malformedDelimiter(): Error {
  return badRequest(
    'MALFORMED_MULTIPART',
    'A multipart delimiter line is followed by something other than CRLF or "--".',
  );
}

/** Split a header block into lines, unfolding continuation lines (RFC 5322 §2.2.3). */
function parseHeaderBlock(block: Buffer, partIndex: number): PartHeader[] {
  if (block.length === 0) return [];
  const lines = block.toString('utf8').split('\r\n');
  const headers: { name: string; value: string }[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const previous = headers[headers.length - 1];
      if (!previous) throw badHeader(partIndex, line);
      previous.value = `${previous.value} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon);
    if (name === '' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      throw badHeader(partIndex, line);
    }
    headers.push({ name, value: line.slice(colon + 1).trim() });
  }
  return headers;
}

function badHeader(partIndex: number, line: string): Error {
  const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  return badRequest(
    'MALFORMED_MULTIPART',
    `Part ${partIndex + 1} has a malformed header line: ${JSON.stringify(shown)}.`,
  );
}

/** The first header named `name` (case-insensitive), if any. */
export function headerValue(headers: readonly PartHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === lower)?.value;
}
