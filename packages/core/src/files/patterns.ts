/**
 * The include and exclude patterns of a selection, from the user's options to what the crawl
 * needs: comma lists split ({@link splitPatterns}), each pattern made a glob relative to the
 * base directory ({@link relativePattern}), and the matchers of the excludes
 * ({@link compilePatterns}).
 *
 * Excludes are matched against the matched FILE paths (Ant's semantics: `results/*` leaves out
 * only the files directly in `results`); only excludes ending in `/**` are also given to
 * tinyglobby's `ignore`, which prunes the directories they match, an optimisation with the same
 * result for files.
 */
import { lstat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import picomatch from 'picomatch/posix.js';
import { isDynamicPattern } from 'tinyglobby';
import { XltvError } from '../errors.js';
import { isInside, toPosix, withSeparator } from './paths.js';

/**
 * Options of every picomatch matcher here: dot files match (as in the crawl), `/` is the
 * only separator, and `s` (dotAll) lets `**` cross names holding line terminators.
 */
export const MATCH_OPTIONS = { dot: true, flags: 's' } as const;

/**
 * Split repeatable, comma-separated pattern options into one flat list: each item is split
 * at commas (as the Jenkins plugin does), each piece trimmed, empty pieces dropped. Commas
 * inside braces (`{a,b}`) or brackets (`[,]`), and escaped commas (`\,`), do not split. An
 * item whose braces do not balance is split at every unescaped comma.
 */
export function splitPatterns(values: readonly string[] | undefined): string[] {
  const result: string[] = [];
  for (const value of values ?? []) {
    for (const piece of splitOne(String(value))) {
      const trimmed = piece.trim();
      if (trimmed !== '') result.push(trimmed);
    }
  }
  return result;
}

function splitOne(value: string): string[] {
  const split = (respectBraces: boolean): { pieces: string[]; balanced: boolean } => {
    const pieces: string[] = [];
    let braces = 0;
    let inBracket = false;
    let start = 0;
    for (let index = 0; index < value.length; index++) {
      const char = value[index];
      if (char === '\\') {
        index++;
        continue;
      }
      if (inBracket) {
        if (char === ']') inBracket = false;
        continue;
      }
      if (char === '[' && value.indexOf(']', index + 2) > 0) inBracket = true;
      else if (char === '{') braces++;
      else if (char === '}' && braces > 0) braces--;
      else if (char === ',' && (!respectBraces || braces === 0)) {
        pieces.push(value.slice(start, index));
        start = index + 1;
      }
    }
    pieces.push(value.slice(start));
    return { pieces, balanced: braces === 0 };
  };
  const first = split(true);
  return first.balanced ? first.pieces : split(false).pieces;
}

/** The patterns of a selection, relative to its base directory, and their matchers. */
export interface CompiledPatterns {
  /** The includes that are not negated: what the crawl looks for. */
  readonly patterns: string[];
  /** The excludes that prune a directory (`dir/**`): tinyglobby's `ignore`. */
  readonly pruning: string[];
  /** Whether a matched file path is excluded. */
  readonly isExcluded: (name: string) => boolean;
  /** Whether a directory is left unlisted. */
  readonly isPruned: (name: string) => boolean;
  /** The includes that name a directory. */
  readonly directories: DirectoryPattern[];
}

/**
 * The split `include` and `exclude` patterns, and the default excludes that apply, made
 * relative to `baseDir` (whose real path is `realBase`).
 * @throws {XltvError} `UNSAFE_PATH` for an include that points outside the base.
 */
export async function compilePatterns(
  include: readonly string[],
  exclude: readonly string[],
  defaultExcludes: readonly string[],
  baseDir: string,
  realBase: string,
): Promise<CompiledPatterns> {
  const patterns: string[] = [];
  const excludes: string[] = [];
  const directories: DirectoryPattern[] = [];
  for (const pattern of include) {
    const relative = (await relativePattern(pattern, baseDir, realBase, 'include', directories))!;
    // A negated include is an exclude (as tinyglobby reads it), with the same file semantics.
    if (relative.startsWith('!') && !relative.startsWith('!(')) excludes.push(relative.slice(1));
    else patterns.push(relative);
  }
  for (const pattern of exclude) {
    const relative = await relativePattern(pattern, baseDir, realBase, 'exclude');
    if (relative !== undefined) excludes.push(relative);
  }
  excludes.push(...defaultExcludes);
  // Only `dir/**` may prune: it matches the directory and everything below, so leaving the
  // directory unlisted loses nothing it would keep. Any other exclude filters file paths.
  const pruning = excludes.filter((pattern) => pattern.endsWith('/**'));
  const isExcluded =
    excludes.length > 0 ? picomatch(excludes, MATCH_OPTIONS) : (): boolean => false;
  const isPruned = pruning.length > 0 ? picomatch(pruning, MATCH_OPTIONS) : (): boolean => false;
  return { patterns, pruning, isExcluded, isPruned, directories };
}

/**
 * Turn one user pattern into a glob relative to the base directory.
 * Returns undefined for an exclude that can never match (it points outside the base).
 */
async function relativePattern(
  pattern: string,
  baseDir: string,
  realBase: string,
  kind: 'include' | 'exclude',
  directories?: DirectoryPattern[],
): Promise<string | undefined> {
  const negated = pattern.startsWith('!') && !pattern.startsWith('!(');
  const body = negated ? pattern.slice(1) : pattern;
  const outside = (): undefined => {
    if (kind === 'exclude') return undefined;
    throw new XltvError(
      'UNSAFE_PATH',
      `include pattern "${pattern}" points outside the base directory ${baseDir}; set --base-dir to a directory that contains the files`,
      { pattern, baseDir, fix: '--base-dir' },
    );
  };

  let relative: string;
  if (nodePath.isAbsolute(body)) {
    const normalized = nodePath.normalize(body);
    const root = [baseDir, realBase].find((dir) => isInside(normalized, dir));
    if (root === undefined) return outside();
    relative = toPosix(normalized.slice(withSeparator(root).length));
    if (normalized === root) relative = '';
  } else {
    const trailingSlash = body.endsWith('/');
    relative = nodePath.posix.normalize(body);
    if (relative === '..' || relative.startsWith('../')) return outside();
    if (relative === '.' || relative === './') relative = '';
    if (trailingSlash && relative !== '' && !relative.endsWith('/')) relative += '/';
  }

  // Ant's rules for directories: "dir/" means everything below it, and so does the plain
  // name of an existing (real, not linked) directory.
  // Only the plain name is noted: `dir/` says "everything below" on purpose.
  let directory: string | undefined;
  if (relative === '') relative = '**';
  else if (relative.endsWith('/')) relative += '**';
  else if (!isDynamicPattern(relative)) {
    const info = await lstat(nodePath.join(baseDir, relative)).catch(() => undefined);
    if (info?.isDirectory()) directory = relative += '/**';
  }
  if (directory !== undefined && !negated) directories?.push({ pattern, glob: directory });
  return negated ? `!${relative}` : relative;
}

/** An include that names a directory: every file below it is selected, results or not. */
export interface DirectoryPattern {
  readonly pattern: string;
  /** What it became: `dir/**`. */
  readonly glob: string;
}
