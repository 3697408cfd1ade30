/**
 * Reading a small file the user named (`--meta-file`, `--ca-cert`) without letting it hang
 * the process. A blocking open or read of a FIFO without a writer, a terminal or a device sits
 * in a thread of libuv's pool, which Node joins on exit: then not even `process.exit` or a
 * second signal ends the process. So the file is opened non-blocking; pipes, sockets and
 * terminals are read through the event loop, where an abort gets through; and no more than
 * `limit` bytes are ever read (`/dev/zero` ends too).
 */
import * as fs from 'node:fs';
import net from 'node:net';
import tty from 'node:tty';
import { promisify } from 'node:util';
import { XltvError } from './errors.js';

const openFile = promisify(fs.open);
const statFile = promisify(fs.fstat);
const readFile = promisify(fs.read);
const closeFile = promisify(fs.close);

const CHUNK = 64 * 1024;

/** Thrown by {@link readUserFile} when the file holds more than the limit. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file holds more than ${limit} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Options of {@link readUserFile}. */
export interface ReadUserFileOptions {
  /** Read at most this many bytes; more is a {@link FileTooLargeError}. */
  readonly limit: number;
  /** Stops the read (an `ABORTED` error), also while a pipe waits for its writer. */
  readonly signal?: AbortSignal | undefined;
}

function aborted(): XltvError {
  return new XltvError('ABORTED', 'reading the file was aborted');
}

/**
 * The bytes of `path`, at most `limit` of them.
 * @throws the errno error of open or read (`ENOENT`, `EISDIR`, `EAGAIN` for a device with
 *   nothing to read), {@link FileTooLargeError}, or `XltvError` `ABORTED`
 */
export async function readUserFile(path: string, options: ReadUserFileOptions): Promise<Buffer> {
  const { limit, signal } = options;
  if (signal?.aborted) throw aborted();
  // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of waiting for one.
  const fd = await openFile(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  let info: fs.Stats;
  try {
    info = await statFile(fd);
  } catch (error) {
    await closeFile(fd).catch(() => undefined);
    throw error;
  }
  if (info.isFIFO() || info.isSocket()) {
    return readThroughLoop(new net.Socket({ fd, readable: true, writable: false }), limit, signal);
  }
  if (info.isCharacterDevice() && tty.isatty(fd)) {
    return readThroughLoop(new tty.ReadStream(fd), limit, signal);
  }
  try {
    if (info.isFile() && info.size > limit) throw new FileTooLargeError(limit);
    return await readChunks(fd, limit, signal);
  } finally {
    await closeFile(fd).catch(() => undefined);
  }
}

/** Regular files and devices that never block (`/dev/zero`, `/dev/null`), up to `limit`. */
async function readChunks(
  fd: number,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    if (signal?.aborted) throw aborted();
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - size));
    const { bytesRead } = await readFile(fd, buffer, 0, buffer.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, size);
    chunks.push(buffer.subarray(0, bytesRead));
    size += bytesRead;
    if (size > limit) throw new FileTooLargeError(limit);
  }
}

/** A pipe, socket or terminal, read by the event loop; the stream owns (and closes) the fd. */
function readThroughLoop(
  stream: net.Socket,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onAbort = (): void => finish(aborted());
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(new FileTooLargeError(limit));
      else chunks.push(chunk);
    });
    stream.once('end', () => finish());
    stream.once('error', (error) => finish(error));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
