/**
 * Output written straight to file descriptors 1 and 2 with `fs.writeSync`, for the start-up
 * hot paths (help, version, `env`): the first use of `process.stdout` or `process.stderr`
 * builds a stream and loads `node:stream` (and `node:net` for a pipe), a few milliseconds of
 * a ~30 ms start. Used only where Node's own streams write synchronously too (a pipe, a file,
 * /dev/null), so the bytes and their order are the same.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import type { OutputStream } from '../reporter.js';

/** A descriptor that is not a terminal, or `terminal`; undefined when it cannot be told. */
export type DescriptorKind = 'terminal' | 'other';

let devNullDevice: number | null | undefined;

/** The device number of /dev/null, or null where there is none. */
function devNull(): number | null {
  devNullDevice ??= statSync('/dev/null', { throwIfNoEntry: false })?.rdev ?? null;
  return devNullDevice;
}

/**
 * Whether `fd` is a terminal, answered without `node:tty` (which loads `node:net`) when
 * fstat settles it: a file, a pipe, a socket or /dev/null is no terminal. Undefined for a
 * closed descriptor and on Windows, where the callers leave everything to Node's streams.
 */
export function descriptorKind(fd: number): DescriptorKind | undefined {
  if (process.platform === 'win32') return undefined;
  let stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return undefined;
  }
  if (stats.isFile() || stats.isFIFO() || stats.isSocket()) return 'other';
  if (stats.isCharacterDevice() && stats.rdev === devNull()) return 'other';
  // Required here, not imported: the bin is CommonJS, where an import becomes an eager require.
  return process.getBuiltinModule('node:tty').isatty(fd) ? 'terminal' : 'other';
}

/** What to do when a write fails: the bin's stream `error` handler. */
export type WriteErrorHandler = (error: NodeJS.ErrnoException) => void;

/** What a terminal descriptor's stream reports (see {@link DescriptorOutput}). */
export interface TerminalFacts {
  readonly columns: number | undefined;
}

/**
 * An {@link OutputStream} on a descriptor. On a non-terminal its `isTTY` is undefined, as
 * `process.stdout.isTTY` is there; given {@link TerminalFacts} (the upload thread, whose own
 * `process.stdout` is no terminal) it reports `isTTY` and `columns` like Node's stream for a
 * terminal, which on Linux and macOS writes synchronously too. A descriptor someone else made
 * non-blocking can answer EAGAIN when full: the rest of the output then goes through Node's
 * stream for it, which waits for the reader. Any other failure goes to `onError`, once; later
 * writes are dropped, as they are on a stream destroyed by an error.
 */
export class DescriptorOutput implements OutputStream {
  private stream: NodeJS.WriteStream | undefined;
  private failed = false;
  readonly isTTY: true | undefined;
  readonly columns: number | undefined;

  constructor(
    private readonly fd: 1 | 2,
    private readonly onError: WriteErrorHandler,
    terminal?: TerminalFacts,
  ) {
    this.isTTY = terminal ? true : undefined;
    this.columns = terminal?.columns;
  }

  write(chunk: string): boolean {
    if (this.stream) return this.stream.write(chunk);
    if (this.failed) return false;
    const bytes = Buffer.from(chunk, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        const failure = error as NodeJS.ErrnoException;
        if (failure.code === 'EAGAIN') {
          this.stream = this.fd === 1 ? process.stdout : process.stderr;
          this.stream.on('error', this.onError);
          return this.stream.write(bytes.subarray(offset));
        }
        this.failed = true;
        this.onError(failure);
        return false;
      }
    }
    return true;
  }
}
