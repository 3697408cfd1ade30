/**
 * GitHub Actions' `summarize` hook: the Markdown summary appended to the step summary file
 * (`GITHUB_STEP_SUMMARY`), and one `::warning` workflow command per problem so that the run's
 * annotations list them. Docs: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
import { writeFile } from 'node:fs/promises';
import type { SummaryContext, SummaryResult, XltvWarning } from '@xltv/core/adapter';

/** GitHub shows at most 10 warning annotations per step: more would be dropped. */
export const MAX_ANNOTATIONS = 10;

/** A workflow command's message: `%`, CR and LF are percent-encoded. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as {@link escapeData}, plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::warning file=…,line=…,col=…::CODE: message` for the first {@link MAX_ANNOTATIONS} problems. */
export function warningCommands(results: SummaryContext['results']): string[] {
  return results.problems.slice(0, MAX_ANNOTATIONS).map((problem) => {
    const properties = [
      `file=${escapeProperty(problem.file)}`,
      ...(problem.line === undefined ? [] : [`line=${problem.line}`]),
      ...(problem.column === undefined ? [] : [`col=${problem.column}`]),
      `title=${escapeProperty(`XL TestView: ${problem.code}`)}`,
    ];
    return `::warning ${properties.join(',')}::${escapeData(problem.message)}`;
  });
}

function skipped(reason: string, message: string): XltvWarning {
  return {
    code: 'SUMMARY_FAILED',
    message: `GitHub step summary not written: ${message}`,
    details: { ci: 'github-actions', reason },
  };
}

/** Append the summary to the step summary file (when the runner names one) and annotate problems. */
export async function summarizeForGitHub(context: SummaryContext): Promise<SummaryResult> {
  const commands = warningCommands(context.results);
  const file = context.env['GITHUB_STEP_SUMMARY'];
  // Runners since 2022 always set it; without it there is nowhere to write.
  if (file === undefined || file.trim() === '') return { commands };
  try {
    await writeFile(file, context.markdown, { flag: 'a', signal: context.signal });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { commands, warnings: [skipped('write-failed', reason)] };
  }
  return { commands, done: 'the step summary shows the results' };
}
