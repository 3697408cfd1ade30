/**
 * The zip of the selected files (docs/protocol.md §3), in the given order and at the
 * consumer's pace: our archiver archive (zip/archive.ts) with our format module
 * (zip/format.ts), which reads and deflates the files on a pool of worker threads and writes
 * every byte itself. Entry names are validated first, because archiver silently rewrites some
 * (`a//b`, `../`, `C:`). Asked to, it also inspects every file from the bytes it zips.
 */
import type { Stats } from 'node:fs';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FileResults } from '@xltv/results';
import { XltvError } from './errors.js';
import type { SelectedFile } from './files.js';
import { BlockError } from './zip/deflate-pool.js';
import type { BlockFailure } from './zip/deflate-worker.js';
import type { FormatEntryData, FormatInspection } from './zip/format.js';
import { ZipFormat } from './zip/format.js';
import { INSPECT_WORKER_URL } from './zip/inspect-worker-url.js';

/** Deflate level used when none is given (BENCHMARKS.md, "Default deflate level"). */
export const DEFAULT_ZIP_LEVEL = 1;

/** Options of {@link createZipStream}. */
export interface ZipOptions {
  /** Deflate level 0–9 (default {@link DEFAULT_ZIP_LEVEL}); 0 stores the files uncompressed. */
  readonly level?: number;
  /** Abort the zip (the stream errors with `ABORTED`). */
  readonly signal?: AbortSignal;
  /** Worker threads that read and deflate (default: one per core). The bytes do not depend on it. */
  readonly workers?: number;
  /** Block size of the workers (tests make it small to have many blocks per file). */
  readonly blockBytes?: number;
  /**
   * Inspect every file (`@xltv/results`) from the bytes that are zipped, on the workers that
   * read them, and call this with its index in `files` and what it holds, for each file
   * before the zip's stream ends. A file its inspector cannot read has a `MALFORMED` problem:
   * inspection never fails the zip. Without it nothing is inspected.
   */
  readonly onInspected?: (index: number, results: FileResults) => void;
}

/** Files handed to archiver ahead of the one its queue is at. */
const APPEND_AHEAD = 4;
/** The source appended with a file, which the format reads itself. */
const NO_BYTES = Buffer.alloc(0);
/** Size of the pieces the zip is passed on in. */
const PIECE_BYTES = 64 * 1024;

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

/** `error` as the zip's failure: an XltvError as it is, a file's as its own, anything else as `ZIP_FAILED`. */
function zipFailed(error: unknown, files: readonly SelectedFile[]): XltvError {
  if (error instanceof XltvError) return error;
  if (error instanceof BlockError) {
    const file = files.find((candidate) => candidate.path === error.path);
    if (file) return fileError(error.failure, file);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new XltvError('ZIP_FAILED', `zip failed: ${message}`, {}, { cause: error });
}

/**
 * How the zip inspects its files: on workers running the inspecting worker's bundle, which
 * must be beside this package's (or the CLI's) bundle.
 * @throws {XltvError} `ZIP_FAILED` when that file is missing (a broken install or bundle)
 */
function inspection(onInspected: (index: number, results: FileResults) => void): FormatInspection {
  const worker = INSPECT_WORKER_URL;
  if (worker.protocol === 'file:' && !existsSync(fileURLToPath(worker))) {
    throw new XltvError('ZIP_FAILED', `the zip's inspecting worker is missing: ${worker.href}`, {
      worker: worker.href,
    });
  }
  // Files are appended in order: an entry's number is its index in `files`.
  return { worker, onInspected };
}

function abortedError(): XltvError {
  return new XltvError('ABORTED', 'zip aborted');
}

/** Why the stat of a selected file failed, as a worker would say it. */
function statFailure(error: unknown): BlockFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
  return { reason: code === 'ENOENT' ? 'vanished' : code, message: String(error) };
}

/** A file that could not be zipped as selected, as a typed error. */
function fileError(failure: BlockFailure, file: SelectedFile): XltvError {
  const details = { path: file.path, name: file.name, reason: failure.reason };
  switch (failure.reason) {
    case 'vanished':
      return new XltvError(
        'FILE_CHANGED',
        `file vanished before it was zipped: ${file.path}`,
        details,
      );
    case 'size':
    case 'grew':
    case 'shrank':
      return new XltvError('FILE_CHANGED', `file changed while being zipped: ${file.path}`, {
        ...details,
        expectedSize: file.size,
        actualSize: failure.actualSize,
      });
    case 'not a regular file':
      return new XltvError('UNREADABLE_FILE', `not a regular file: ${file.path}`, details);
    default:
      return new XltvError(
        'UNREADABLE_FILE',
        `cannot read ${file.path}: ${failure.reason}`,
        details,
      );
  }
}

/**
 * Check that an empty selected file is still an empty regular file. The workers check every
 * other file as they read it; an empty one they are never given.
 * @throws {XltvError} `FILE_CHANGED`, `UNREADABLE_FILE`
 */
function checkEmptyFile(file: SelectedFile): void {
  let stats: Stats;
  try {
    stats = statSync(file.path);
  } catch (error) {
    throw fileError(statFailure(error), file);
  }
  if (!stats.isFile()) throw fileError({ reason: 'not a regular file', message: '' }, file);
  if (stats.size !== 0)
    throw fileError({ reason: 'size', message: '', actualSize: stats.size }, file);
}

/**
 * A readable stream of the zip of `files`, in the given order (callers pass the sorted
 * selection). Errors with `UNREADABLE_FILE` or `FILE_CHANGED` (details: `path`, `name`,
 * `reason`) when a file cannot be read or changed size since it was selected, with `ABORTED`
 * when `signal` fires. Destroying the returned stream stops the zip and its workers.
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
  const inspect = options.onInspected && inspection(options.onInspected);
  const { XltvZipArchive } = await import('./zip/archive.js');
  if (signal?.aborted) throw abortedError();

  const format = new ZipFormat({
    level,
    workers: options.workers ?? availableParallelism(),
    ...(options.blockBytes === undefined ? {} : { blockBytes: options.blockBytes }),
    ...(inspect ? { inspect } : {}),
  });
  const archive = new XltvZipArchive(format, PIECE_BYTES);
  // The consumer reads a stream of ours, so that a failure reaches it as one typed error.
  const output = new PassThrough({ highWaterMark: PIECE_BYTES });
  let settled = false;
  const stop = (error: XltvError | undefined): void => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    archive.unpipe(output);
    archive.abort();
    format.destroy();
    if (error) output.destroy(error);
  };
  const onAbort = (): void => stop(abortedError());
  signal?.addEventListener('abort', onAbort, { once: true });
  archive.on('error', (error: Error) => stop(zipFailed(error, files)));
  // archiver skips an entry it cannot take with a warning: for an upload that is a failure.
  archive.on('warning', (error: Error) => stop(zipFailed(error, files)));
  // Stop reading files when the consumer goes away before the end (e.g. an aborted upload).
  output.on('close', () => stop(undefined));

  let next = 0;
  let accepted = 0;
  const appendMore = (): void => {
    while (!settled && next < files.length && next - accepted < APPEND_AHEAD) {
      const file = files[next++] as SelectedFile;
      try {
        if (file.size === 0) checkEmptyFile(file);
      } catch (error) {
        stop(zipFailed(error, files));
        return;
      }
      // Appended as our format's `file` field, read by the workers: archiver's file() would
      // stat it again and make a lazy stream of it that is never opened.
      const entry: FormatEntryData = {
        name: file.name,
        date: new Date(file.mtimeMs),
        file: { path: file.path, size: file.size },
      };
      archive.append(NO_BYTES, entry);
    }
    if (settled || next < files.length || accepted < files.length) return;
    archive.finalize().then(
      () => signal?.removeEventListener('abort', onAbort),
      (error: unknown) => stop(zipFailed(error, files)),
    );
  };
  archive.on('entry', () => {
    accepted++;
    appendMore();
  });
  archive.pipe(output);
  appendMore();
  return output;
}
