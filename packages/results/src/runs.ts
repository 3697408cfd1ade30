/**
 * The seed's rule, one build = one test run: results whose timestamps lie further apart than
 * one run's span, or before the build started, hold more than one run (docs/results.md "One
 * build, one run").
 */
import type { FileProblem, InspectedFile } from './summary.js';

/**
 * Default longest span of one test run: six hours, the longest a job may run on the common
 * hosted CIs (GitHub Actions, Azure Pipelines), while results left in a workspace by an
 * earlier build are usually a day or more older.
 */
export const DEFAULT_RUN_SPAN_MS = 6 * 60 * 60 * 1000;

/** Clocks of the CI and of the machine that wrote the results may differ this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

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

interface Timed {
  readonly file: string;
  readonly earliest: number;
  readonly latest: number;
}

/**
 * The files that do not belong to the newest run; empty when all belong to one. The newest
 * run ends at the latest timestamp of all files and takes in every file that ends at most
 * `runSpanMs` before it; a file that ended earlier, or before the build started, is stale. A
 * file without timestamps is never stale.
 */
export function findManyRuns(
  files: readonly InspectedFile[],
  options: RunCheckOptions = {},
): ManyRuns {
  const spanMs = options.runSpanMs ?? DEFAULT_RUN_SPAN_MS;
  const timed = files.flatMap(timesOf);
  if (timed.length === 0) return { staleFiles: [], problems: [] };

  // Folded, not spread: a spread of many thousand files would overflow the call stack.
  const end = timed.reduce((max, file) => Math.max(max, file.latest), -Infinity);
  const lowest = end - spanMs;
  const runStart = timed.reduce(
    (min, file) => (file.latest >= lowest ? Math.min(min, file.earliest) : min),
    end,
  );
  const newestStart = Math.max(lowest, runStart);
  const built = options.buildStartedAt?.getTime();
  const buildStart = built === undefined ? undefined : built - CLOCK_SKEW_MS;

  const stale = timed
    .filter(
      (file) => file.latest < newestStart || (buildStart !== undefined && file.latest < buildStart),
    )
    .sort((a, b) => a.latest - b.latest || a.file.localeCompare(b.file));
  return {
    staleFiles: stale.map((file) => file.file),
    problems: stale.map((file) => ({
      file: file.file,
      code: 'MANY_RUNS',
      message:
        file.latest < newestStart || built === undefined
          ? `results of ${iso(file.latest)}, from a run before the newest one, which started at ${iso(newestStart)}`
          : `results of ${iso(file.latest)}, from before this build started at ${iso(built)} (the newest run started at ${iso(newestStart)})`,
    })),
  };
}

function timesOf({ file, results }: InspectedFile): Timed[] {
  const earliest = results.earliest ?? results.latest;
  const latest = results.latest ?? results.earliest;
  if (!earliest || !latest) return [];
  const [from, to] = [earliest.getTime(), latest.getTime()];
  return Number.isNaN(from) || Number.isNaN(to) ? [] : [{ file, earliest: from, latest: to }];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
