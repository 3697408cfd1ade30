/**
 * Words for what the result files hold: the one line of counts of `upload` and `inspect`, and
 * the problems found in the files.
 */
import type { ResultsSummary } from '@xltv/core';
import { plural } from './format.js';

export type { ResultsSummary };

/** A format as users know it, in the order of docs/cli.md "Results". */
const FORMAT_NAMES: Readonly<Record<string, string>> = {
  junit: 'JUnit',
  testng: 'TestNG',
  trx: 'TRX',
  nunit: 'NUnit',
  cucumber: 'Cucumber',
  'jmeter-xml': 'JMeter XML',
  'jmeter-csv': 'JMeter CSV',
  gatling: 'Gatling',
  fitnesse: 'FitNesse',
};

/** The display name of a format (an unknown one as it is). */
export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format;
}

/** `1234567` → `1,234,567`, the same on every machine whatever its locale. */
export function grouped(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1,234 tests`: {@link plural} with digit grouping. */
function counted(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${grouped(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * `1,234 tests: 1,200 passed (3 flaky), 30 failed, 2 errors, 4 skipped in 5 files (JUnit 3, TRX 2)`.
 * Categories at zero are left out, but `passed`; one format is named without its count.
 */
export function renderResultsLine(results: ResultsSummary): string {
  const parts = [
    `${grouped(results.passed)} passed${results.flaky > 0 ? ` (${grouped(results.flaky)} flaky)` : ''}`,
  ];
  if (results.failed > 0) parts.push(`${grouped(results.failed)} failed`);
  if (results.errors > 0) parts.push(counted(results.errors, 'error'));
  if (results.skipped > 0) parts.push(`${grouped(results.skipped)} skipped`);
  const formats = renderFormats(results.formats);
  return `${counted(results.tests, 'test')}: ${parts.join(', ')} in ${counted(results.files, 'file')}${
    formats ? ` (${formats})` : ''
  }`;
}

/** `JUnit` for one format, `JUnit 3, TRX 1` for several (most files first). */
function renderFormats(formats: ResultsSummary['formats']): string {
  const order = Object.keys(FORMAT_NAMES);
  const found = Object.entries(formats)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .sort(([a, countA], [b, countB]) => countB - countA || order.indexOf(a) - order.indexOf(b));
  if (found.length === 1) return formatName(found[0]?.[0] ?? '');
  return found.map(([format, count]) => `${formatName(format)} ${grouped(count)}`).join(', ');
}

/** One problem: `results/a.xml:12:5: MALFORMED: the tag is not closed`. */
export function renderProblem(problem: ResultsSummary['problems'][number]): string {
  const position =
    problem.line !== undefined
      ? `:${problem.line}${problem.column !== undefined ? `:${problem.column}` : ''}`
      : '';
  return `${problem.file}${position}: ${problem.code}: ${problem.message}`;
}

/** The first `max` problems, one a line, and how many more there are. */
export function renderProblems(problems: ResultsSummary['problems'], max = 10): string[] {
  const lines = problems.slice(0, max).map(renderProblem);
  if (problems.length > max) lines.push(`… and ${plural(problems.length - max, 'more problem')}`);
  return lines;
}

/** What each of XL TestView's own test tools reads, keyed in lower case. */
const TOOL_READS: Readonly<Record<string, string>> = {
  'xlt.junit': 'JUnit XML',
  'xlt.surefirejunit': 'JUnit XML',
  'xlt.karmaxunit': 'JUnit XML',
  'xlt.testngjunitreportreporter': 'JUnit XML',
  'xlt.trx': 'TRX',
  'xlt.cucumber': 'Cucumber JSON',
  'xlt.gatling': 'Gatling results',
  'xlt.fitnesse': 'FitNesse results under FitNesseRoot/',
  'xlt.jmetercsv': 'JMeter CSV',
  'xlt.jmeterxml': 'JMeter XML',
};

/** What the named test tool reads, in words; undefined for a tool not known here (custom). */
export function toolReadsWords(testTool: string): string | undefined {
  return TOOL_READS[testTool.toLowerCase()];
}
