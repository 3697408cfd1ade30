/**
 * Azure agents are often Windows: users write `build\**\*.xml` or paste an absolute
 * `C:\agent\_work\1\s\build\**\*.xml`. Core's globs want `/` (a `\` is a glob escape there) and
 * paths relative to the base directory, so each pattern is converted here, with the path
 * semantics of the agent's platform passed in (`path.win32` in tests, on any machine).
 */
import type { PlatformPath } from 'node:path';

function slashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * One include or exclude pattern as core's globs read it: a `\` is a path separator (never a
 * glob escape: match a literal `*` with `[*]`), and an absolute pattern under `baseDir` becomes
 * relative to it (on Windows regardless of case and of the separator used). An absolute pattern
 * elsewhere is kept, with `/`: core refuses an include outside the base directory, naming the fix.
 */
export function toUploadPattern(pattern: string, baseDir: string, paths: PlatformPath): string {
  const trimmed = pattern.trim();
  const negated = trimmed.startsWith('!') && !trimmed.startsWith('!(');
  const prefix = negated ? '!' : '';
  // path.win32 reads both separators; path.posix needs `/`.
  const body =
    paths.sep === '\\' ? trimmed.slice(prefix.length) : slashes(trimmed.slice(prefix.length));
  if (!paths.isAbsolute(body)) return prefix + slashes(body);

  const relative = paths.relative(baseDir, body);
  if (relative === '') return `${prefix}.`;
  const outside = paths.isAbsolute(relative) || relative.split(/[\\/]/)[0] === '..';
  return prefix + slashes(outside ? body : relative);
}

/** Every pattern of a list converted; blank ones dropped. */
export function toUploadPatterns(
  patterns: readonly string[],
  baseDir: string,
  paths: PlatformPath,
): string[] {
  return patterns
    .filter((pattern) => pattern.trim() !== '')
    .map((pattern) => toUploadPattern(pattern, baseDir, paths));
}
