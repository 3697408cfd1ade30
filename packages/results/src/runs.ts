/**
 * The seed's rule, one build = one test run: results whose timestamps lie further apart than
 * one run's span, or before the build started, hold more than one run (docs/results.md "One
 * build, one run").
 */
import type { FileProblem, InspectedFile } from './summary.js';

/** Default longest span of one test run: six hours. */
export const DEFAULT_RUN_SPAN_MS = 6 * 60 * 60 * 1000;

export interface RunCheckOptions {
  /** When the build started, if known: results older than that are from an earlier build. */
  readonly buildStartedAt?: Date;
  /** Longest span of one run (default {@link DEFAULT_RUN_SPAN_MS}). */
  readonly runSpanMs?: number;
}

/** What {@link findManyRuns} found. */
export interface ManyRuns {
  /** The files that belong to an older run (oldest first), to warn about or leave out. */
  readonly staleFiles: readonly string[];
  /** One `MANY_RUNS` problem per stale file. */
  readonly problems: readonly FileProblem[];
}

/** The files that do not belong to the newest run; empty when all belong to one. */
export function findManyRuns(
  files: readonly InspectedFile[],
  options: RunCheckOptions = {},
): ManyRuns {
  void files;
  void options;
  return { staleFiles: [], problems: [] }; // being written
}
