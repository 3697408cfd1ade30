/**
 * What a deflate worker thread does with a job (see deflate-pool.ts): for each part, read it
 * (from a file or as given), check the file is still what was selected, take its CRC-32 and
 * deflate it; answer with the parts' results in one message. A plain zip's worker runs
 * {@link deflateWorkerMain} from its source text, so a bundle of this package needs no second
 * file: the function uses nothing from outside its own body. A zip that inspects its files
 * runs it from worker.ts, which hands it {@link startInspection}: the parts are inspected
 * from the same bytes that are deflated.
 */
import type { FileResults } from '@xltv/results';
import type { Inspection, startInspection } from './inspection.js';

/** A run of an entry's bytes: a whole small entry, or one block of a big one. */
export interface BlockPart {
  /** The file to read the part from… */
  readonly path?: string;
  /** …or the bytes themselves (an exact copy, transferred). */
  readonly bytes?: Uint8Array;
  /** Where the part starts in the file. */
  readonly offset: number;
  readonly length: number;
  /** The file's size when it was selected; it must not have changed. */
  readonly fileSize: number;
  /**
   * The entry's last part: ends the deflate stream. Every other part ends with a sync flush,
   * so that the parts of an entry, deflated apart, join into one valid deflate stream.
   */
  readonly last: boolean;
  /** Inspect the part as the next bytes of its entry (only on an inspecting worker). */
  readonly inspect?: PartInspection;
}

/** The entry a part is inspected as: its first part starts the inspection, its last ends it. */
export interface PartInspection {
  /** The entry's number in the zip: the worker keeps its inspection under it between parts. */
  readonly entry: number;
  /** Its name in the zip (the path the inspector is given). */
  readonly name: string;
  readonly mtimeMs: number;
}

/** Parts deflated together, to spare a message per small file. */
export interface BlockJob {
  readonly id: number;
  /** Deflate level; 0 stores the bytes. */
  readonly level: number;
  readonly parts: readonly BlockPart[];
}

/** Why a part could not be read: the file changed or could not be opened or read. */
export interface BlockFailure {
  /** `vanished`, `not a regular file`, `size`, `grew`, `shrank`, or the system error code. */
  readonly reason: string;
  readonly message: string;
  /** The size found, when the file changed. */
  readonly actualSize?: number;
}

export type BlockReply =
  | {
      readonly id: number;
      /** Each part's CRC-32 of its bytes… */
      readonly crcs: readonly number[];
      /** …and its output, each in a buffer of its own (transferred). */
      readonly outputs: readonly Uint8Array[];
      /** What each inspected entry holds, at its last part (when any part is inspected). */
      readonly inspected?: readonly (FileResults | undefined)[];
    }
  | { readonly id: number; readonly failure: BlockFailure; readonly path: string | undefined };

/**
 * The worker's body: answers every {@link BlockJob} with a {@link BlockReply}. Parts to
 * inspect need `inspection` (worker.ts); an entry's inspection is kept from its first part
 * to its last, which the pool sends to this same worker, in order.
 */
export function deflateWorkerMain(inspection?: typeof startInspection): void {
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  const fs = process.getBuiltinModule('node:fs');
  const zlib = process.getBuiltinModule('node:zlib');
  let readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  const OUTPUT_CHUNK_BYTES = 1024;
  const inspections = new Map<number, Inspection>();

  const failed = (reason: string, message: string, actualSize?: number): BlockFailure =>
    actualSize === undefined ? { reason, message } : { reason, message, actualSize };

  /** The part's bytes (a view of the read buffer), or why they cannot be had. */
  const readPart = (part: BlockPart, path: string): Uint8Array | BlockFailure => {
    let fd: number;
    try {
      // O_NONBLOCK: a file replaced by a FIFO since selection must fail, not wait for a writer.
      fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      return code === 'ENOENT' ? failed('vanished', 'no such file') : failed(code, String(error));
    }
    try {
      const stats = fs.fstatSync(fd);
      if (!stats.isFile()) return failed('not a regular file', 'not a regular file');
      if (stats.size !== part.fileSize) return failed('size', 'size changed', stats.size);
      // The last part reads one byte more, so that a file that grew since the stat is noticed.
      const want = part.length + (part.last ? 1 : 0);
      if (readBuffer.length < want) readBuffer = Buffer.allocUnsafeSlow(want);
      let length = 0;
      while (length < want) {
        const bytesRead = fs.readSync(fd, readBuffer, length, want - length, part.offset + length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > part.length) return failed('grew', 'file grew', part.offset + length);
      if (length < part.length) return failed('shrank', 'file shrank', part.offset + length);
      return readBuffer.subarray(0, length);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      return failed(code, String(error));
    } finally {
      fs.closeSync(fd);
    }
  };

  /** Feed `bytes` to the inspection of their entry; its results at the entry's last part. */
  const inspectPart = (part: BlockPart, bytes: Uint8Array): FileResults | undefined => {
    const { entry, name, mtimeMs } = part.inspect as PartInspection;
    if (!inspection) throw new Error('a part to inspect was sent to a worker that cannot inspect');
    let current = inspections.get(entry);
    if (!current) {
      current = inspection(name, new Date(mtimeMs));
      inspections.set(entry, current);
    }
    // The read buffer is reused by the next part: inspectors copy what they keep of a chunk.
    current.write(bytes);
    if (!part.last) return undefined;
    inspections.delete(entry);
    return current.end();
  };

  /** `bytes` in an ArrayBuffer of their own, so that it can be transferred whole. */
  const own = (bytes: Uint8Array): Uint8Array =>
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes
      : new Uint8Array(bytes);

  parentPort?.on('message', (job: BlockJob) => {
    const crcs: number[] = [];
    const outputs: Uint8Array[] = [];
    const inspected: (FileResults | undefined)[] = [];
    for (const part of job.parts) {
      const bytes =
        part.path === undefined ? (part.bytes ?? new Uint8Array(0)) : readPart(part, part.path);
      if (!(bytes instanceof Uint8Array)) {
        if (part.inspect) inspections.delete(part.inspect.entry);
        parentPort.postMessage({
          id: job.id,
          failure: bytes,
          path: part.path,
        } satisfies BlockReply);
        return;
      }
      crcs.push(zlib.crc32(bytes));
      // Stored bytes are a view of the read buffer, which the next part reuses: copied.
      const output =
        job.level === 0
          ? new Uint8Array(bytes)
          : own(
              zlib.deflateRawSync(bytes, {
                level: job.level,
                finishFlush: part.last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
                // Output in small pieces from Node's shared buffer pool, not 16 KiB buffers of
                // their own: less memory waits for this thread's collector.
                chunkSize: OUTPUT_CHUNK_BYTES,
              }),
            );
      outputs.push(output);
      inspected.push(part.inspect ? inspectPart(part, bytes) : undefined);
    }
    const transfer = outputs.map((output) => output.buffer as ArrayBuffer);
    const reply: BlockReply = job.parts.some((part) => part.inspect)
      ? { id: job.id, crcs, outputs, inspected }
      : { id: job.id, crcs, outputs };
    parentPort.postMessage(reply, transfer);
  });
}
