/**
 * What reading one result file tells (docs/results.md). Counts follow the table there: one
 * test is one executed or skipped test case, and `passed + failed + errors + skipped = tests`.
 */

/** A format the product parses. */
export type ResultFormat =
  | 'junit'
  | 'testng'
  | 'trx'
  | 'nunit'
  | 'cucumber'
  | 'jmeter-xml'
  | 'jmeter-csv'
  | 'gatling'
  | 'fitnesse';

/**
 * Why a file could not be read (fully):
 * - `MALFORMED`: not well-formed (XML, JSON, CSV, log records), with the position;
 * - `TRUNCATED`: it ends early (end of file inside an element, an array, a record);
 * - `EMPTY`: well-formed but holds no test (or no bytes at all);
 * - `UNKNOWN_FORMAT`: none of the formats above;
 * - `LIMIT`: a bound was hit (nesting depth, the size of one token); the rest was not read;
 * - `COUNT_MISMATCH`: a total the file states (`tests=`, `failures=`) differs from its cases.
 */
export type ProblemCode =
  'MALFORMED' | 'TRUNCATED' | 'EMPTY' | 'UNKNOWN_FORMAT' | 'LIMIT' | 'COUNT_MISMATCH';

/** A problem found in a file. Lines and columns count from 1. */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** What a file holds. */
export interface FileResults {
  /** The format recognised; undefined when none was (see `problems`). */
  readonly format: ResultFormat | undefined;
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  /** Tests that failed and then passed on a rerun (counted as passed), where the format tells. */
  readonly flaky: number;
  /** Sum of the tests' (or samples') durations, when the file gives them. */
  readonly durationMs: number | undefined;
  /** Earliest and latest timestamp found in the file (suite starts, sample times…). */
  readonly earliest: Date | undefined;
  readonly latest: Date | undefined;
  readonly problems: readonly Problem[];
}

/** Bounds and context of one inspection. */
export interface InspectOptions {
  /**
   * The file's modification time: the timestamp of formats that have none of their own
   * (Cucumber JSON).
   */
  readonly mtime?: Date;
  /** Deepest element or array nesting read (default {@link DEFAULT_LIMITS}.maxDepth). */
  readonly maxDepth?: number;
  /**
   * Largest single token (a text node, an attribute value, a JSON string, a CSV line) kept in
   * memory, in bytes (default {@link DEFAULT_LIMITS}.maxTokenBytes).
   */
  readonly maxTokenBytes?: number;
}

/** The default bounds. */
export const DEFAULT_LIMITS = { maxDepth: 256, maxTokenBytes: 16 * 1024 * 1024 } as const;

/**
 * An inspection fed chunk by chunk: the bytes of one file, in order. `end()` returns what the
 * file holds; an inspector never throws on bad input (a problem says what was wrong).
 */
export interface Inspector {
  write(chunk: Uint8Array): void;
  end(): FileResults;
}
