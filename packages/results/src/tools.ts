/**
 * Which files a test specification's tool reads: the product runs one parser per test tool
 * (docs/results.md "Test tools").
 */
import type { ResultFormat } from './types.js';

/**
 * The product's own tools (their `testToolName`, lower-cased) and the formats each parses.
 * NUnit has no tool of its own in the product (its support was added and withdrawn), so only
 * a tool whose name says NUnit is taken to read it.
 */
const TOOLS: ReadonlyMap<string, readonly ResultFormat[]> = new Map<
  string,
  readonly ResultFormat[]
>([
  ['xlt.junit', ['junit']],
  ['xlt.surefirejunit', ['junit']],
  ['xlt.testngjunitreportreporter', ['junit']],
  ['xlt.karmaxunit', ['junit']],
  ['xlt.trx', ['trx']],
  ['xlt.cucumber', ['cucumber']],
  ['xlt.gatling', ['gatling']],
  ['xlt.jmetercsv', ['jmeter-csv']],
  ['xlt.jmeterxml', ['jmeter-xml']],
  ['xlt.fitnesse', ['fitnesse']],
]);

/** A custom tool whose name says NUnit (the product ships none). */
const NUNIT_TOOL = /(^|[^a-z])nunit/i;

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
  const name = testToolName.trim().toLowerCase();
  const formats = TOOLS.get(name) ?? (NUNIT_TOOL.test(name) ? (['nunit'] as const) : undefined);
  if (!formats) return undefined;
  if (format === undefined || !formats.includes(format)) return false;
  // The product's FitNesse parser finds results only under a FitNesseRoot folder.
  if (format === 'fitnesse') return /(^|\/)FitNesseRoot\//i.test(path.replace(/\\/g, '/'));
  return true;
}
