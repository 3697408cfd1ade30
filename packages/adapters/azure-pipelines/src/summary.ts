/**
 * Azure Pipelines' `summarize` hook: the Markdown summary written to a file in the agent's
 * temp directory and attached to the run's summary page with `##vso[task.uploadsummary]`, and
 * one `##vso[task.logissue]` warning per problem. Docs:
 * https://learn.microsoft.com/en-us/azure/devops/pipelines/scripts/logging-commands
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SummaryContext, SummaryResult, XltvWarning } from '@xltv/core/adapter';

/** Problems logged as issues, to keep the log short: the summary lists more. */
export const MAX_ISSUES = 10;

/**
 * A logging command's value or message, as the agent decodes it: `%` (as `%AZP25`), `;`, CR,
 * LF and `]` are encoded, so a value can neither end the command nor start another property.
 */
export function escapeLogging(value: string): string {
  return value
    .replace(/%/g, '%AZP25')
    .replace(/;/g, '%3B')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/]/g, '%5D');
}

/** `##vso[task.logissue type=warning;sourcepath=…;linenumber=…;columnnumber=…]CODE: message`. */
export function issueCommands(results: SummaryContext['results']): string[] {
  return results.problems.slice(0, MAX_ISSUES).map((problem) => {
    const properties = [
      'type=warning',
      `sourcepath=${escapeLogging(problem.file)}`,
      ...(problem.line === undefined ? [] : [`linenumber=${problem.line}`]),
      ...(problem.column === undefined ? [] : [`columnnumber=${problem.column}`]),
      `code=${escapeLogging(problem.code)}`,
    ];
    return `##vso[task.logissue ${properties.join(';')}]${escapeLogging(`${problem.code}: ${problem.message}`)}`;
  });
}

function skipped(reason: string, message: string): XltvWarning {
  return {
    code: 'SUMMARY_FAILED',
    message: `Azure Pipelines summary not attached: ${message}`,
    details: { ci: 'azure-pipelines', reason },
  };
}

/** Write the summary file (one per call: each upload adds its own section) and log the issues. */
export async function summarizeForAzure(context: SummaryContext): Promise<SummaryResult> {
  const issues = issueCommands(context.results);
  const dir = context.env['AGENT_TEMPDIRECTORY']?.trim() || tmpdir();
  const file = join(dir, `xltv-summary-${randomUUID()}.md`);
  try {
    // The agent reads the file when the job ends: it must outlive this process.
    await writeFile(file, context.markdown, { flag: 'wx', signal: context.signal });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { commands: issues, warnings: [skipped('write-failed', reason)] };
  }
  return {
    commands: [`##vso[task.uploadsummary]${escapeLogging(file)}`, ...issues],
    done: "the run's summary page shows the results",
  };
}
