/**
 * The crawl of a selection: the entries below the base directory that its patterns match, and
 * what it noticed besides them (directories it could not list, linked directories it did not
 * enter).
 *
 * Globbing is done by tinyglobby with `dot: true` (dot files match; the default excludes
 * still apply) and without following symbolic links, so a linked directory is never
 * crawled and a link loop cannot hang the crawl. Links to files are matched as files (see
 * {@link linkAwareFs}); files.ts keeps one only when its real target is a regular file inside
 * the base directory.
 *
 * picomatch (tinyglobby's matcher) builds regexes in which `**` uses `.`, and tinyglobby does
 * not let us pass the `s` (dotAll) flag, so its globstar never crosses a name holding a line
 * terminator (\n, \r, U+2028, U+2029). Such entries are seen while crawling
 * ({@link linkAwareFs}) and matched here with the `s` flag, so they are selected like any
 * other name.
 */
import * as nodeFs from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as nodePath from 'node:path';
import picomatch from 'picomatch/posix.js';
import { glob } from 'tinyglobby';
import { errnoCode, throwIfAborted } from './errors.js';
import { toPosix } from './paths.js';
import { MATCH_OPTIONS, type CompiledPatterns } from './patterns.js';

/** Characters that picomatch's `.` does not match without the `s` flag. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** A linked directory the crawl did not enter, reported in the `SYMLINK_SKIPPED` warning. */
interface LinkedDirectory {
  readonly name: string;
  readonly reason: 'linked-directory';
  readonly target: string;
}

/** What the crawl noticed besides the matches. */
export interface CrawlFindings {
  readonly unreadableDirs: string[];
  readonly linkedDirs: LinkedDirectory[];
  /** Entries of listed directories whose names hold a line terminator (relative, posix). */
  readonly lineTerminated: { name: string; isDirectory: boolean }[];
}

/**
 * The entries below `baseDir` (whose real path is `realBase`) that `compiled` includes:
 * relative, posix, unsorted, possibly repeated; the excludes that do not prune are still to
 * be applied. A symbolic link counts as a file, as in {@link linkAwareFs}.
 * @throws {XltvError} `ABORTED` when `signal` stops the crawl.
 */
export async function crawl(
  baseDir: string,
  realBase: string,
  compiled: CompiledPatterns,
  signal?: AbortSignal,
): Promise<{ matches: string[]; found: CrawlFindings }> {
  const { patterns, pruning, isExcluded, isPruned } = compiled;
  const found: CrawlFindings = { unreadableDirs: [], linkedDirs: [], lineTerminated: [] };
  let matched: string[] = [];
  try {
    if (patterns.length > 0) {
      matched = await glob(patterns, {
        cwd: baseDir,
        ignore: pruning,
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        expandDirectories: false,
        fs: linkAwareFs(baseDir, realBase, found, signal),
        ...(signal ? { signal } : {}),
      });
    }
  } catch (error) {
    throwIfAborted(signal);
    throw error;
  }
  // An aborted crawl ends early with what it found so far: that is no selection.
  throwIfAborted(signal);
  const candidates = matched.map(toPosix);

  if (found.lineTerminated.length > 0 && patterns.length > 0) {
    const isIncluded = picomatch(patterns, MATCH_OPTIONS);
    const wanted = (name: string): boolean => isIncluded(name) && !isExcluded(name);
    for (const entry of found.lineTerminated) {
      if (!entry.isDirectory) {
        if (wanted(entry.name)) candidates.push(entry.name);
      } else if (!isPruned(entry.name)) {
        candidates.push(...(await walkFiles(baseDir, entry.name, wanted, isPruned, found, signal)));
      }
    }
  }
  return { matches: candidates, found };
}

/**
 * The files below `dir` (relative, posix; a symbolic link counts as a file, as in
 * {@link linkAwareFs}) that `wanted` accepts; directories `pruned` accepts are not listed.
 */
async function walkFiles(
  baseDir: string,
  dir: string,
  wanted: (name: string) => boolean,
  pruned: (name: string) => boolean,
  found: CrawlFindings,
  signal?: AbortSignal,
): Promise<string[]> {
  const result: string[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    throwIfAborted(signal);
    let entries: nodeFs.Dirent[];
    try {
      entries = await readdir(nodePath.join(baseDir, current), { withFileTypes: true });
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EACCES' || code === 'EPERM') {
        found.unreadableDirs.push(nodePath.join(baseDir, current));
      }
      continue;
    }
    for (const entry of entries) {
      const name = `${current}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!pruned(name)) pending.push(name);
      } else if (wanted(name)) result.push(name);
    }
  }
  return result;
}

/**
 * A `fs` for tinyglobby (and its crawler fdir) that reports a symbolic link as if it were a
 * file: fdir then matches it by name but never descends into it, whatever it points to. The
 * real nature of each match is checked afterwards with lstat/realpath.
 *
 * tinyglobby starts its crawl at the static prefix of the patterns ("linked/a.xml" starts in
 * "linked"), which could cross a linked directory; such a directory is not listed either, so
 * the selection does not depend on which other patterns are given. Directories that cannot
 * be listed are recorded instead of being silently ignored.
 */
function linkAwareFs(
  baseDir: string,
  realBase: string,
  found: CrawlFindings,
  signal?: AbortSignal,
): { readdir: typeof nodeFs.readdir } {
  const asFile = (entry: nodeFs.Dirent): nodeFs.Dirent =>
    Object.assign(Object.create(Object.getPrototypeOf(entry) as object) as nodeFs.Dirent, entry, {
      isFile: () => true,
      isDirectory: () => false,
      isSymbolicLink: () => false,
    });
  const readdir = (
    path: string,
    options: { withFileTypes: true },
    callback: (error: NodeJS.ErrnoException | null, entries: nodeFs.Dirent[]) => void,
  ): void => {
    // Aborted: list nothing more, so the crawl ends at once.
    if (signal?.aborted) {
      callback(null, []);
      return;
    }
    const dir = nodePath.resolve(path);
    const relative = nodePath.relative(baseDir, dir);
    nodeFs.realpath(dir, (realError, real) => {
      if (!realError && real !== nodePath.join(realBase, relative)) {
        found.linkedDirs.push({
          name: toPosix(relative),
          reason: 'linked-directory',
          target: real,
        });
        callback(null, []);
        return;
      }
      nodeFs.readdir(dir, options, (error, entries) => {
        if (error) {
          if (error.code === 'EACCES' || error.code === 'EPERM') found.unreadableDirs.push(dir);
          callback(null, []);
          return;
        }
        for (const entry of entries) {
          if (LINE_TERMINATOR.test(entry.name)) {
            found.lineTerminated.push({
              name: toPosix(nodePath.join(relative, entry.name)),
              isDirectory: entry.isDirectory(),
            });
          }
        }
        callback(
          null,
          entries.map((entry) => (entry.isSymbolicLink() ? asFile(entry) : entry)),
        );
      });
    });
  };
  return { readdir: readdir as unknown as typeof nodeFs.readdir };
}
