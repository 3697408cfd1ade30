/**
 * What a deflate worker thread does with a job (see deflate-pool.ts): for each part, read it
 * (from a file or as given), check the file is still what was selected, take its CRC-32 and
 * deflate it; answer with the parts' results in one message. The worker runs
 * {@link deflateWorkerMain} from its source text, so a bundle of this package needs no second
 * file: the function uses nothing from outside its own body.
 */

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
    }
  | { readonly id: number; readonly failure: BlockFailure; readonly path: string | undefined };

/** The worker's body: answers every {@link BlockJob} with a {@link BlockReply}. */
export function deflateWorkerMain(): void {
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  const fs = process.getBuiltinModule('node:fs');
  const zlib = process.getBuiltinModule('node:zlib');
  let readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  const OUTPUT_CHUNK_BYTES = 1024;

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

  /** `bytes` in an ArrayBuffer of their own, so that it can be transferred whole. */
  const own = (bytes: Uint8Array): Uint8Array =>
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes
      : new Uint8Array(bytes);

  parentPort?.on('message', (job: BlockJob) => {
    const crcs: number[] = [];
    const outputs: Uint8Array[] = [];
    for (const part of job.parts) {
      const bytes =
        part.path === undefined ? (part.bytes ?? new Uint8Array(0)) : readPart(part, part.path);
      if (!(bytes instanceof Uint8Array)) {
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
    }
    const transfer = outputs.map((output) => output.buffer as ArrayBuffer);
    parentPort.postMessage({ id: job.id, crcs, outputs } satisfies BlockReply, transfer);
  });
}
