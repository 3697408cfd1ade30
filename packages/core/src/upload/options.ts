/**
 * The options of `upload` (one field per option of `xltv upload`, see docs/cli.md "Options of
 * upload"), checked together before anything is read or sent.
 */
import { DEFAULT_RUN_SPAN_MS } from '@xltv/results';
import { checkConnection, type CheckedConnection, type ConnectionOptions } from '../connection.js';
import {
  booleanOption,
  invalidOption,
  numberOption,
  stringOption,
  stringsOption,
} from '../option-checks.js';
import { DEFAULT_ZIP_LEVEL } from '../zip.js';
import type { UploadEvent } from './events.js';
import type { SpoolSettings } from './spool.js';
import {
  checkMetadataOptions,
  type CheckedMetadataOptions,
  type MetadataOptions,
} from './ci-metadata.js';

/** Options of `upload`. */
export interface UploadOptions extends ConnectionOptions, MetadataOptions {
  /** The test specification to import into (its id). */
  readonly testSpec?: string;
  /** Its project's id; with it the public v1 endpoint is used. */
  readonly project?: string;
  /** Find the test specification by title, in `project` or `projectTitle`. */
  readonly testSpecTitle?: string;
  /** Find the project by title. */
  readonly projectTitle?: string;
  /** Create the project and test specification found by title when they are missing. */
  readonly createMissing?: boolean;
  /** The test tool of a test specification to create, e.g. `xlt.JUnit`. */
  readonly testTool?: string;
  /** Globs of the files to upload (each may be a comma list); none: the test specification's default. */
  readonly include?: readonly string[];
  /** Globs of files to leave out. */
  readonly exclude?: readonly string[];
  /** The root of the zip's paths (default: the working directory). */
  readonly baseDir?: string;
  /** Upload even when no file matches. */
  readonly allowEmpty?: boolean;
  /**
   * Leave out files older than the build's start (when the CI tells it), and the files whose
   * results belong to an earlier run than the newest (see `runSpanMs`).
   */
  readonly freshOnly?: boolean;
  /** Read the files' results into the receipt, warnings and summaries (default true). */
  readonly results?: boolean;
  /**
   * Refuse to send files that are malformed, truncated, not read by the test specification's
   * tool, or of an older run: `RESULTS_REFUSED`, and nothing is sent.
   */
  readonly strictResults?: boolean;
  /** The longest one test run may span, in ms (default six hours): older results are another run. */
  readonly runSpanMs?: number;
  /** Let the CI adapter show the results where the CI shows them (default true). */
  readonly summary?: boolean;
  /** Write the results as Markdown to this file (replacing it). */
  readonly summaryFile?: string;
  /** Refuse a selection of more files than this (`TOO_MANY_FILES`); 0: no limit. */
  readonly maxFiles?: number;
  /** Refuse a selection of more bytes than this (`TOO_LARGE`); 0: no limit. */
  readonly maxBytes?: number;
  /** Zip while sending (chunked) instead of zipping to a temporary file first. */
  readonly stream?: boolean;
  /** Deflate level 0–9 (default 1). */
  readonly level?: number;
  /** Do everything but send. */
  readonly dryRun?: boolean;
  /** Write the exact request body to this file. */
  readonly saveRequest?: string;
  /**
   * Keep an upload that failed for a transient reason (network, timeout, 429, 5xx) after its
   * retries in this directory, for `flush`; the upload then resolves as `spooled`.
   */
  readonly spoolDir?: string;
  /** The most bytes the spool directory may hold; the oldest uploads are dropped past it. */
  readonly spoolMaxBytes?: number;
  /** Resolve with a `failed` receipt instead of rejecting (an abort still rejects). */
  readonly softFail?: boolean;
  /** Called with each milestone, progress step and warning. */
  readonly onEvent?: (event: UploadEvent) => void;
}

/** The default of `maxFiles`: far more than any test run writes (docs/cli.md). */
export const DEFAULT_MAX_FILES = 100_000;
/** The default of `maxBytes` (docs/cli.md). */
export const DEFAULT_MAX_BYTES = 10 * 1024 ** 3;
const SIZE_RANGE = { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };

/** What is done with the files' results. */
export interface ResultsSettings {
  /** Read them at all. */
  readonly read: boolean;
  readonly strict: boolean;
  readonly runSpanMs: number;
  /** Call the adapter's `summarize`. */
  readonly summary: boolean;
  readonly summaryFile: string | undefined;
}

/** The target as given: ids, or titles to look up. */
export interface TargetOptions {
  readonly testSpec: string | undefined;
  readonly project: string | undefined;
  readonly testSpecTitle: string | undefined;
  readonly projectTitle: string | undefined;
  readonly createMissing: boolean;
  readonly testTool: string | undefined;
}

/** {@link UploadOptions}, checked, with defaults. */
export interface CheckedUpload {
  readonly connection: CheckedConnection;
  readonly metadata: CheckedMetadataOptions;
  readonly target: TargetOptions;
  readonly files: {
    readonly include: readonly string[];
    readonly exclude: readonly string[];
    readonly baseDir: string | undefined;
    readonly allowEmpty: boolean;
    readonly freshOnly: boolean;
    readonly maxFiles: number;
    readonly maxBytes: number;
  };
  readonly results: ResultsSettings;
  readonly stream: boolean;
  readonly level: number;
  readonly dryRun: boolean;
  readonly saveRequest: string | undefined;
  readonly spool: SpoolSettings | undefined;
  readonly softFail: boolean;
  readonly onEvent: (event: UploadEvent) => void;
}

/**
 * Check every option.
 * @throws {XltvError} `INVALID_OPTION` (details `{ option, rule, … }`), `INVALID_URL`, `UNKNOWN_CI`
 */
export function checkUploadOptions(options: UploadOptions): CheckedUpload {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'type', { type: 'object' });
  }
  const connection = checkConnection(options);
  const metadata = checkMetadataOptions(options);
  const dryRun = booleanOption('dryRun', options.dryRun);
  const target = checkTarget(options, dryRun);
  const include = stringsOption('include', options.include);
  if (connection.url === undefined && (!dryRun || include.length === 0 || target.testSpecTitle)) {
    throw invalidOption('url', 'missing');
  }
  const onEvent = options.onEvent ?? (() => undefined);
  if (typeof onEvent !== 'function') throw invalidOption('onEvent', 'type', { type: 'function' });
  return {
    connection,
    metadata,
    target,
    files: {
      include,
      exclude: stringsOption('exclude', options.exclude),
      baseDir: stringOption('baseDir', options.baseDir),
      allowEmpty: booleanOption('allowEmpty', options.allowEmpty),
      freshOnly: booleanOption('freshOnly', options.freshOnly),
      maxFiles: numberOption('maxFiles', options.maxFiles, SIZE_RANGE, DEFAULT_MAX_FILES),
      maxBytes: numberOption('maxBytes', options.maxBytes, SIZE_RANGE, DEFAULT_MAX_BYTES),
    },
    results: checkResults(options),
    stream: booleanOption('stream', options.stream),
    level: numberOption(
      'level',
      options.level,
      { min: 0, max: 9, integer: true },
      DEFAULT_ZIP_LEVEL,
    ),
    dryRun,
    saveRequest: stringOption('saveRequest', options.saveRequest),
    spool: checkSpool(options),
    softFail: booleanOption('softFail', options.softFail),
    onEvent,
  };
}

/**
 * The results options, shared with `inspect`. Strict needs the results, so it conflicts with
 * not reading them; with `stream` the files are read before sending instead of while zipping.
 */
export function checkResults(options: {
  readonly results?: boolean;
  readonly strictResults?: boolean;
  readonly runSpanMs?: number;
  readonly summary?: boolean;
  readonly summaryFile?: string;
}): ResultsSettings {
  const read = options.results === undefined || booleanOption('results', options.results);
  const strict = booleanOption('strictResults', options.strictResults);
  if (strict && !read) {
    throw invalidOption('strictResults', 'conflict', { with: 'results' });
  }
  const summaryFile = stringOption('summaryFile', options.summaryFile);
  // Without the results there is nothing to write: say so rather than leave the file out.
  if (summaryFile !== undefined && !read) {
    throw invalidOption('summaryFile', 'conflict', { with: 'results' });
  }
  return {
    read,
    strict,
    runSpanMs: numberOption(
      'runSpanMs',
      options.runSpanMs,
      { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
      DEFAULT_RUN_SPAN_MS,
    ),
    summary: options.summary === undefined || booleanOption('summary', options.summary),
    summaryFile,
  };
}

function checkSpool(options: UploadOptions): SpoolSettings | undefined {
  const dir = stringOption('spoolDir', options.spoolDir);
  const maxBytes =
    options.spoolMaxBytes === undefined
      ? undefined
      : numberOption(
          'spoolMaxBytes',
          options.spoolMaxBytes,
          { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
          0,
        );
  if (dir === undefined) {
    if (maxBytes !== undefined)
      throw invalidOption('spoolMaxBytes', 'requires', { requires: ['spoolDir'] });
    return undefined;
  }
  return { dir, maxBytes };
}

function checkTarget(options: UploadOptions, dryRun: boolean): TargetOptions {
  const testSpec = stringOption('testSpec', options.testSpec);
  const project = stringOption('project', options.project);
  const testSpecTitle = stringOption('testSpecTitle', options.testSpecTitle);
  const projectTitle = stringOption('projectTitle', options.projectTitle);
  const testTool = stringOption('testTool', options.testTool);
  const createMissing = booleanOption('createMissing', options.createMissing);
  if (testSpec !== undefined && testSpecTitle !== undefined) {
    throw invalidOption('testSpecTitle', 'conflict', { value: testSpecTitle, with: 'testSpec' });
  }
  if (project !== undefined && projectTitle !== undefined) {
    throw invalidOption('projectTitle', 'conflict', { value: projectTitle, with: 'project' });
  }
  if (testSpecTitle !== undefined && project === undefined && projectTitle === undefined) {
    throw invalidOption('testSpecTitle', 'requires', {
      value: testSpecTitle,
      requires: ['project', 'projectTitle'],
    });
  }
  if (testSpec === undefined && testSpecTitle === undefined && !dryRun) {
    throw invalidOption('testSpec', 'missing');
  }
  if (createMissing && testSpecTitle !== undefined && testTool === undefined) {
    throw invalidOption('testTool', 'missing', { when: 'createMissing' });
  }
  return { testSpec, project, testSpecTitle, projectTitle, createMissing, testTool };
}
