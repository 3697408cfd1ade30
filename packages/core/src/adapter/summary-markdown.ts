/**
 * The Markdown summary of results (docs/ci-mapping.md "Summaries"): what CIs that render
 * Markdown (GitHub's step summary, Azure's build summary, Buildkite's annotations) show.
 * File names and messages come from users' disks and from parsers: every such text is escaped,
 * so a name holding `|`, `<`, a backtick or a newline shows as written and never as markup.
 */
import type { ResultFormat, ResultsSummary } from '@xltv/results';
import { stripCredentials } from '../secrets.js';
import type { SummaryContext } from './contract.js';
import { isAbsoluteHttpUrl } from './kit.js';

/** What {@link summaryMarkdown} renders. */
export interface SummaryInput {
  readonly results: ResultsSummary;
  /** The upload's outcome; absent when nothing was sent (an inspection, a dry run). */
  readonly outcome?: SummaryContext['outcome'];
}

/** Problems listed one by one; the rest are counted. */
export const SUMMARY_MAX_PROBLEMS = 20;
/** Longest message or file name shown, in characters; longer ones are cut with `…`. */
const MAX_TEXT = 300;

const FORMAT_NAMES: Readonly<Record<ResultFormat, string>> = {
  junit: 'JUnit XML',
  testng: 'TestNG',
  trx: 'TRX',
  nunit: 'NUnit 3',
  cucumber: 'Cucumber JSON',
  'jmeter-xml': 'JMeter XML',
  'jmeter-csv': 'JMeter CSV',
  gatling: 'Gatling',
  fitnesse: 'FitNesse',
};

const STATUS_WORDS: Readonly<Record<NonNullable<SummaryInput['outcome']>['status'], string>> = {
  imported: 'imported',
  'nothing-new': 'nothing new to import',
  failed: 'upload failed',
  spooled: 'kept in the spool directory for `xltv flush`',
};

/** The first `length` UTF-16 units of `value`, one less when that would split a surrogate pair. */
function cutAt(value: string, length: number): string {
  const code = value.charCodeAt(length - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/**
 * `value` as inline Markdown text that renders literally: line breaks and other control
 * characters become spaces, and every character with inline meaning (emphasis, code, links,
 * HTML, entities, table cells, strikethrough, math, autolinks, mentions) is backslash-escaped.
 */
export function escapeMarkdown(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const oneLine = value.replace(/\r\n|[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ');
  const cut = oneLine.length > MAX_TEXT ? `${cutAt(oneLine, MAX_TEXT)}…` : oneLine;
  // `:`, `@` and the dot of `www.` too: GitHub and GitLab would link URLs, addresses and mentions.
  return cut
    .replace(/[\\`*_{}[\]()<>&|~$!#:@]/g, (char) => `\\${char}`)
    .replace(/(www)\./gi, '$1\\.');
}

/** `ms` as people read it: `850 ms`, `3.2 s`, `2 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number): string {
  // The bounds are where rounding would give `1000 ms` or `60 s`.
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(Math.round(ms / 100) / 10).toString()} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The one-row counts table (Tests, Passed, Failed, Errors, Skipped, Flaky, Duration). */
export function resultsTable(results: ResultsSummary): string {
  const duration = results.durationMs === undefined ? '–' : formatDuration(results.durationMs);
  const cells = [
    results.tests,
    results.passed,
    results.failed,
    results.errors,
    results.skipped,
    results.flaky,
  ].map(String);
  return [
    '| Tests | Passed | Failed | Errors | Skipped | Flaky | Duration |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${[...cells, duration].join(' | ')} |`,
  ].join('\n');
}

function filesLine(results: ResultsSummary): string {
  const formats = Object.entries(results.formats)
    .filter((entry): entry is [ResultFormat, number] => (entry[1] ?? 0) > 0)
    .map(([format, count]) => `${FORMAT_NAMES[format] ?? escapeMarkdown(format)}: ${count}`);
  const files = `**Files:** ${results.files}`;
  return formats.length > 0 ? `${files} (${formats.join(', ')})` : files;
}

/** A link when the text is an http(s) URL; the destination is angle-bracketed and percent-safe. */
function urlText(url: string): string {
  const clean = stripCredentials(url);
  if (!isAbsoluteHttpUrl(clean)) return escapeMarkdown(clean);
  const destination = clean.replace(/[<>\s]/g, (char) => encodeURIComponent(char));
  return `[${escapeMarkdown(clean)}](<${destination}>)`;
}

function outcomeLines(outcome: NonNullable<SummaryInput['outcome']>): string[] {
  const lines = [`- **Status:** ${STATUS_WORDS[outcome.status] ?? escapeMarkdown(outcome.status)}`];
  // The product has no documented page per test run: the ids and the server are what we know.
  if (outcome.testRunIds.length > 0) {
    lines.push(`- **Test runs:** ${outcome.testRunIds.map(escapeMarkdown).join(', ')}`);
  }
  if (outcome.targetUrl !== undefined) lines.push(`- **Sent to:** ${urlText(outcome.targetUrl)}`);
  return lines;
}

function problemLines(results: ResultsSummary): string[] {
  const { problems } = results;
  if (problems.length === 0) return [];
  const lines = problems.slice(0, SUMMARY_MAX_PROBLEMS).map((problem) => {
    const where = [
      problem.line === undefined ? undefined : `line ${problem.line}`,
      problem.column === undefined ? undefined : `column ${problem.column}`,
    ].filter((part) => part !== undefined);
    const position = where.length > 0 ? ` (${where.join(', ')})` : '';
    return `- ${escapeMarkdown(problem.code)} in ${escapeMarkdown(problem.file)}${position}: ${escapeMarkdown(problem.message)}`;
  });
  const rest = problems.length - SUMMARY_MAX_PROBLEMS;
  if (rest > 0) lines.push(`- …and ${rest} more`);
  return ['', `### Problems (${problems.length})`, '', ...lines];
}

/** The summary as GitHub-flavoured Markdown, ending with a newline. */
export function summaryMarkdown(input: SummaryInput): string {
  const { results, outcome } = input;
  const heading = outcome ? '## XL TestView upload' : '## XL TestView: test results';
  const lines = [heading, '', resultsTable(results), '', filesLine(results)];
  if (outcome) lines.push('', ...outcomeLines(outcome));
  lines.push(...problemLines(results));
  return `${lines.join('\n')}\n`;
}
