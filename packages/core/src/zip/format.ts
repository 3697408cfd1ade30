/**
 * Our zip format for archiver (archive.ts): the module archiver hands each entry to with
 * `append(source, data, callback)` and ends with `finalize()`, like its own format plugins;
 * archiver reads the archive from it. Every byte of the zip is written here, as
 * docs/protocol.md §3 describes (the records are in records.ts).
 *
 * Files (appended with this format's `file` entry field) and Buffers are cut into blocks of
 * {@link BLOCK_BYTES}, which the workers of a {@link DeflatePool} read and deflate ahead of the
 * writer, a bounded window of jobs at a time (small entries side by side in one job). The
 * writer takes the blocks in order, so the zip's bytes are the same for any number of workers.
 * An entry of one block has its sizes in the local header; an entry of several is one deflate
 * stream of blocks joined at sync flushes, its sizes in a data descriptor. Other streams are
 * deflated here as they come, also with a data descriptor.
 *
 * When asked to, every entry is also inspected (`@xltv/results`) from the bytes it is zipped
 * from: on the workers, which then run worker.ts, each block of an entry on the same worker;
 * here for the bytes that are here (an empty file, a stream). The results come in entry order
 * as the writer gets to each entry's end.
 */
import { Readable, pipeline } from 'node:stream';
import { createDeflateRaw, crc32 } from 'node:zlib';
import type { FileResults } from '@xltv/results';
import { crc32Combine } from './crc32-combine.js';
import type { Block } from './deflate-pool.js';
import type { BlockPart, PartInspection } from './deflate-worker.js';
import { DeflatePool } from './deflate-pool.js';
import type { Inspection } from './inspection.js';
import { startInspection } from './inspection.js';
import type { EntryRecord } from './records.js';
import {
  METHOD_DEFLATED,
  METHOD_STORED,
  ZIP64_MAGIC,
  centralDirectoryRecord,
  dataDescriptor,
  dosDateTime,
  endRecords,
  localFileHeader,
} from './records.js';

/** Size of the blocks files are read and deflated in (the unit of work of a worker). */
export const BLOCK_BYTES = 1024 * 1024;
/** Size of the pieces the zip is written in (small records are joined into one). */
const PIECE_BYTES = 64 * 1024;
/** Most entries in one job of the pool: one message for many small files. */
const ENTRIES_PER_JOB = 32;
/** Entries accepted ahead of the writer. */
const PENDING_ENTRIES = 4 * ENTRIES_PER_JOB;

/** Options of {@link ZipFormat}. */
export interface ZipFormatOptions {
  /** Deflate level 0–9; 0 stores. */
  readonly level: number;
  /** Worker threads that read and deflate (at least 1). */
  readonly workers: number;
  /** Block size (default {@link BLOCK_BYTES}); smaller in tests, to make many blocks. */
  readonly blockBytes?: number;
  /** Inspect every entry; without it nothing is inspected and the workers deflate only. */
  readonly inspect?: FormatInspection;
}

/** How {@link ZipFormat} inspects its entries. */
export interface FormatInspection {
  /** The inspecting worker's module (worker.ts' bundle) the workers run. */
  readonly worker: URL;
  /** Called with each entry's number (in the order appended) and results, before the zip ends. */
  readonly onInspected: (entry: number, results: FileResults) => void;
}

/**
 * What archiver passes with each entry (after its own normalisation). `file` is this format's
 * own entry field, as `store` is of archiver's zip format: archiver passes it on untouched.
 */
export interface FormatEntryData {
  readonly name: string;
  readonly date: Date;
  /** Read the entry from this file on the workers (the source appended is then ignored). */
  readonly file?: FileOnDisk;
}

/** A file to read on the workers, with the size it must still have (they check it). */
interface FileOnDisk {
  readonly path: string;
  readonly size: number;
}

/** An entry accepted and not yet written. */
interface Pending {
  readonly name: Buffer;
  readonly dosDateTime: number;
  /** The entry as inspected, when the zip inspects. */
  readonly inspect: PartInspection | undefined;
  /** Blocks of a file or Buffer, deflated by the pool; undefined for a stream. */
  readonly blocks?: BlockPlan;
  readonly stream?: NodeJS.ReadableStream;
}

/** The blocks of one entry and their results, scheduled in order as the window allows. */
interface BlockPlan {
  readonly source: FileOnDisk | Buffer;
  readonly inspect: PartInspection | undefined;
  readonly size: number;
  readonly count: number;
  /** Blocks handed to the pool so far. */
  scheduled: number;
  /** Their results, until written. */
  readonly results: (Scheduled | undefined)[];
}

/** A block handed to the pool: its job's result and its place in it. */
interface Scheduled {
  readonly job: Job;
  readonly index: number;
}

/** A job of the pool, counted in the window until its last block is written. */
interface Job {
  readonly result: Promise<Block[]>;
  unwritten: number;
}

/** A job being put together: small entries, or one block of a big one. */
interface JobDraft {
  readonly plans: BlockPlan[];
  bytes: number;
}

const ignore = (): void => {};

export class ZipFormat extends Readable {
  readonly #level: number;
  readonly #blockBytes: number;
  readonly #pool: DeflatePool;
  readonly #workers: number;
  readonly #onInspected: FormatInspection['onInspected'] | undefined;
  /** Entries appended so far: the next one's number. */
  #appended = 0;
  /** Jobs scheduled on the pool and not yet written: at most this many. */
  readonly #window: number;
  #inFlight = 0;
  readonly #pending: Pending[] = [];
  /** Index in {@link #pending} of the first entry with blocks not yet handed to the pool. */
  #unscheduled = 0;
  /** The append() callback waiting for room among the pending entries. */
  #appendWaiting: (() => void) | undefined;
  #finalizing = false;
  /** Wakes the writer waiting for an entry (or the end), and waiting for the reader. */
  #entryCame: (() => void) | undefined;
  #readerWants: (() => void) | undefined;
  #offset = 0;
  #piece: Buffer | undefined;
  #pieceLength = 0;
  /** The central directory: full blocks of records, and the block being filled. */
  readonly #directory: Buffer[] = [];
  #records = Buffer.allocUnsafe(PIECE_BYTES);
  #recordsLength = 0;
  #directoryLength = 0;
  #entries = 0;

  constructor(options: ZipFormatOptions) {
    super({ highWaterMark: PIECE_BYTES });
    this.#level = options.level;
    this.#blockBytes = options.blockBytes ?? BLOCK_BYTES;
    this.#pool = new DeflatePool(options.workers, options.inspect?.worker);
    this.#onInspected = options.inspect?.onInspected;
    this.#workers = Math.max(1, options.workers);
    this.#window = 4 * this.#workers;
    this.#write().catch((error: unknown) => this.destroy(error as Error));
  }

  /** Accept an entry; `callback` runs once there is room for the next one. */
  append(source: unknown, data: FormatEntryData, callback: (error?: Error | null) => void): void {
    if (this.destroyed) return callback(new Error('zip format destroyed'));
    const { file } = data;
    const entryNumber = this.#appended++;
    const inspect = this.#onInspected
      ? { entry: entryNumber, name: data.name, mtimeMs: data.date.getTime() }
      : undefined;
    const entry: Pending = {
      name: Buffer.from(data.name, 'utf8'),
      dosDateTime: dosDateTime(data.date),
      inspect,
      ...(file || Buffer.isBuffer(source)
        ? { blocks: this.#plan(file ?? (source as Buffer), inspect) }
        : { stream: source as NodeJS.ReadableStream }),
    };
    this.#pending.push(entry);
    this.#schedule();
    this.#wake('entry');
    if (this.#pending.length < PENDING_ENTRIES) callback();
    else this.#appendWaiting = callback;
  }

  /** No more entries: write the central directory once the entries are written. */
  finalize(): void {
    this.#finalizing = true;
    this.#schedule();
    this.#wake('entry');
  }

  override _read(): void {
    this.#wake('reader');
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#wake('entry');
    this.#wake('reader');
    this.#pool.close(error ?? undefined).then(
      () => callback(error),
      () => callback(error),
    );
  }

  #plan(source: FileOnDisk | Buffer, inspect: PartInspection | undefined): BlockPlan {
    const size = Buffer.isBuffer(source) ? source.length : source.size;
    const count = Math.ceil(size / this.#blockBytes);
    return { source, inspect, size, count, scheduled: 0, results: [] };
  }

  /**
   * Hand the next blocks, in entry order, to the pool while the window has room: each block of
   * a big entry as a job, small entries side by side in jobs of up to {@link ENTRIES_PER_JOB}
   * and {@link BLOCK_BYTES}. Small entries wait for a full job while every worker has one, unless
   * the writer is at them or no more are coming: a message to a thread costs about as much as
   * deflating a small file.
   */
  #schedule(): void {
    while (this.#unscheduled < this.#pending.length && this.#inFlight < this.#window) {
      const { blocks: plan } = this.#pending[this.#unscheduled] as Pending;
      if (!plan || plan.scheduled === plan.count) {
        this.#unscheduled++;
      } else if (plan.count > 1) {
        this.#submit({ plans: [plan], bytes: 0 });
      } else if (!this.#submitSmall()) {
        return;
      }
    }
  }

  /** Submit the small entries from {@link #unscheduled} on as one job, if it is time to. */
  #submitSmall(): boolean {
    const draft: JobDraft = { plans: [], bytes: 0 };
    let complete = false;
    for (let index = this.#unscheduled; index < this.#pending.length && !complete; index++) {
      const plan = (this.#pending[index] as Pending).blocks;
      if (!plan || plan.count === 0) continue; // a stream or an empty entry: nothing to read
      complete =
        plan.count > 1 ||
        draft.plans.length === ENTRIES_PER_JOB ||
        draft.bytes + plan.size > this.#blockBytes;
      if (complete) break;
      draft.plans.push(plan);
      draft.bytes += plan.size;
    }
    const due =
      complete ||
      this.#inFlight < this.#workers ||
      this.#unscheduled === 0 ||
      this.#finalizing ||
      this.#pending.length >= PENDING_ENTRIES;
    if (due) this.#submit(draft);
    return due;
  }

  /** Block `index` of `plan`, as a part of a job. */
  #part(plan: BlockPlan, index: number): BlockPart {
    const offset = index * this.#blockBytes;
    const length = Math.min(this.#blockBytes, plan.size - offset);
    const { source, inspect } = plan;
    const part = {
      offset,
      length,
      fileSize: plan.size,
      last: index === plan.count - 1,
      ...(inspect ? { inspect } : {}),
    };
    if (!Buffer.isBuffer(source)) return { ...part, path: source.path };
    // A copy of exactly the part: a worker is sent the whole buffer of what it gets.
    return { ...part, bytes: new Uint8Array(source.subarray(offset, offset + length)) };
  }

  /** Hand the next block of each of `draft`'s plans to the pool, as one job. */
  #submit(draft: JobDraft): void {
    const parts = draft.plans.map((plan) => this.#part(plan, plan.scheduled));
    // The blocks of an entry inspected on the workers go to one worker, which keeps its
    // inspection from the first block to the last.
    const [first] = draft.plans;
    const affinity =
      first?.inspect && first.count > 1
        ? { key: first.inspect.entry, end: first.scheduled === first.count - 1 }
        : undefined;
    const result = this.#pool.run(this.#level, parts, affinity);
    result.catch(ignore); // the writer sees a failure when it gets to the block, in order
    const job: Job = { result, unwritten: parts.length };
    draft.plans.forEach((plan, index) => {
      plan.results.push({ job, index });
      plan.scheduled++;
    });
    this.#inFlight++;
  }

  #wake(what: 'entry' | 'reader'): void {
    const wake = what === 'entry' ? this.#entryCame : this.#readerWants;
    if (what === 'entry') this.#entryCame = undefined;
    else this.#readerWants = undefined;
    wake?.();
  }

  /** The writer: entries in order, then the central directory and the end records. */
  async #write(): Promise<void> {
    for (;;) {
      while (this.#pending.length === 0 && !this.#finalizing && !this.destroyed) {
        await new Promise<void>((resolve) => (this.#entryCame = resolve));
      }
      const entry = this.#pending[0];
      if (this.destroyed) return;
      if (!entry) break;
      if (entry.blocks) await this.#writeBlocks(entry, entry.blocks);
      else await this.#writeStream(entry, entry.stream as NodeJS.ReadableStream);
      this.#pending.shift();
      this.#unscheduled = Math.max(0, this.#unscheduled - 1);
      const callback = this.#appendWaiting;
      this.#appendWaiting = undefined;
      callback?.();
    }
    await this.#pool.close();
    if (this.#recordsLength > 0)
      this.#directory.push(this.#records.subarray(0, this.#recordsLength));
    const directory = { entries: this.#entries, offset: this.#offset, size: this.#directoryLength };
    for (const records of this.#directory) await this.#out(records);
    await this.#out(endRecords(directory));
    await this.#flushPiece();
    this.push(null);
  }

  /** Block `index` of `plan`, once deflated; the window moves on. */
  async #nextBlock(plan: BlockPlan, index: number): Promise<Block> {
    this.#schedule();
    const scheduled = plan.results[index];
    if (!scheduled) throw new Error('zip block written before it was scheduled');
    const block = (await scheduled.job.result)[scheduled.index] as Block;
    plan.results[index] = undefined; // its bytes can go once written
    if (--scheduled.job.unwritten === 0) {
      this.#inFlight--;
      this.#schedule();
    }
    return block;
  }

  async #writeBlocks(entry: Pending, plan: BlockPlan): Promise<void> {
    // An empty entry is stored, as compress-commons does (deflate would add two bytes).
    const method = this.#level === 0 || plan.size === 0 ? METHOD_STORED : METHOD_DEFLATED;
    const record = {
      name: entry.name,
      method,
      dosDateTime: entry.dosDateTime,
      size: plan.size,
      offset: this.#offset,
    };
    if (plan.count <= 1) {
      const block = plan.count === 0 ? EMPTY_BLOCK : await this.#nextBlock(plan, 0);
      const known = {
        ...record,
        descriptor: false,
        crc: block.crc,
        compressedSize: block.data.length,
      };
      await this.#out(localFileHeader(known, false));
      await this.#out(block.data);
      this.#addToDirectory(known);
      this.#inspected(entry, plan.count === 0 ? this.#inspectHere(entry)?.end() : block.inspected);
      return;
    }
    // Sizes known only at the end: a data descriptor, and Zip64 from the header on if they may
    // need it (deflate adds at most a few bytes per 16 KiB, and 5 per block).
    const zip64 = plan.size + Math.ceil(plan.size / 1000) + 1024 >= ZIP64_MAGIC;
    const unknown = { ...record, descriptor: true, crc: 0, compressedSize: 0 };
    await this.#out(localFileHeader(unknown, zip64));
    let crc = 0;
    let compressedSize = 0;
    let inspected: FileResults | undefined;
    for (let index = 0; index < plan.count; index++) {
      const block = await this.#nextBlock(plan, index);
      const length = Math.min(this.#blockBytes, plan.size - index * this.#blockBytes);
      crc = crc32Combine(crc, block.crc, length);
      compressedSize += block.data.length;
      inspected = block.inspected;
      await this.#out(block.data);
    }
    if (!zip64 && compressedSize >= ZIP64_MAGIC) {
      throw new Error(`zip entry ${entry.name.toString()} deflated beyond its bound`);
    }
    const known = { ...unknown, crc, compressedSize };
    await this.#out(dataDescriptor(known, zip64));
    this.#addToDirectory(known);
    this.#inspected(entry, inspected);
  }

  /** The inspection of an entry whose bytes are here (a stream; none for an empty file). */
  #inspectHere(entry: Pending): Inspection | undefined {
    return entry.inspect && startInspection(entry.inspect.name, new Date(entry.inspect.mtimeMs));
  }

  /** Pass on an entry's results (when the zip inspects, every entry has them). */
  #inspected(entry: Pending, results: FileResults | undefined): void {
    if (!entry.inspect) return;
    if (!results) throw new Error(`zip entry ${entry.inspect.name} was not inspected`);
    this.#onInspected?.(entry.inspect.entry, results);
  }

  /**
   * A stream of unknown length, deflated here (or stored), sizes in a data descriptor. As in
   * compress-commons, a stream that reaches 4 GiB has 8-byte sizes in its descriptor but no
   * Zip64 extra field in its local header; the upload appends files only.
   */
  async #writeStream(entry: Pending, stream: NodeJS.ReadableStream): Promise<void> {
    const method = this.#level === 0 ? METHOD_STORED : METHOD_DEFLATED;
    const record = {
      name: entry.name,
      method,
      dosDateTime: entry.dosDateTime,
      offset: this.#offset,
      descriptor: true,
    };
    await this.#out(localFileHeader({ ...record, crc: 0, compressedSize: 0, size: 0 }, false));
    let crc = 0;
    let size = 0;
    const inspection = this.#inspectHere(entry);
    const input = Readable.from(
      (async function* () {
        for await (const chunk of stream as AsyncIterable<Buffer | string>) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          crc = crc32(bytes, crc);
          size += bytes.length;
          inspection?.write(bytes);
          yield bytes;
        }
      })(),
      { objectMode: false },
    );
    const output =
      method === METHOD_STORED
        ? input
        : pipeline(input, createDeflateRaw({ level: this.#level }), ignore);
    let compressedSize = 0;
    for await (const chunk of output as AsyncIterable<Buffer>) {
      compressedSize += chunk.length;
      await this.#out(chunk);
    }
    const known = { ...record, crc, size, compressedSize };
    await this.#out(dataDescriptor(known, size >= ZIP64_MAGIC || compressedSize >= ZIP64_MAGIC));
    this.#addToDirectory(known);
    this.#inspected(entry, inspection?.end());
  }

  /** Keep the entry's central directory record, in the blocks of the directory. */
  #addToDirectory(entry: EntryRecord): void {
    const record = centralDirectoryRecord(entry);
    if (this.#recordsLength + record.length > this.#records.length) {
      this.#directory.push(this.#records.subarray(0, this.#recordsLength));
      this.#records = Buffer.allocUnsafe(Math.max(PIECE_BYTES, record.length));
      this.#recordsLength = 0;
    }
    record.copy(this.#records, this.#recordsLength);
    this.#recordsLength += record.length;
    this.#directoryLength += record.length;
    this.#entries++;
  }

  /** Write `bytes` to the archive, small ones joined into pieces; waits while the reader is full. */
  async #out(bytes: Uint8Array): Promise<void> {
    this.#offset += bytes.length;
    if (bytes.length >= PIECE_BYTES) {
      await this.#flushPiece();
      await this.#push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      return;
    }
    if (this.#piece && this.#pieceLength + bytes.length > PIECE_BYTES) await this.#flushPiece();
    this.#piece ??= Buffer.allocUnsafe(PIECE_BYTES);
    this.#piece.set(bytes, this.#pieceLength);
    this.#pieceLength += bytes.length;
  }

  async #flushPiece(): Promise<void> {
    if (!this.#piece || this.#pieceLength === 0) return;
    const piece = this.#piece.subarray(0, this.#pieceLength);
    this.#piece = undefined;
    this.#pieceLength = 0;
    await this.#push(piece);
  }

  async #push(chunk: Buffer): Promise<void> {
    if (this.destroyed) throw new Error('zip format destroyed');
    if (!this.push(chunk)) await new Promise<void>((resolve) => (this.#readerWants = resolve));
  }
}

const EMPTY_BLOCK: Block = { crc: 0, data: Buffer.alloc(0) };
