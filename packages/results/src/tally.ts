/**
 * Counts as a reader finds them, turned into {@link FileResults} at the end. Every format
 * reader fills one tally, so the arithmetic (`passed` is what is left) lives here only.
 */
import type { FileResults, Problem, ResultFormat } from './types.js';

export class Tally {
  format: ResultFormat | undefined;
  tests = 0;
  failed = 0;
  errors = 0;
  skipped = 0;
  flaky = 0;
  durationMs: number | undefined;
  earliest: Date | undefined;
  latest: Date | undefined;
  readonly problems: Problem[] = [];

  constructor(format?: ResultFormat) {
    this.format = format;
  }

  /** Add a duration in milliseconds (ignores what is not a finite, non-negative number). */
  addDuration(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.durationMs = (this.durationMs ?? 0) + ms;
  }

  /** Note a timestamp (ignores invalid dates). */
  addTime(time: Date | number | undefined): void {
    if (time === undefined) return;
    const date = typeof time === 'number' ? new Date(time) : time;
    if (Number.isNaN(date.getTime())) return;
    if (!this.earliest || date < this.earliest) this.earliest = date;
    if (!this.latest || date > this.latest) this.latest = date;
  }

  problem(problem: Problem): void {
    this.problems.push(problem);
  }

  /** The results; `EMPTY` is added when a recognised file holds no test and no other problem. */
  results(): FileResults {
    if (this.tests === 0 && this.problems.length === 0) {
      this.problems.push({ code: 'EMPTY', message: 'no test in the file' });
    }
    return {
      format: this.format,
      tests: this.tests,
      passed: Math.max(0, this.tests - this.failed - this.errors - this.skipped),
      failed: this.failed,
      errors: this.errors,
      skipped: this.skipped,
      flaky: this.flaky,
      durationMs: this.durationMs === undefined ? undefined : Math.round(this.durationMs),
      earliest: this.earliest,
      latest: this.latest,
      problems: this.problems,
    };
  }
}
