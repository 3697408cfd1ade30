/**
 * Result file selection (docs/protocol.md §3): {@link selectFiles}, its options, and the checks
 * of each match. The user's patterns are made globs relative to the base directory in
 * files/patterns.ts, and files/crawl.ts finds their matches without following symbolic links;
 * here each match is checked (a regular file, or a link to one, inside the base directory),
 * and the selection's limits and warnings are applied.
 */
import * as nodeFs from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as nodePath from 'node:path';
import { XltvError, type XltvWarning } from './errors.js';
import { crawl } from './files/crawl.js';
import { errnoCode, throwIfAborted } from './files/errors.js';
import { isInside } from './files/paths.js';
import { compilePatterns, splitPatterns, type DirectoryPattern } from './files/patterns.js';
import { compareUtf8 as compareNames } from './utf8-order.js';

export { splitPatterns } from './files/patterns.js';

/** Patterns every selection leaves out unless `defaultExcludes: false`. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/.git/**',
  '**/.svn/**',
  '**/.hg/**',
  '**/CVS/**',
  '**/node_modules/**',
  '**/.DS_Store',
];

/**
 * How much older than the build start a file may be before it counts as stale, in ms.
 * File systems store modification times coarsely (FAT: 2 s, some network shares: 1 s) and a
 * CI's start time is usually whole seconds, so a file written right at the start must not be
 * called stale.
 */
export const STALE_TOLERANCE_MS = 2000;

/** Past this many files a selection gets a `LARGE_SELECTION` warning. */
export const LARGE_SELECTION_FILES = 10_000;
/** Past this many bytes a selection gets a `LARGE_SELECTION` warning. */
export const LARGE_SELECTION_BYTES = 1024 ** 3;

/** Options of {@link selectFiles}. */
export interface SelectFilesOptions {
  /** Include globs; each item may be a comma-separated list. At least one is required. */
  readonly include: readonly string[];
  /** Exclude globs; comma lists allowed. */
  readonly exclude?: readonly string[];
  /** Root of the zip's paths; default `process.cwd()`. */
  readonly baseDir?: string;
  /** Apply {@link DEFAULT_EXCLUDES} (default true). */
  readonly defaultExcludes?: boolean;
  /** Build start: files modified before it are stale (warning, or dropped with `freshOnly`). */
  readonly buildStartedAt?: Date;
  /** Drop stale files instead of warning. */
  readonly freshOnly?: boolean;
  /** Zero matches is fine (no `NO_FILES` error). */
  readonly allowEmpty?: boolean;
  /** More matched files than this is a `TOO_MANY_FILES` error; 0 or absent: no limit. */
  readonly maxFiles?: number;
  /** A larger total size is a `TOO_LARGE` error; 0 or absent: no limit. */
  readonly maxBytes?: number;
  /** Stops the selection (an `ABORTED` error), also in the middle of a long crawl. */
  readonly signal?: AbortSignal | undefined;
}

/** One file to upload. */
export interface SelectedFile {
  /**
   * Absolute path on disk (the real file for a followed symlink). On the files
   * {@link selectFiles} returns it may be a getter (computed from the base directory to save
   * memory): spreading such a file (`{ ...file }`) does not copy it.
   */
  readonly path: string;
  /** Entry name in the zip: relative to the base, `/` separators, never `..` or absolute. */
  readonly name: string;
  /** Size in bytes at selection time. */
  readonly size: number;
  /** Modification time (ms since epoch). */
  readonly mtimeMs: number;
}

/** Result of {@link selectFiles}. */
export interface FileSelection {
  readonly baseDir: string;
  /** Sorted by `name` (stable byte order). */
  readonly files: readonly SelectedFile[];
  /** Sum of sizes. */
  readonly totalBytes: number;
  readonly warnings: readonly XltvWarning[];
}

/** Why a matched entry was left out; see the `SYMLINK_SKIPPED` warning. */
export type SkipReason = 'outside-base' | 'dangling' | 'loop' | 'not-a-file' | 'linked-directory';

interface Skipped {
  readonly name: string;
  readonly reason: SkipReason;
  readonly target?: string;
  readonly special?: boolean;
}

const MAX_EXAMPLES = 10;
const STALE_EXAMPLES = 5;

/**
 * Find the files to upload (docs/protocol.md §3).
 *
 * - `include`/`exclude` items may be comma lists ({@link splitPatterns}). A pattern may be an
 *   absolute path inside `baseDir`; `dir/` or the plain name of a directory means everything
 *   below it (Ant's rule). An include that points outside `baseDir` is refused.
 * - Excludes (and `!`-negated includes) filter the matched file paths, as Ant does:
 *   `results/*` leaves out the files directly in `results`, not those below it. `*` and `**`
 *   also match names holding line terminators (\n, \r, U+2028, U+2029).
 * - Dot files match; {@link DEFAULT_EXCLUDES} apply unless `defaultExcludes: false`.
 * - Only regular files. A symbolic link is kept when its real target is a regular file
 *   inside `baseDir` (`path` is then the target, `name` the link's); links to directories,
 *   to outside the base, dangling links and loops are skipped with one `SYMLINK_SKIPPED`
 *   warning (`{ count, skipped: [{ name, reason, target? }] }`, first 10 listed). Linked
 *   directories are never crawled, not even when a pattern names a path through one
 *   (reason `linked-directory`). Sockets, FIFOs and devices are skipped with
 *   `SPECIAL_FILE_SKIPPED`; directories that cannot be listed give `UNREADABLE_DIRECTORY`.
 * - Every selected file is opened for reading once before anything is sent.
 * - With `buildStartedAt`, files modified more than {@link STALE_TOLERANCE_MS} before it are
 *   stale: one `STALE_FILES` warning (`{ count, examples, buildStartedAt, toleranceMs }`), or
 *   with `freshOnly` they are left out (warning `STALE_FILES_DROPPED`), before the `NO_FILES`
 *   check.
 * - Files are sorted by the UTF-8 bytes of `name`.
 * - More matches than `maxFiles` is `TOO_MANY_FILES` (`{ files, limit, option }`), found before
 *   any match is inspected; a total size above `maxBytes` is `TOO_LARGE` (`{ files, bytes,
 *   limit, option }`). Past {@link LARGE_SELECTION_FILES} files or
 *   {@link LARGE_SELECTION_BYTES} bytes a `LARGE_SELECTION` warning asks whether these are
 *   only results; an include naming a directory gets `DIRECTORY_PATTERN`
 *   (`{ pattern, files, suggestion }`).
 * - `signal` stops the crawl and the checks: `ABORTED`.
 * @throws {XltvError} `NO_PATTERNS` (no include pattern), `NO_FILES` (details
 *   `{ patterns, excludes, defaultExcludes, baseDir, skipped, staleDropped }`),
 *   `UNREADABLE_FILE` (`{ path, name, reason, count }`), `INVALID_OPTION` (`{ option: 'baseDir',
 *   path, reason }` or `{ option: 'buildStartedAt' }`), `UNSAFE_PATH` (`{ pattern, baseDir, fix }`
 *   for an include outside the base; `{ name, baseDir }` for a match escaping it).
 */
export async function selectFiles(options: SelectFilesOptions): Promise<FileSelection> {
  const include = splitPatterns(options.include);
  if (include.length === 0) {
    throw new XltvError('NO_PATTERNS', 'no include pattern given', {});
  }
  const exclude = splitPatterns(options.exclude);
  const { signal } = options;
  throwIfAborted(signal);
  const maxFiles = positiveLimit(options.maxFiles);
  const maxBytes = positiveLimit(options.maxBytes);
  const useDefaults = options.defaultExcludes !== false;
  const buildStartedAt = options.buildStartedAt;
  if (buildStartedAt !== undefined && Number.isNaN(buildStartedAt.getTime())) {
    throw new XltvError('INVALID_OPTION', 'buildStartedAt is not a valid date', {
      option: 'buildStartedAt',
    });
  }

  const baseDir = nodePath.resolve(options.baseDir ?? process.cwd());
  let realBase: string;
  try {
    const info = await stat(baseDir);
    if (!info.isDirectory()) {
      throw new XltvError('INVALID_OPTION', `base directory ${baseDir} is not a directory`, {
        option: 'baseDir',
        path: baseDir,
        reason: 'not-a-directory',
      });
    }
    realBase = await realpath(baseDir);
  } catch (error) {
    if (error instanceof XltvError) throw error;
    throw new XltvError(
      'INVALID_OPTION',
      `base directory ${baseDir} cannot be used (${errnoCode(error)})`,
      { option: 'baseDir', path: baseDir, reason: errnoCode(error) },
      { cause: error },
    );
  }

  const compiled = await compilePatterns(
    include,
    exclude,
    useDefaults ? DEFAULT_EXCLUDES : [],
    baseDir,
    realBase,
  );
  const { isExcluded, directories } = compiled;
  const { matches: candidates, found } = await crawl(baseDir, realBase, compiled, signal);

  const names = [...new Set(candidates)].filter((name) => !isExcluded(name)).sort(compareNames);
  for (const name of names) {
    if (!isSafeName(name)) {
      throw new XltvError('UNSAFE_PATH', `matched path "${name}" is not inside ${baseDir}`, {
        name,
        baseDir,
        fix: '--base-dir',
      });
    }
  }

  // Before each match is inspected: a selection far too large fails fast.
  if (maxFiles !== undefined && names.length > maxFiles) throw tooManyFiles(names.length, maxFiles);

  const warnings: XltvWarning[] = [];
  const { unreadableDirs } = found;
  if (unreadableDirs.length > 0) {
    warnings.push({
      code: 'UNREADABLE_DIRECTORY',
      message: `${unreadableDirs.length} director${unreadableDirs.length === 1 ? 'y' : 'ies'} could not be listed; files in them were not considered`,
      details: { count: unreadableDirs.length, paths: unreadableDirs.slice(0, MAX_EXAMPLES) },
    });
  }

  const realDirectories = new RealDirectories();
  const inspected = await mapInBatches(
    names,
    (name) => inspect(name, baseDir, realBase, realDirectories),
    signal,
  );
  let files: SelectedFile[] = [];
  const skippedLinks: Skipped[] = [...found.linkedDirs];
  const special: string[] = [];
  for (const entry of inspected) {
    if (!('reason' in entry)) files.push(entry);
    else if (entry.special) special.push(entry.name);
    else skippedLinks.push(entry);
  }
  skippedLinks.sort((a, b) => compareNames(a.name, b.name));
  if (skippedLinks.length > 0) {
    warnings.push({
      code: 'SYMLINK_SKIPPED',
      message: `${skippedLinks.length} symbolic link(s) skipped: ${skippedLinks
        .slice(0, MAX_EXAMPLES)
        .map((link) => `${link.name} (${link.reason})`)
        .join(', ')}`,
      details: { count: skippedLinks.length, skipped: skippedLinks.slice(0, MAX_EXAMPLES) },
    });
  }
  if (special.length > 0) {
    warnings.push({
      code: 'SPECIAL_FILE_SKIPPED',
      message: `${special.length} entr${special.length === 1 ? 'y is' : 'ies are'} not regular files and were skipped`,
      details: { count: special.length, names: special.slice(0, MAX_EXAMPLES) },
    });
  }

  let staleDropped = 0;
  if (buildStartedAt !== undefined) {
    const limit = buildStartedAt.getTime() - STALE_TOLERANCE_MS;
    const stale = files.filter((file) => file.mtimeMs < limit);
    if (stale.length > 0) {
      const details = {
        count: stale.length,
        examples: stale.slice(0, STALE_EXAMPLES).map((file) => file.name),
        buildStartedAt: buildStartedAt.toISOString(),
        toleranceMs: STALE_TOLERANCE_MS,
      };
      if (options.freshOnly) {
        files = files.filter((file) => file.mtimeMs >= limit);
        staleDropped = stale.length;
        warnings.push({
          code: 'STALE_FILES_DROPPED',
          message: `${stale.length} file(s) older than the build start were left out`,
          details,
        });
      } else {
        warnings.push({
          code: 'STALE_FILES',
          message: `${stale.length} file(s) are older than the build start: results of an earlier build?`,
          details,
        });
      }
    }
  }

  if (files.length === 0 && !options.allowEmpty) {
    throw new XltvError('NO_FILES', `no file matches ${include.join(', ')} in ${baseDir}`, {
      patterns: include,
      excludes: exclude,
      defaultExcludes: useDefaults ? DEFAULT_EXCLUDES : [],
      baseDir,
      skipped: skippedLinks.length + special.length,
      staleDropped,
    });
  }

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  if (maxBytes !== undefined && totalBytes > maxBytes) {
    throw new XltvError(
      'TOO_LARGE',
      `the ${files.length} selected files hold ${totalBytes} bytes, more than ${maxBytes}`,
      { files: files.length, bytes: totalBytes, limit: maxBytes, option: 'maxBytes' },
    );
  }
  if (files.length > LARGE_SELECTION_FILES || totalBytes > LARGE_SELECTION_BYTES) {
    warnings.push({
      code: 'LARGE_SELECTION',
      message: `${files.length} files (${totalBytes} bytes) selected: are these only test results?`,
      details: {
        files: files.length,
        bytes: totalBytes,
        fileThreshold: LARGE_SELECTION_FILES,
        byteThreshold: LARGE_SELECTION_BYTES,
      },
    });
  }
  warnings.push(...directoryWarnings(directories, files));

  const readability = await mapInBatches(files, unreadableReason, signal);
  const unreadable = files.flatMap((file, index) => {
    const reason = readability[index];
    return reason === undefined ? [] : [{ file, reason }];
  });
  const firstUnreadable = unreadable[0];
  if (firstUnreadable) {
    const { file, reason } = firstUnreadable;
    throw new XltvError('UNREADABLE_FILE', `cannot read ${file.path} (${reason})`, {
      path: file.path,
      name: file.name,
      reason,
      count: unreadable.length,
    });
  }

  return { baseDir, files, totalBytes, warnings };
}

/** A limit that is set: a positive number (0 turns it off). */
function positiveLimit(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function tooManyFiles(count: number, limit: number): XltvError {
  return new XltvError('TOO_MANY_FILES', `${count} files match, more than ${limit}`, {
    files: count,
    limit,
    option: 'maxFiles',
  });
}

function isSafeName(name: string): boolean {
  if (name === '' || name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((segment) => segment === '..' || segment === '');
}

/**
 * A `DIRECTORY_PATTERN` warning per include that names a directory: it selects every file
 * below it (logs, binaries), and a glob of the result files is what was probably meant.
 */
function directoryWarnings(
  directories: readonly DirectoryPattern[],
  files: readonly SelectedFile[],
): XltvWarning[] {
  return directories.map(({ pattern, glob: directoryGlob }) => {
    const prefix = directoryGlob.slice(0, -'**'.length);
    const count = files.filter((file) => file.name.startsWith(prefix)).length;
    const suggestion = `${prefix}**/*.xml`;
    return {
      code: 'DIRECTORY_PATTERN',
      message: `"${pattern}" is a directory: all ${count} files below it are selected; a glob such as "${suggestion}" selects only result files`,
      details: { pattern, files: count, suggestion },
    };
  });
}

/** Files checked per synchronous batch by {@link mapInBatches}. */
const SYNC_BATCH = 512;

/**
 * `fn` over every item, synchronously, yielding to the event loop between batches. The
 * per-file checks are one to three system calls each: made synchronously they cost a
 * fraction of the thread-pool round trips and promises of their async forms, and the batches
 * keep signals and timers served on very large selections.
 */
async function mapInBatches<T, R>(
  items: readonly T[],
  fn: (item: T) => R,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  for (let start = 0; start < items.length; start += SYNC_BATCH) {
    if (start > 0) await yieldToEventLoop();
    throwIfAborted(signal);
    const end = Math.min(start + SYNC_BATCH, items.length);
    for (let index = start; index < end; index++) results[index] = fn(items[index] as T);
  }
  return results;
}

/**
 * The real path of each directory holding a match, asked once per directory: for a file that
 * is not a link, its real path is its directory's plus its name, and one realpath per file
 * would be a large share of the selection's time.
 */
class RealDirectories {
  readonly #known = new Map<string, string>();

  of(dir: string): string {
    let real = this.#known.get(dir);
    if (real === undefined) {
      try {
        real = nodeFs.realpathSync.native(dir);
      } catch {
        real = dir;
      }
      this.#known.set(dir, real);
    }
    return real;
  }
}

/** A match that is kept ({@link SelectedFile}) or left out ({@link Skipped}, which has a reason). */
function inspect(
  name: string,
  baseDir: string,
  realBase: string,
  realDirectories: RealDirectories,
): SelectedFile | Skipped {
  const abs = nodePath.join(baseDir, name);
  let info: nodeFs.Stats;
  try {
    info = nodeFs.lstatSync(abs);
  } catch (error) {
    throw new XltvError(
      'UNREADABLE_FILE',
      `cannot read ${abs} (${errnoCode(error)})`,
      { path: abs, name, reason: errnoCode(error) },
      { cause: error },
    );
  }
  if (info.isSymbolicLink()) {
    let target: string;
    try {
      target = nodeFs.realpathSync.native(abs);
    } catch (error) {
      const code = errnoCode(error);
      return { name, reason: code === 'ELOOP' ? 'loop' : 'dangling' };
    }
    if (!isInside(target, realBase)) return { name, reason: 'outside-base', target };
    let targetInfo: nodeFs.Stats | undefined;
    try {
      targetInfo = nodeFs.statSync(target);
    } catch {
      targetInfo = undefined;
    }
    if (!targetInfo?.isFile()) return { name, reason: 'not-a-file', target };
    return { name, path: target, size: targetInfo.size, mtimeMs: targetInfo.mtimeMs };
  }
  if (!info.isFile()) return { name, reason: 'not-a-file', special: true };
  // Defence in depth: linkAwareFs never lists a linked directory, but a directory swapped
  // for a link while the crawl runs must not leak a file from outside the base either.
  const real = nodePath.join(realDirectories.of(nodePath.dirname(abs)), nodePath.basename(abs));
  if (!isInside(real, realBase)) return { name, reason: 'outside-base', target: real };
  return new FileInBase(baseDir, name, info.size, info.mtimeMs);
}

/** Why `file` cannot be opened for reading, or undefined when it can. */
function unreadableReason(file: SelectedFile): string | undefined {
  try {
    // O_NONBLOCK: a file replaced by a FIFO since the crawl must not block the selection.
    nodeFs.closeSync(
      nodeFs.openSync(file.path, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0)),
    );
    return undefined;
  } catch (error) {
    return errnoCode(error);
  }
}

/**
 * A selected file that is not a link: its path is the base directory joined with its name,
 * computed when asked instead of kept (absolute paths add up for a big selection, and
 * `--stream` keeps the selection to the end).
 */
class FileInBase implements SelectedFile {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly #baseDir: string;

  constructor(baseDir: string, name: string, size: number, mtimeMs: number) {
    this.#baseDir = baseDir;
    this.name = name;
    this.size = size;
    this.mtimeMs = mtimeMs;
  }

  get path(): string {
    return nodePath.join(this.#baseDir, this.name);
  }
}
