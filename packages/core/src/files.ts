/**
 * Result file selection (protocol.md §3).
 * OWNER: core-io helper. Signatures are the contract; implement behind them.
 */
import type { XltvWarning } from './errors.js';

/** Patterns every selection leaves out unless `defaultExcludes: false`. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/.git/**',
  '**/.svn/**',
  '**/.hg/**',
  '**/CVS/**',
  '**/node_modules/**',
  '**/.DS_Store',
];

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
}

/** One file to upload. */
export interface SelectedFile {
  /** Absolute path on disk (the real file for a followed symlink). */
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

/** Split repeatable, comma-separated pattern options into one flat list. */
export function splitPatterns(_values: readonly string[] | undefined): string[] {
  throw new Error('not implemented');
}

/**
 * Find the files to upload.
 * @throws {XltvError} `NO_PATTERNS`, `NO_FILES`, `UNREADABLE_FILE`, `INVALID_OPTION`.
 */
export async function selectFiles(_options: SelectFilesOptions): Promise<FileSelection> {
  throw new Error('not implemented');
}
