/**
 * What the selected files hold, beyond each file alone: the files the test specification's
 * tool will not read, the files of an older run than the newest, the summary, its warnings
 * (one per problem code, not one per file: a run may have thousands of files) and the strict
 * check that refuses to send files with problems.
 */
import {
  findManyRuns,
  summarize,
  toolReads,
  type FileProblem,
  type FileResults,
  type InspectedFile,
  type ResultsSummary,
} from '@xltv/results';
import { XltvError, type XltvWarning } from '../errors.js';
import type { SelectedFile } from '../files.js';
import type { ResultsEvent, WarningEvent } from './events.js';

/** Files named in a warning's details: the full list is in the summary's problems. */
const WARNING_EXAMPLES = 5;

/** The problems `strictResults` refuses: the file cannot be read, or does not belong. */
export const REFUSED_PROBLEMS: ReadonlySet<FileProblem['code']> = new Set([
  'MALFORMED',
  'TRUNCATED',
  'TOOL_MISMATCH',
  'MANY_RUNS',
]);

/**
 * The results of the files a zip reads, by index into its `files`, as the zip's `onInspected`
 * reports them (in any order; a streamed body may report a file again on a retry).
 */
export class Inspection {
  readonly #files: readonly SelectedFile[];
  readonly #results: (FileResults | undefined)[];

  constructor(files: readonly SelectedFile[]) {
    this.#files = files;
    this.#results = new Array<FileResults | undefined>(files.length);
  }

  /** The zip's `onInspected`. */
  readonly onInspected = (index: number, results: FileResults): void => {
    this.#results[index] = results;
  };

  /** Every file reported so far, in the order of the files. */
  inspected(): InspectedFile[] {
    const inspected: InspectedFile[] = [];
    this.#results.forEach((results, index) => {
      if (results) inspected.push({ file: this.#files[index]!.name, results });
    });
    return inspected;
  }
}

/** What the results are checked against. */
export interface ResultsContext {
  /** The test specification's tool, e.g. `xlt.JUnit`, when known. */
  readonly testTool: string | undefined;
  /** When the build started, when the CI tells. */
  readonly buildStartedAt: Date | undefined;
  /** The longest span of one test run. */
  readonly runSpanMs: number;
}

/** The files' results with the problems found across them. */
export interface ReadResults {
  readonly inspected: readonly InspectedFile[];
  /** `TOOL_MISMATCH` and `MANY_RUNS`. */
  readonly problems: readonly FileProblem[];
  /** The files of an older run than the newest (oldest first). */
  readonly staleFiles: readonly string[];
}

/** Check the files against the tool and the run. */
export function readResults(
  inspected: readonly InspectedFile[],
  context: ResultsContext,
): ReadResults {
  const mismatches =
    context.testTool === undefined ? [] : toolMismatches(inspected, context.testTool);
  const runs = findManyRuns(inspected, {
    runSpanMs: context.runSpanMs,
    ...(context.buildStartedAt ? { buildStartedAt: context.buildStartedAt } : {}),
  });
  return {
    inspected,
    problems: [...mismatches, ...runs.problems],
    staleFiles: runs.staleFiles,
  };
}

/**
 * One problem per file of a known format the tool does not read (a file of no known format
 * has its own problem already; a tool this library does not know is not second-guessed).
 */
function toolMismatches(inspected: readonly InspectedFile[], testTool: string): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const { file, results } of inspected) {
    if (results.format === undefined || toolReads(testTool, results.format, file) !== false) {
      continue;
    }
    problems.push({
      file,
      code: 'TOOL_MISMATCH',
      message: `${testTool} does not read ${results.format} files`,
      format: results.format,
      testTool,
    });
  }
  return problems;
}

/** `read` without the files named in `names` (left out of the upload). */
export function withoutFiles(read: ReadResults, names: ReadonlySet<string>): ReadResults {
  return {
    inspected: read.inspected.filter((entry) => !names.has(entry.file)),
    problems: read.problems.filter((problem) => !names.has(problem.file)),
    staleFiles: read.staleFiles.filter((file) => !names.has(file)),
  };
}

/** The summary of `read`. */
export function summaryOf(read: ReadResults): ResultsSummary {
  return summarize(read.inspected, read.problems);
}

/**
 * One warning per problem code (`RESULTS_<code>`, details `{ code, count, files }`: the
 * number of files with it and the first few of them), in the order the codes first appear.
 */
export function resultsWarnings(summary: ResultsSummary): XltvWarning[] {
  const byCode = new Map<string, FileProblem[]>();
  for (const problem of summary.problems) {
    byCode.set(problem.code, [...(byCode.get(problem.code) ?? []), problem]);
  }
  return [...byCode].map(([code, problems]) => {
    const files = [...new Set(problems.map((problem) => problem.file))];
    return {
      code: `RESULTS_${code}`,
      message: `${files.length} file(s) with ${code}`,
      details: {
        code,
        count: files.length,
        files: files.slice(0, WARNING_EXAMPLES),
        ...(code === 'TOOL_MISMATCH' ? mismatchDetails(problems) : {}),
      },
    };
  });
}

/** The tool, and the files' format when they share one, for the words of a mismatch. */
function mismatchDetails(problems: readonly FileProblem[]): Record<string, string> {
  const formats = new Set(problems.map((problem) => problem.format));
  const [format] = formats;
  const testTool = problems[0]?.testTool;
  return {
    ...(formats.size === 1 && format ? { format } : {}),
    ...(testTool ? { testTool } : {}),
  };
}

/** Tell the summary: its warnings, then the results event. */
export function reportResults(
  summary: ResultsSummary,
  emit: (event: WarningEvent | ResultsEvent) => void,
): void {
  for (const warning of resultsWarnings(summary)) emit({ type: 'warning', warning });
  emit({ type: 'results', results: summary });
}

/**
 * The warning for the files `freshOnly` left out because they belong to an older run;
 * `files` lists them all (they are in no summary).
 */
export function staleLeftOut(files: readonly string[]): XltvWarning {
  return {
    code: 'STALE_RESULTS_LEFT_OUT',
    message: `${files.length} file(s) of an older run were left out`,
    details: { code: 'MANY_RUNS', count: files.length, files },
  };
}

/**
 * With `strictResults`: refuse a summary with a problem of {@link REFUSED_PROBLEMS}.
 * @throws {XltvError} `RESULTS_REFUSED` with details `{ problems }` (those problems)
 */
export function refuseProblems(summary: ResultsSummary): void {
  const problems = summary.problems.filter((problem) => REFUSED_PROBLEMS.has(problem.code));
  if (problems.length === 0) return;
  throw new XltvError('RESULTS_REFUSED', `${problems.length} problem(s) in the result files`, {
    problems,
  });
}
