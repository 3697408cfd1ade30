/**
 * Path helpers of the file selection: whether a path is inside a directory, and paths with
 * `/` separators (the form of patterns and entry names).
 */
import * as nodePath from 'node:path';

export function withSeparator(dir: string): string {
  return dir.endsWith(nodePath.sep) ? dir : dir + nodePath.sep;
}

export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(withSeparator(dir));
}

export function toPosix(path: string): string {
  return nodePath.sep === '/' ? path : path.split(nodePath.sep).join('/');
}
