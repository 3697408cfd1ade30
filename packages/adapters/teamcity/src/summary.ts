/**
 * TeamCity's `summarize` hook: service messages in the build log. The counts become build
 * statistics (`xltvTests`, `xltvPassed`, …; chartable and shown on the build's Parameters tab)
 * and each problem a warning message. Docs:
 * https://www.jetbrains.com/help/teamcity/service-messages.html
 */
import type { SummaryContext, SummaryResult } from '@xltv/core/adapter';

/** Problems reported as build log warnings; the rest are counted in one more message. */
export const MAX_MESSAGES = 10;

/**
 * A service message value: `|`, `'`, CR, LF, `[`, `]` and the Unicode line and paragraph
 * separators are escaped with TeamCity's `|` escapes.
 */
export function escapeServiceValue(value: string): string {
  const escapes: Readonly<Record<string, string>> = {
    '|': '||',
    "'": "|'",
    '\n': '|n',
    '\r': '|r',
    '[': '|[',
    ']': '|]',
    '\u0085': '|x',
    '\u2028': '|l',
    '\u2029': '|p',
  };
  return value.replace(/[|'\n\r[\]\u0085\u2028\u2029]/g, (char) => escapes[char] ?? char);
}

function message(text: string, status: 'NORMAL' | 'WARNING'): string {
  return `##teamcity[message text='${escapeServiceValue(text)}' status='${status}']`;
}

/** The service messages for `results`. */
export function serviceMessages(results: SummaryContext['results']): string[] {
  const statistics = {
    xltvTests: results.tests,
    xltvPassed: results.passed,
    xltvFailed: results.failed,
    xltvErrors: results.errors,
    xltvSkipped: results.skipped,
  };
  const lines = Object.entries(statistics).map(
    ([key, value]) => `##teamcity[buildStatisticValue key='${key}' value='${value}']`,
  );
  for (const problem of results.problems.slice(0, MAX_MESSAGES)) {
    const position = problem.line === undefined ? '' : `:${problem.line}`;
    lines.push(
      message(
        `XL TestView: ${problem.code} in ${problem.file}${position}: ${problem.message}`,
        'WARNING',
      ),
    );
  }
  const rest = results.problems.length - MAX_MESSAGES;
  if (rest > 0) lines.push(message(`XL TestView: …and ${rest} more problems`, 'WARNING'));
  return lines;
}

/** Print the statistics and warnings; TeamCity reads them from the log. */
export function summarizeForTeamCity(context: SummaryContext): Promise<SummaryResult> {
  return Promise.resolve({
    commands: serviceMessages(context.results),
    done: "the build's statistics show the results",
  });
}
