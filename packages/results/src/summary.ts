/**
 * The results of many files as one summary: the receipt's `results` object (docs/cli.md
 * "Machine-readable output").
 */
import type { FileResults, ProblemCode, ResultFormat } from './types.js';

/** A problem of one file, for the summary. */
export interface FileProblem {
  /** The file's name in the zip (relative, `/`-separated). */
  readonly file: string;
  readonly code: ProblemCode | 'TOOL_MISMATCH' | 'MANY_RUNS';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  /** Of a `TOOL_MISMATCH`: the file's format and the tool that does not read it. */
  readonly format?: ResultFormat;
  readonly testTool?: string;
}

/** The results of a set of files. */
export interface ResultsSummary {
  readonly files: number;
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  readonly flaky: number;
  /** Sum of the files' durations (absent when no file gives one). */
  readonly durationMs?: number;
  /** Number of files of each format found. */
  readonly formats: Readonly<Partial<Record<ResultFormat, number>>>;
  readonly problems: readonly FileProblem[];
}

/** One file and what it holds. */
export interface InspectedFile {
  readonly file: string;
  readonly results: FileResults;
}

/** Add up `files`; `extra` problems (a tool mismatch, many runs) are appended as given. */
export function summarize(
  files: readonly InspectedFile[],
  extra: readonly FileProblem[] = [],
): ResultsSummary {
  let tests = 0;
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let skipped = 0;
  let flaky = 0;
  let durationMs: number | undefined;
  const formats: Partial<Record<ResultFormat, number>> = {};
  const problems: FileProblem[] = [];
  for (const { file, results } of files) {
    tests += results.tests;
    passed += results.passed;
    failed += results.failed;
    errors += results.errors;
    skipped += results.skipped;
    flaky += results.flaky;
    if (results.durationMs !== undefined) durationMs = (durationMs ?? 0) + results.durationMs;
    if (results.format) formats[results.format] = (formats[results.format] ?? 0) + 1;
    for (const problem of results.problems) problems.push({ file, ...problem });
  }
  problems.push(...extra);
  return {
    files: files.length,
    tests,
    passed,
    failed,
    errors,
    skipped,
    flaky,
    ...(durationMs === undefined ? {} : { durationMs }),
    formats,
    problems,
  };
}
