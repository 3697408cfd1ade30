/**
 * The use case of `xltv inspect`: select the result files as an upload would, read them, and
 * tell what they hold, with the same checks, warnings and summaries; nothing is sent and no
 * server is needed.
 */
import type { ResultsSummary } from '@xltv/results';
import type { CiAdapter, Env } from './adapter/contract.js';
import { chooseAdapter } from './adapter/run.js';
import type { XltvWarning } from './errors.js';
import { selectFiles, type SelectedFile } from './files.js';
import {
  booleanOption,
  invalidOption,
  numberOption,
  stringOption,
  stringsOption,
} from './option-checks.js';
import type {
  CiCommandsEvent,
  CiDoneEvent,
  FilesEvent,
  ResultsEvent,
  WarningEvent,
} from './upload/events.js';
import { checkResults, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES } from './upload/options.js';
import { readFiles } from './upload/read-files.js';
import { readResults, refuseProblems, reportResults, summaryOf } from './upload/results.js';
import { showSummary } from './upload/summary.js';

/** Options of {@link inspect}: the selection and results options of `upload`. */
export interface InspectOptions {
  /** Globs of the files to read (each may be a comma list); at least one. */
  readonly include: readonly string[];
  /** Globs of files to leave out. */
  readonly exclude?: readonly string[];
  /** The root of the files' names (default: the working directory). */
  readonly baseDir?: string;
  /** Resolve even when no file matches. */
  readonly allowEmpty?: boolean;
  /** Refuse a selection of more files than this (`TOO_MANY_FILES`); 0: no limit. */
  readonly maxFiles?: number;
  /** Refuse a selection of more bytes than this (`TOO_LARGE`); 0: no limit. */
  readonly maxBytes?: number;
  /**
   * Reject with `RESULTS_REFUSED` when a file is malformed, truncated, not read by `testTool`,
   * or of an older run.
   */
  readonly strictResults?: boolean;
  /** The longest one test run may span, in ms (default six hours). */
  readonly runSpanMs?: number;
  /** The test tool the files are meant for, e.g. `xlt.JUnit`: files it does not read are `TOOL_MISMATCH`. */
  readonly testTool?: string;
  /** The CI adapter (its `buildStartedAt` and its `summarize`), or the id of one of `adapters`, or `none`. */
  readonly adapter?: CiAdapter | string;
  /** Adapters to detect the CI among when `adapter` is not given. */
  readonly adapters?: readonly CiAdapter[];
  /** The CI's environment (default: none). */
  readonly env?: Env;
  /** Switches for the adapter, given to its `summarize`. */
  readonly adapterOptions?: Readonly<Record<string, unknown>>;
  /** Let the CI adapter show the results where the CI shows them (default true). */
  readonly summary?: boolean;
  /** Write the results as Markdown to this file (replacing it). */
  readonly summaryFile?: string;
  /** Stops the reading: `ABORTED`. */
  readonly signal?: AbortSignal;
  /** Called with each milestone and warning. */
  readonly onEvent?: (event: InspectEvent) => void;
}

/** What {@link inspect} tells while it runs, in order: the files, warnings, the results, the CI's summary. */
export type InspectEvent = WarningEvent | FilesEvent | ResultsEvent | CiCommandsEvent | CiDoneEvent;

/** What {@link inspect} found. */
export interface InspectReport {
  /** The files read (sorted by name). */
  readonly files: readonly SelectedFile[];
  /** What they hold: counts, formats and every problem, as in an upload's receipt. */
  readonly results: ResultsSummary;
  /** Every warning, also told as an event. */
  readonly warnings: readonly XltvWarning[];
}

/**
 * Read the result files an upload with these options would send, and tell what they hold.
 * @throws {XltvError} `INVALID_OPTION` and `UNKNOWN_CI` before anything is read; the
 *   selection's errors (`NO_FILES`, `UNREADABLE_FILE`, …); `RESULTS_REFUSED` with
 *   `strictResults` (details `{ problems }`), after the summaries were shown; `ABORTED`
 */
export async function inspect(options: InspectOptions): Promise<InspectReport> {
  const checked = checkInspectOptions(options);
  const warnings: XltvWarning[] = [];
  const emit = (event: InspectEvent): void => {
    if (event.type === 'warning') warnings.push(event.warning);
    checked.onEvent(event);
  };
  // Only what the environment tells: inspecting calls no CI API.
  const adapter = chooseAdapter(options.adapter, options.adapters ?? [], checked.env);
  const buildStartedAt = adapter?.resolve(checked.env).buildStartedAt;

  const selection = await selectFiles({
    ...checked.selection,
    ...(buildStartedAt ? { buildStartedAt } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for (const warning of selection.warnings) emit({ type: 'warning', warning });
  emit({
    type: 'files',
    files: selection.files,
    bytes: selection.totalBytes,
    baseDir: selection.baseDir,
  });

  const inspected = await readFiles(selection.files, options.signal);
  const read = readResults(inspected, {
    testTool: checked.testTool,
    buildStartedAt,
    runSpanMs: checked.results.runSpanMs,
  });
  const results = summaryOf(read);
  reportResults(results, emit);
  await showSummary(
    {
      adapter,
      env: checked.env,
      adapterOptions: checked.adapterOptions,
      summary: checked.results.summary,
      summaryFile: checked.results.summaryFile,
      results,
      baseDir: selection.baseDir,
      signal: options.signal,
    },
    emit,
  );
  if (checked.results.strict) refuseProblems(results);
  return { files: selection.files, results, warnings };
}

function checkInspectOptions(options: InspectOptions) {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'type', { type: 'object' });
  }
  const include = stringsOption('include', options.include);
  if (include.length === 0) throw invalidOption('include', 'missing');
  const baseDir = stringOption('baseDir', options.baseDir);
  const adapterOptions = options.adapterOptions ?? {};
  if (typeof adapterOptions !== 'object' || adapterOptions === null) {
    throw invalidOption('adapterOptions', 'type', { type: 'object' });
  }
  const onEvent = options.onEvent ?? (() => undefined);
  if (typeof onEvent !== 'function') throw invalidOption('onEvent', 'type', { type: 'function' });
  const size = { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };
  return {
    selection: {
      include,
      exclude: stringsOption('exclude', options.exclude),
      ...(baseDir !== undefined ? { baseDir } : {}),
      allowEmpty: booleanOption('allowEmpty', options.allowEmpty),
      maxFiles: numberOption('maxFiles', options.maxFiles, size, DEFAULT_MAX_FILES),
      maxBytes: numberOption('maxBytes', options.maxBytes, size, DEFAULT_MAX_BYTES),
    },
    results: checkResults(options),
    testTool: stringOption('testTool', options.testTool),
    env: options.env ?? {},
    adapterOptions,
    onEvent,
  };
}
