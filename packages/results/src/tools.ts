/**
 * Which files a test specification's tool reads: the product runs one parser per test tool
 * (docs/results.md "Test tools").
 */
import type { ResultFormat } from './types.js';

/**
 * True when the tool named `testToolName` (e.g. `xlt.JUnit`) reads a file of `format` at
 * `path`; false when it does not; undefined for a tool this library does not know (custom
 * tools), which must not be second-guessed.
 */
export function toolReads(
  testToolName: string,
  format: ResultFormat | undefined,
  path: string,
): boolean | undefined {
  void testToolName;
  void format;
  void path;
  return undefined; // being written
}
