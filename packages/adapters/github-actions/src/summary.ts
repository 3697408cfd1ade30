/**
 * GitHub Actions' `summarize` hook: the Markdown summary appended to the step summary file
 * (`GITHUB_STEP_SUMMARY`), and one `::warning` workflow command per problem so that the run's
 * annotations list them, on the file when it is in the checkout (`GITHUB_WORKSPACE`).
 * Docs: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
import { realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/**
 * Where GitHub finds a problem's file: its path in the checkout, `/`-separated. `file` is
 * relative to `baseDir`. Without a workspace `file` as it is; undefined when the file is
 * outside the workspace (GitHub can show it on no file).
 */
export function workspacePath(
  file: string,
  baseDir: string,
  workspace: string | undefined,
): string | undefined {
  if (workspace === undefined || workspace.trim() === '') return file;
  const relative = path.relative(path.resolve(workspace), path.resolve(baseDir, file));
  const outside =
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative);
  return outside ? undefined : relative.split(path.sep).join('/');
}

/** A problem's file → its path for `file=`; undefined when GitHub can show it on no file. */
export type Locate = (file: string) => string | undefined;

/**
 * {@link workspacePath} for the files of `baseDir`. The base directory is often a real path
 * (the working directory) while the workspace names a link to it, or the other way round:
 * real paths are compared too when the paths as given do not match.
 */
async function locator(baseDir: string, workspace: string | undefined): Promise<Locate> {
  if (workspace === undefined || workspace.trim() === '') return (file) => file;
  const real = await Promise.all([realpath(baseDir), realpath(workspace)]).catch(() => undefined);
  return (file) =>
    workspacePath(file, baseDir, workspace) ??
    (real ? workspacePath(file, real[0], real[1]) : undefined);
}

/**
 * `::warning file=…,line=…,col=…,title=XL TestView: CODE::message` for the first
 * {@link MAX_ANNOTATIONS} problems. A file `locate` finds no path for is outside the
 * checkout: the annotation has no `file`, `line` or `col`, and its message starts with the
 * file's absolute path (`path:line:col: `).
 */
export function warningCommands(
  results: SummaryContext['results'],
  baseDir: string,
  locate: Locate,
): string[] {
  return results.problems.slice(0, MAX_ANNOTATIONS).map((problem) => {
    const title = `title=${escapeProperty(`XL TestView: ${problem.code}`)}`;
    const file = locate(problem.file);
    if (file === undefined) {
      const where = [path.resolve(baseDir, problem.file), problem.line, problem.column]
        .filter((part) => part !== undefined)
        .join(':');
      return `::warning ${title}::${escapeData(`${where}: ${problem.message}`)}`;
    }
    const properties = [
      `file=${escapeProperty(file)}`,
      ...(problem.line === undefined ? [] : [`line=${problem.line}`]),
      ...(problem.column === undefined ? [] : [`col=${problem.column}`]),
      title,
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
  const locate = await locator(context.baseDir, context.env['GITHUB_WORKSPACE']);
  const commands = warningCommands(context.results, context.baseDir, locate);
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
