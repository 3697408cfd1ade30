/**
 * Deterministic zip of the selected files with archiver (docs/protocol.md §3), in the given
 * order and at the consumer's pace: never the zip in memory, never one open file per entry.
 * - Files of at most {@link WHOLE_FILE_MAX_BYTES} (nearly every report) skip archiver's
 *   per-entry streams, whose cost and garbage grow with the file count: {@link WholeFileWriter}
 *   writes them straight into archiver's engine, with the bytes compress-commons would write
 *   (zip-records.ts). Each hook on archiver's internals checks what it relies on and, if
 *   archiver changed, leaves it alone: slower, same zip.
 * - Entry names are validated first, because archiver silently rewrites some (`a//b`, `../`,
 *   `C:`). Zip64 is left to archiver, which switches to it by itself when needed.
 */
import type { Stats } from 'node:fs';
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import { XltvError } from './errors.js';
import type { SelectedFile } from './files.js';
import { RawDeflater, RawInflater } from './raw-deflate.js';
import type { KnownSizeEntry } from './zip-records.js';
import {
  centralDirectoryRecordLength,
  dosDateTime,
  localFileHeaderLength,
  writeCentralDirectoryRecord,
  writeLocalFileHeader,
} from './zip-records.js';

/** Deflate level used when none is given (BENCHMARKS.md, "Default deflate level"). */
export const DEFAULT_ZIP_LEVEL = 1;

/** Options of {@link createZipStream}. */
export interface ZipOptions {
  /** Deflate level 0–9 (default {@link DEFAULT_ZIP_LEVEL}); 0 stores the files uncompressed. */
  readonly level?: number;
  /** Abort the zip (the stream errors with `ABORTED`). */
  readonly signal?: AbortSignal;
  /**
   * Pieces to write the zip in, handed back by a consumer that is done with them (see
   * {@link ZipPiecePool}). Without it every piece is a new Buffer.
   */
  readonly piecePool?: ZipPiecePool;
}

/**
 * The pieces the zip writes whole files in, reused: a consumed piece is freed only when the
 * garbage collector gets to its object, which the little JavaScript allocated per piece makes
 * rare, so consumed pieces would pile up (BENCHMARKS.md, "Memory"). A consumer that writes each
 * chunk of the zip at once and keeps no reference to it (the spooled body does) hands it back
 * with {@link ZipPiecePool.give}; only a piece of this pool, handed back whole, is reused, so
 * anything else given is ignored.
 */
export class ZipPiecePool {
  /** Pieces handed out and not yet back, with the length they were handed out with. */
  readonly #out = new WeakMap<ArrayBufferLike, number>();
  readonly #spare: Buffer[] = [];

  /** A piece of {@link OUTPUT_PIECE_BYTES} bytes: a spare one or a new one. */
  take(): Buffer {
    return this.#spare.pop() ?? Buffer.allocUnsafeSlow(OUTPUT_PIECE_BYTES);
  }

  /** Called by the zip: `chunk`, the first `chunk.length` bytes of a piece, goes out. */
  handOut(chunk: Buffer): void {
    this.#out.set(chunk.buffer, chunk.length);
  }

  /** The consumer is done with `chunk`: reuse its piece if it is one, handed back whole. */
  give(chunk: Buffer): void {
    const length = this.#out.get(chunk.buffer);
    if (length === undefined || chunk.byteOffset !== 0 || chunk.length !== length) return;
    this.#out.delete(chunk.buffer);
    if (this.#spare.length < MAX_SPARE_PIECES) {
      this.#spare.push(Buffer.from(chunk.buffer, 0, OUTPUT_PIECE_BYTES));
    }
  }
}

/** Spare pieces a {@link ZipPiecePool} keeps. */
const MAX_SPARE_PIECES = 8;

/** How many entries are handed to archiver ahead of the one being compressed. */
const APPEND_WINDOW = 4;
/** Read size for source files. */
const READ_CHUNK_BYTES = 64 * 1024;
/** Size of the pieces the zip is written in. */
const OUTPUT_PIECE_BYTES = 64 * 1024;
/**
 * Files up to this size (nearly every test report) are read in one call and compressed in
 * one call; bigger ones are streamed, so that no single call blocks the event loop for long.
 */
export const WHOLE_FILE_MAX_BYTES = 1024 * 1024;
/** Zip compression methods (as compress-commons numbers them). */
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Check that `level` is a deflate level.
 * @throws {XltvError} `INVALID_OPTION` with details `{ option: 'level', value }`
 */
export function validateZipLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new XltvError('INVALID_OPTION', `zip level must be an integer from 0 to 9`, {
      option: 'level',
      value: level,
    });
  }
}

/**
 * Why `name` cannot be written as a zip entry name unchanged, or undefined when it can.
 * Entry names are relative, `/`-separated, and archiver must not rewrite them.
 */
export function entryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty';
  if (name.includes('\\')) return 'backslash';
  // Control characters are refused by servers (and terminals render them badly); a lone
  // surrogate cannot be encoded as UTF-8 and would silently become U+FFFD.
  if (CONTROL_CHARACTER.test(name)) return 'control character';
  if (LONE_SURROGATE.test(name)) return 'not valid Unicode';
  if (name.startsWith('/')) return 'absolute';
  if (name.endsWith('/')) return 'directory';
  if (/^\w+:/.test(name)) return 'drive or scheme prefix';
  for (const segment of name.split('/')) {
    if (segment === '') return 'empty segment';
    if (segment === '.' || segment === '..') return `"${segment}" segment`;
  }
  if (Buffer.byteLength(name, 'utf8') > 0xffff) return 'too long';
  return undefined;
}

/**
 * Check every entry name with {@link entryNameProblem} and refuse duplicates.
 * @throws {XltvError} `UNSAFE_PATH` with details `{ name, path, reason }`
 */
export function validateZipEntries(files: readonly SelectedFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    const problem = entryNameProblem(file.name);
    if (problem !== undefined) {
      throw new XltvError('UNSAFE_PATH', `unusable zip entry name "${file.name}": ${problem}`, {
        name: file.name,
        path: file.path,
        reason: problem,
      });
    }
    if (seen.has(file.name)) {
      throw new XltvError('UNSAFE_PATH', `duplicate zip entry name "${file.name}"`, {
        name: file.name,
        path: file.path,
        reason: 'duplicate',
      });
    }
    seen.add(file.name);
  }
}

/** `error` as the zip's failure: an XltvError as it is, anything else as `ZIP_FAILED`. */
function zipFailed(error: unknown): XltvError {
  if (error instanceof XltvError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new XltvError('ZIP_FAILED', `zip failed: ${message}`, {}, { cause: error });
}

function abortedError(): XltvError {
  return new XltvError('ABORTED', 'zip aborted');
}

/** Map a file system error while reading `file` to a typed error. */
function fileError(error: unknown, file: SelectedFile): XltvError {
  if (error instanceof XltvError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const details = { path: file.path, name: file.name, reason: code ?? String(error) };
  if (code === 'ENOENT') {
    return new XltvError('FILE_CHANGED', `file vanished before it was zipped: ${file.path}`, {
      ...details,
      reason: 'vanished',
    });
  }
  return new XltvError('UNREADABLE_FILE', `cannot read ${file.path}: ${code ?? error}`, details, {
    cause: error,
  });
}

function changedError(file: SelectedFile, actualSize: number, reason: string): XltvError {
  return new XltvError('FILE_CHANGED', `file changed while being zipped: ${file.path}`, {
    path: file.path,
    name: file.name,
    expectedSize: file.size,
    actualSize,
    reason,
  });
}

/**
 * Check that the opened `file` is still what was selected: a regular file of the recorded size.
 * @throws {XltvError} `UNREADABLE_FILE` (no longer a regular file), `FILE_CHANGED` (size)
 */
function assertStillSelected(file: SelectedFile, stats: Stats): void {
  if (!stats.isFile()) {
    throw new XltvError('UNREADABLE_FILE', `not a regular file: ${file.path}`, {
      path: file.path,
      name: file.name,
      reason: 'not a regular file',
    });
  }
  if (stats.size !== file.size) throw changedError(file, stats.size, 'size');
}

/**
 * A readable stream of one file's bytes that opens the file on first read and fails when the
 * file's size differs from the size recorded at selection time.
 */
class FileEntryReader extends Readable {
  readonly #file: SelectedFile;
  #handle: FileHandle | undefined;
  #position = 0;

  constructor(file: SelectedFile) {
    super({ highWaterMark: READ_CHUNK_BYTES });
    this.#file = file;
  }

  override _read(): void {
    this.#readChunk().catch((error: unknown) => this.destroy(fileError(error, this.#file)));
  }

  async #readChunk(): Promise<void> {
    const file = this.#file;
    if (!this.#handle) {
      const handle = await open(file.path, 'r');
      if (this.destroyed) {
        await handle.close();
        return;
      }
      this.#handle = handle;
      assertStillSelected(file, await handle.stat());
    }
    // One byte more than the file should still hold, so that a small file needs a small
    // buffer (a 64 KiB one per file is heavy churn for thousands of small files) and a file
    // that grew is still noticed.
    const buffer = Buffer.allocUnsafe(
      Math.min(READ_CHUNK_BYTES, Math.max(file.size - this.#position, 0) + 1),
    );
    const { bytesRead } = await this.#handle.read(buffer, 0, buffer.length, this.#position);
    if (this.destroyed) return;
    if (bytesRead === 0) {
      if (this.#position !== file.size) throw changedError(file, this.#position, 'shrank');
      await this.#closeHandle();
      this.push(null);
      return;
    }
    this.#position += bytesRead;
    if (this.#position > file.size) throw changedError(file, this.#position, 'grew');
    this.push(buffer.subarray(0, bytesRead));
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#closeHandle().then(
      () => callback(error),
      () => callback(error),
    );
  }
}

/**
 * Read a file of at most {@link WHOLE_FILE_MAX_BYTES} in one go into `buffer` (at least
 * `file.size + 1` bytes), with the same checks as {@link FileEntryReader}: a regular file
 * whose size is still the one recorded at selection. Returns the bytes read, a view of
 * `buffer`. Synchronous on purpose: for small files, four system calls on the main thread
 * cost a fraction of four round trips through the thread pool.
 */
function readWholeFile(file: SelectedFile, buffer: Buffer): Buffer {
  // O_NONBLOCK: a file replaced by a FIFO since selection must fail, not wait for a writer.
  const fd = openSync(file.path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    assertStillSelected(file, fstatSync(fd));
    // Up to one byte more than expected, so that a file that grew since the stat is noticed.
    const limit = file.size + 1;
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, limit - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > file.size) throw changedError(file, length, 'grew');
    }
    if (length !== file.size) throw changedError(file, length, 'shrank');
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Size of the blocks {@link WholeFileWriter} keeps central directory records in. */
const CENTRAL_RECORDS_BLOCK_BYTES = 64 * 1024;
/**
 * Stands in the engine's entry list for a record that an earlier item of the list holds (the
 * list needs one item per entry: its length is the entry count of the end record).
 */
const RECORD_HELD_BEFORE = Buffer.alloc(0);

/**
 * A block of central directory records written by {@link WholeFileWriter}. Once full it is
 * kept deflated until the directory is written: the records are the part of the zip's memory
 * that grows with the number of files, and they deflate well (names repeat their directories,
 * most fields repeat).
 */
class CentralRecordBlock {
  #bytes: Buffer;
  /** Length of the records once sealed (deflated), else undefined. */
  #sealedLength: number | undefined;

  constructor(size: number) {
    this.#bytes = Buffer.allocUnsafeSlow(size);
  }

  /** The block's bytes while they are being written. */
  get writable(): Buffer {
    if (this.#sealedLength !== undefined) throw new Error('central record block is sealed');
    return this.#bytes;
  }

  /** A run of records of this block, from `start` to `end`, for the engine's entry list. */
  run(start: number, end: number): CentralRecordRun {
    return new CentralRecordRun(this, start, end);
  }

  /** Keep the first `length` bytes, deflated. */
  seal(length: number): void {
    this.#bytes = deflateRawSync(this.#bytes.subarray(0, length), { level: 1 });
    this.#sealedLength = length;
  }

  /** The records, inflated by `inflater` if sealed: a view valid until its next call. */
  records(inflater: RawInflater): Uint8Array {
    if (this.#sealedLength === undefined) return this.#bytes;
    return inflater.inflate(this.#bytes, this.#sealedLength);
  }
}

/** Records `start`–`end` of a {@link CentralRecordBlock}, as one item of the engine's entry list. */
class CentralRecordRun {
  constructor(
    readonly block: CentralRecordBlock,
    readonly start: number,
    readonly end: number,
  ) {}
}

/**
 * The bytes of the central directory, item by item of the engine's entry list: the records of
 * archiver's own entries (Buffers, see {@link keepCentralRecordsOnly}) and runs of whole-file
 * records ({@link CentralRecordRun}), inflating each block once into one reused buffer.
 */
class CentralDirectoryReader {
  readonly #items: readonly unknown[];
  readonly #inflater = new RawInflater();
  #next = 0;
  #block: CentralRecordBlock | undefined;
  #blockRecords: Uint8Array | undefined;

  constructor(items: readonly unknown[]) {
    this.#items = items;
  }

  /** The next item's records (a view valid until the next call), or undefined at the end. */
  next(): Uint8Array | undefined {
    while (this.#next < this.#items.length) {
      const item = this.#items[this.#next++];
      if (item instanceof CentralRecordRun) {
        if (item.block !== this.#block) {
          this.#block = item.block;
          this.#blockRecords = item.block.records(this.#inflater);
        }
        return (this.#blockRecords as Uint8Array).subarray(item.start, item.end);
      }
      if (Buffer.isBuffer(item)) {
        if (item.length > 0) return item; // not RECORD_HELD_BEFORE
        continue;
      }
      throw new Error("unexpected item in the zip engine's entry list");
    }
    this.close();
    return undefined;
  }

  /** Free the inflater's native state. */
  close(): void {
    this.#inflater.close();
    this.#block = undefined;
    this.#blockRecords = undefined;
  }
}

/**
 * Writes whole files straight into archiver's engine, with a few small objects per file (no
 * stream, no file-sized buffer): each file is read into a reused buffer, compressed by
 * {@link RawDeflater}, and its local header and data (sizes and CRC in the header, no data
 * descriptor) are copied into the pieces of the {@link ZipPiecePool}. Its central record goes
 * into a {@link CentralRecordBlock}, which joins the engine's entry list as runs
 * ({@link CentralRecordRun}) rather than a Buffer per record, and
 * {@link WholeFileWriter.writeDirectory} writes them out at the end in the same pieces. Only
 * used while archiver has no entry in progress, so that the engine's `offset` plus what is
 * pending is where the next header starts.
 */
class WholeFileWriter {
  readonly #engine: DirectWriteEngine;
  readonly #level: number;
  readonly #deflater: RawDeflater;
  #content = Buffer.allocUnsafeSlow(0);
  #header = Buffer.allocUnsafeSlow(0);
  readonly #pool: ZipPiecePool;
  #pending: Buffer | undefined;
  #pendingLength = 0;
  #records: CentralRecordBlock | undefined;
  #recordsStart = 0;
  #recordsEnd = 0;
  #recordsCount = 0;

  constructor(engine: DirectWriteEngine, level: number, pool: ZipPiecePool | undefined) {
    this.#engine = engine;
    this.#level = level;
    this.#deflater = new RawDeflater(level);
    // Without a consumer that hands pieces back, the pool only ever makes new ones.
    this.#pool = pool ?? new ZipPiecePool();
  }

  write(file: SelectedFile): void {
    if (this.#content.length < file.size + 1) {
      this.#content = Buffer.allocUnsafeSlow(Math.max(file.size + 1, 64 * 1024));
    }
    const content = readWholeFile(file, this.#content);
    // compress-commons stores an empty file at any level (deflate would add two bytes).
    const stored = this.#level === 0 || content.length === 0;
    const data = stored ? content : this.#deflater.deflate(content);
    const entry: KnownSizeEntry = {
      name: file.name,
      nameLength: Buffer.byteLength(file.name, 'utf8'),
      method: stored ? METHOD_STORED : METHOD_DEFLATED,
      // What archiver's entries get: 20 once the archive deflates (compress-commons sets it
      // for a data descriptor before it knows the entry is a Buffer), 10 in a stored archive.
      versionNeeded: this.#level === 0 ? 10 : 20,
      dosDateTime: dosDateTime(new Date(file.mtimeMs)),
      crc: crc32(content),
      compressedSize: data.length,
      size: content.length,
      offset: this.#engine.offset + this.#pendingLength,
    };
    const headerLength = localFileHeaderLength(entry);
    if (this.#header.length < headerLength) this.#header = Buffer.allocUnsafeSlow(headerLength);
    writeLocalFileHeader(entry, this.#header, 0);
    this.#append(this.#header.subarray(0, headerLength));
    this.#append(data);
    const [block, at] = this.#reserveRecord(centralDirectoryRecordLength(entry));
    writeCentralDirectoryRecord(entry, block, at);
  }

  /**
   * Hand what is pending to the engine: the data (its write() advances the engine's offset)
   * and the records, in order, before archiver writes an entry of its own or the directory.
   */
  flush(): void {
    this.#flushRecords();
    if (!this.#pending || this.#pendingLength === 0) return;
    const piece = this.#pending.subarray(0, this.#pendingLength);
    this.#pending = undefined;
    this.#pendingLength = 0;
    this.#pool.handOut(piece);
    this.#engine.write(piece);
  }

  /**
   * Append central directory bytes (from {@link CentralDirectoryReader}) to the pending
   * pieces: the directory goes out in the same pieces as the files, at the consumer's pace.
   */
  writeDirectory(records: Uint8Array): void {
    this.#append(records);
  }

  /** Free the compressor's native state; what is pending is dropped. */
  close(): void {
    this.#pending = undefined;
    this.#pendingLength = 0;
    this.#records = undefined;
    this.#recordsCount = 0;
    this.#deflater.close();
  }

  /** Copy `bytes` into the pending pieces, handing each full piece to the engine. */
  #append(bytes: Uint8Array): void {
    let from = 0;
    while (from < bytes.length) {
      // A fresh piece each time (new or handed back): the one handed over is the consumer's.
      this.#pending ??= this.#pool.take();
      const length = Math.min(bytes.length - from, OUTPUT_PIECE_BYTES - this.#pendingLength);
      this.#pending.set(bytes.subarray(from, from + length), this.#pendingLength);
      this.#pendingLength += length;
      from += length;
      if (this.#pendingLength === OUTPUT_PIECE_BYTES) this.flush();
    }
  }

  /** Room for one record of `length` bytes in the current block. */
  #reserveRecord(length: number): [Buffer, number] {
    if (this.#records && this.#recordsEnd + length > this.#records.writable.length) {
      this.#flushRecords();
      this.#records.seal(this.#recordsEnd);
      this.#records = undefined;
    }
    if (!this.#records) {
      this.#records = new CentralRecordBlock(Math.max(CENTRAL_RECORDS_BLOCK_BYTES, length));
      this.#recordsStart = 0;
      this.#recordsEnd = 0;
    }
    const position = this.#recordsEnd;
    this.#recordsEnd += length;
    this.#recordsCount++;
    return [this.#records.writable, position];
  }

  /** Add the records written since the last time to the engine's entry list. */
  #flushRecords(): void {
    if (!this.#records || this.#recordsCount === 0) return;
    const entries = this.#engine._entries;
    entries.push(this.#records.run(this.#recordsStart, this.#recordsEnd));
    for (let i = 1; i < this.#recordsCount; i++) entries.push(RECORD_HELD_BEFORE);
    this.#recordsStart = this.#recordsEnd;
    this.#recordsCount = 0;
  }
}

/** The parts of compress-commons' entry this module touches. */
interface ZipEntryInternals {
  getGeneralPurposeBit?: () => { useUTF8ForNames?: (value: boolean) => void };
}
interface ZipEngineInternals {
  _normalizeEntry?: (entry: ZipEntryInternals) => void;
  _finish?: () => void;
  _afterAppend?: (entry: ZipEntryInternals) => void;
  _writeCentralFileHeader?: (entry: ZipEntryInternals | Buffer | CentralRecordRun) => void;
  _entries?: unknown[];
  _archive?: { finished?: boolean };
  offset?: number;
  writableNeedDrain?: boolean;
  write: (chunk: Buffer | string | undefined, callback?: unknown) => boolean;
  end: (...args: unknown[]) => unknown;
  once: (event: 'drain', listener: () => void) => unknown;
}
/** The engine once {@link keepCentralRecordsOnly} has hooked it: entries may be written directly. */
interface DirectWriteEngine extends ZipEngineInternals {
  offset: number;
  _entries: unknown[];
}

function engineOf(archive: object): ZipEngineInternals | undefined {
  return (archive as { _module?: { engine?: ZipEngineInternals } })._module?.engine;
}

/**
 * Make archiver set the UTF-8 name flag (bit 11) on every entry, ASCII names included:
 * docs/protocol.md §3 wants it on every entry, compress-commons sets it for non-ASCII names only.
 */
function flagAllNamesUtf8(archive: object): void {
  const engine = engineOf(archive);
  const normalize = engine?._normalizeEntry;
  if (!engine || typeof normalize !== 'function') return; // archiver changed: non-ASCII names still get the flag
  engine._normalizeEntry = function (this: unknown, entry: ZipEntryInternals): void {
    entry.getGeneralPurposeBit?.().useUTF8ForNames?.(true);
    normalize.call(this, entry);
  };
}

/**
 * Run `writeFields` (one of compress-commons' header writers, which call `write()` once per
 * field) with `write()` captured, and return the bytes as one Buffer; the engine's `offset`
 * is untouched (the bytes are kept for later).
 */
function collectWrites(engine: ZipEngineInternals, writeFields: () => void): Buffer {
  const write = engine.write;
  const pieces: Buffer[] = [];
  engine.write = (chunk) => {
    if (chunk) pieces.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return true;
  };
  try {
    writeFields();
  } finally {
    engine.write = write;
  }
  return Buffer.concat(pieces);
}

/** The engine once {@link keepCentralRecordsOnly} has hooked it, and what it was told. */
interface DirectWrite {
  /** The engine: entries may be written into it directly. */
  readonly engine: DirectWriteEngine;
  /**
   * The central directory was written into the engine from offset `start` (by
   * {@link WholeFileWriter.writeDirectory}, the items of the entry list in order): on
   * `finalize()` the engine adds only the end records.
   */
  directoryWrittenFrom(start: number): void;
}

/** Bytes of records an item of the hooked engine's entry list stands for (written already). */
function writtenRecordsLength(item: unknown): number {
  if (item instanceof CentralRecordRun) return item.end - item.start;
  if (Buffer.isBuffer(item)) return item.length;
  throw new Error("unexpected item in the zip engine's entry list");
}

/**
 * Make archiver keep each finished entry as its encoded central-directory record (one small
 * Buffer) instead of the entry object, accept the records (and {@link RECORD_HELD_BEFORE})
 * that {@link WholeFileWriter} adds to its entry list, and let the directory be written
 * before `finalize()`.
 * - compress-commons keeps every `ZipArchiveEntry`, and the objects it holds, until the end.
 *   The record is encoded by compress-commons' own writer once the entry's sizes, CRC and
 *   offset are final (all the writer reads, Zip64 extra field included): same directory bytes.
 * - compress-commons writes the whole directory in one go when it finishes, whatever the
 *   consumer's pace. {@link createZipStream} writes it first, in the zip's pieces and at the
 *   consumer's pace; `_finish()` then runs from where the directory starts, each record only
 *   advancing the offset, so the end records (Zip64 or not) are the ones it would write.
 * Returns undefined (and changes nothing) when archiver's internals are not the expected ones.
 */
function keepCentralRecordsOnly(archive: object): DirectWrite | undefined {
  const engine = engineOf(archive);
  const afterAppend = engine?._afterAppend;
  const writeCentralFileHeader = engine?._writeCentralFileHeader;
  const finish = engine?._finish;
  if (
    !engine ||
    typeof afterAppend !== 'function' ||
    typeof writeCentralFileHeader !== 'function' ||
    typeof finish !== 'function' ||
    !Array.isArray(engine._entries) ||
    !engine._archive ||
    typeof engine.offset !== 'number'
  ) {
    return undefined; // archiver changed: more memory per entry, every file streamed, but correct
  }
  let directoryStart: number | undefined;
  engine._afterAppend = function (this: ZipEngineInternals, entry: ZipEntryInternals): void {
    afterAppend.call(this, entry);
    const entries = this._entries;
    // afterAppend() may have written the directory already (finalize() came during the entry).
    if (!entries || this._archive?.finished || entries[entries.length - 1] !== entry) return;
    entries[entries.length - 1] = collectWrites(this, () =>
      writeCentralFileHeader.call(this, entry),
    );
  };
  engine._writeCentralFileHeader = function (this: ZipEngineInternals, item: unknown): void {
    this.offset = (this.offset ?? 0) + writtenRecordsLength(item);
  };
  engine._finish = function (this: ZipEngineInternals): void {
    if (directoryStart === undefined) throw new Error('zip finished before its directory');
    this.offset = directoryStart;
    finish.call(this);
  };
  return {
    engine: engine as DirectWriteEngine,
    directoryWrittenFrom(start: number): void {
      directoryStart = start;
    },
  };
}

/** Size of the pieces the central directory is written in by {@link batchCentralDirectory}. */
const CENTRAL_DIRECTORY_BATCH_BYTES = 64 * 1024;

/**
 * Make archiver write the central directory in 64 KiB pieces instead of one `write()` per
 * field, when it writes the directory itself (archiver's internals are not the ones
 * {@link keepCentralRecordsOnly} expects; otherwise only the end records are left to it).
 * compress-commons writes the whole directory synchronously in `_finish()`, and the stream
 * queues every write with its own Buffer and queue record: a burst of heap in proportion to
 * the entry count. Concatenating the fields keeps the bytes and their order, and the engine's
 * `offset` (which the end records are computed from) still grows with every field.
 */
function batchCentralDirectory(archive: object): void {
  const engine = engineOf(archive);
  const finish = engine?._finish;
  if (!engine || typeof finish !== 'function' || typeof engine.offset !== 'number') return; // archiver changed: unbatched but correct
  engine._finish = function (this: ZipEngineInternals): void {
    const write = this.write;
    const end = this.end;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = (): void => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      // write() adds the length to offset again; it was counted when the pieces were queued.
      this.offset = (this.offset ?? 0) - chunk.length;
      write.call(this, chunk);
    };
    const restore = (): void => {
      flush();
      this.write = write;
      this.end = end;
    };
    this.write = (chunk, callback) => {
      if (!Buffer.isBuffer(chunk) || callback !== undefined) {
        flush();
        return write.call(this, chunk, callback);
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      this.offset = (this.offset ?? 0) + chunk.length;
      if (pendingBytes >= CENTRAL_DIRECTORY_BATCH_BYTES) flush();
      return true;
    };
    this.end = (...args: unknown[]) => {
      restore();
      return end.apply(this, args);
    };
    try {
      finish.call(this);
    } finally {
      restore();
    }
  };
}

/**
 * A pass-through that joins small chunks into pieces of about {@link OUTPUT_PIECE_BYTES}. A zip
 * of small files is written as one or two small chunks per entry; every consumer (the spool
 * file, a socket, the multipart generator) handles a few large chunks much faster than
 * thousands of small ones. Chunks that are large already pass as they are.
 */
class ChunkCoalescer extends Transform {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor() {
    super({ highWaterMark: OUTPUT_PIECE_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    if (chunk.length >= OUTPUT_PIECE_BYTES) {
      this.#pushPending();
      this.push(chunk);
    } else {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      if (this.#pendingBytes >= OUTPUT_PIECE_BYTES) this.#pushPending();
    }
    callback();
  }

  override _flush(callback: () => void): void {
    this.#pushPending();
    callback();
  }

  #pushPending(): void {
    if (this.#pendingBytes === 0) return;
    const joined = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.push(joined);
  }
}

/**
 * A readable stream of the zip of `files`, in the given order (callers pass the sorted
 * selection). Errors with `UNREADABLE_FILE` or `FILE_CHANGED` (details: `path`, `name`,
 * `reason`) when a file cannot be read or changed size while being zipped, with `ABORTED`
 * when `signal` fires. Destroying the returned stream stops the zip and closes the files.
 * archiver is loaded lazily.
 * @throws {XltvError} `INVALID_OPTION` (bad level), `UNSAFE_PATH` (an entry name archiver
 *   would rewrite, or a duplicate), `ABORTED` (signal already aborted).
 */
export async function createZipStream(
  files: readonly SelectedFile[],
  options: ZipOptions = {},
): Promise<Readable> {
  const level = options.level ?? DEFAULT_ZIP_LEVEL;
  validateZipLevel(level);
  validateZipEntries(files);
  const { signal } = options;
  if (signal?.aborted) throw abortedError();

  const { ZipArchive } = await import('archiver');
  if (signal?.aborted) throw abortedError();
  const archive = new ZipArchive({ zlib: { level } });
  flagAllNamesUtf8(archive);
  const direct = keepCentralRecordsOnly(archive);
  // Without the hook the engine would not know what to do with a ready-made record.
  const wholeFiles = direct
    ? new WholeFileWriter(direct.engine, level, options.piecePool)
    : undefined;
  batchCentralDirectory(archive);
  const engine = engineOf(archive);
  const output = new ChunkCoalescer();
  const readers = new Set<FileEntryReader>();
  /** The central directory being written, and the offset it starts at. */
  let directory: CentralDirectoryReader | undefined;
  let directoryStart = 0;
  let settled = false;

  const stop = (error: Error | undefined): void => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    archive.unpipe(output);
    archive.abort();
    for (const reader of readers) reader.destroy();
    readers.clear();
    wholeFiles?.close();
    directory?.close();
    if (error) output.destroy(error);
  };
  const onAbort = (): void => stop(abortedError());
  signal?.addEventListener('abort', onAbort, { once: true });

  archive.on('error', (error: Error) => stop(zipFailed(error)));
  // Stop reading files when the consumer goes away before the end (e.g. an aborted upload).
  output.on('close', () => stop(undefined));

  let next = 0;
  let completed = 0;
  let finalizing = false;
  let waitingForDrain = false;
  /**
   * Whether the engine holds what the consumer has not taken yet; if so, appendMore() runs
   * again once it is taken. Whole files and the directory are written into archiver's engine
   * in one go, whatever the consumer's pace: without this wait a slow upload would let the zip
   * pile up in memory.
   */
  const engineIsFull = (): boolean => {
    if (!engine?.writableNeedDrain) return false;
    if (!waitingForDrain) {
      waitingForDrain = true;
      engine.once('drain', () => {
        // Through the event loop, not straight on: with a consumer that keeps up, the whole zip
        // would otherwise run as one chain of callbacks, and timers, signals and the garbage
        // collector's tasks would wait for its end (BENCHMARKS.md, "Memory").
        setImmediate(() => {
          waitingForDrain = false;
          appendMore();
        });
      });
    }
    return true;
  };
  /**
   * Write the central directory, as far as the engine takes it now; true once all of it is
   * written (and the engine told). Waits for archiver's last entry, whose 'entry' calls back.
   */
  const writeDirectory = (): boolean => {
    if (!direct || !wholeFiles) return true; // archiver writes it in finalize()
    if (completed !== files.length) return false;
    if (!directory) {
      // The directory starts where the whole files written so far end.
      wholeFiles.flush();
      directory = new CentralDirectoryReader(direct.engine._entries);
      directoryStart = direct.engine.offset;
    }
    try {
      while (!settled) {
        if (engineIsFull()) return false;
        const records = directory.next();
        if (!records) break;
        wholeFiles.writeDirectory(records);
      }
    } catch (error) {
      stop(zipFailed(error)); // an entry list archiver changed under the hook
      return false;
    }
    if (settled) return false;
    wholeFiles.flush();
    direct.directoryWrittenFrom(directoryStart);
    return true;
  };
  const appendMore = (): void => {
    while (!settled && next < files.length && next - completed < APPEND_WINDOW) {
      if (engineIsFull()) return;
      const file = files[next] as SelectedFile;
      if (wholeFiles && file.size <= WHOLE_FILE_MAX_BYTES) {
        // Only between archiver's entries: the 'entry' of the one in progress calls back.
        if (completed !== next) return;
        try {
          wholeFiles.write(file);
        } catch (error) {
          stop(fileError(error, file));
          return;
        }
        next++;
        completed++;
        continue;
      }
      next++;
      // Archiver's entry starts where the whole files written so far end.
      wholeFiles?.flush();
      const reader = new FileEntryReader(file);
      readers.add(reader);
      // archiver pipes the source into a PassThrough, and pipe() does not forward errors:
      // without this listener a failing file would stall the zip forever.
      reader.once('error', (error) => stop(fileError(error, file)));
      reader.once('end', () => readers.delete(reader));
      archive.append(reader, { name: file.name, date: new Date(file.mtimeMs) });
    }
    if (settled || next < files.length || finalizing || !writeDirectory()) return;
    finalizing = true;
    archive.finalize().then(
      () => {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        wholeFiles?.close();
      },
      (error: unknown) => stop(zipFailed(error)),
    );
  };
  archive.on('entry', () => {
    completed++;
    appendMore();
  });
  archive.pipe(output);
  appendMore();
  return output;
}
