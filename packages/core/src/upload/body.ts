/**
 * The request body: the selected files, zipped (spooled to a temporary file, or zipped while
 * sending), behind the metadata part; and what the files hold, read from the bytes the zip
 * reads (or, when a streamed upload needs the results before sending, read first).
 */
import type { FileResults, InspectedFile, ResultsSummary } from '@xltv/results';
import { XltvError } from '../errors.js';
import { DEFAULT_EXCLUDES, selectFiles, type FileSelection, type SelectedFile } from '../files.js';
import type { Metadata } from '../metadata.js';
import { prepareImportBody, type ImportBody } from '../multipart.js';
import type { UploadEvent } from './events.js';
import type { CheckedUpload } from './options.js';
import { readFiles } from './read-files.js';
import type { ReceiptFacts } from './receipt.js';
import {
  Inspection,
  readResults,
  refuseProblems,
  reportResults,
  staleLeftOut,
  summaryOf,
  withoutFiles,
  type ResultsContext,
} from './results.js';

/** The body, and what its files hold as far as known before sending. */
export interface BuiltBody {
  readonly body: ImportBody;
  /** Known before sending (and reported); undefined when not read or read while sending. */
  readonly results?: ResultsSummary;
  /** A streamed body whose files are read while it is sent: their results, once it was. */
  readonly resultsAfterSending?: () => ResultsSummary;
}

type Prepare = (
  files: readonly SelectedFile[],
  onInspected?: (index: number, results: FileResults) => void,
) => Promise<ImportBody>;

/**
 * Select the files and build the body. A function of its own so that nothing else keeps the
 * selection once a spooled body is written.
 * @throws {XltvError} the selection's errors, `RESULTS_REFUSED` (strict), `NO_FILES` when
 *   `freshOnly` left out every file
 */
export async function buildBody(
  upload: CheckedUpload,
  include: readonly string[],
  metadata: Metadata,
  context: ResultsContext,
  facts: ReceiptFacts,
  emit: (event: UploadEvent) => void,
): Promise<BuiltBody> {
  const selection = await select(upload, include, context.buildStartedAt, facts, emit);
  const { signal } = upload.connection;
  const prepare: Prepare = (files, onInspected) =>
    prepareImportBody({
      metadata,
      files,
      level: upload.level,
      mode: upload.stream ? 'stream' : 'spool',
      ...(signal ? { signal } : {}),
      ...(onInspected ? { onInspected } : {}),
    });

  if (!upload.results.read) return { body: await prepare(selection.files) };
  if (upload.stream && !upload.results.strict && !upload.files.freshOnly) {
    const inspection = new Inspection(selection.files);
    const body = await prepare(selection.files, inspection.onInspected);
    return {
      body,
      resultsAfterSending: () => summaryOf(readResults(inspection.inspected(), context)),
    };
  }
  return inspectedBody(upload, include, selection, context, prepare, facts, emit);
}

async function select(
  upload: CheckedUpload,
  include: readonly string[],
  buildStartedAt: Date | undefined,
  facts: ReceiptFacts,
  emit: (event: UploadEvent) => void,
): Promise<FileSelection> {
  const { files } = upload;
  const selection = await selectFiles({
    include,
    exclude: files.exclude,
    ...(files.baseDir !== undefined ? { baseDir: files.baseDir } : {}),
    ...(buildStartedAt ? { buildStartedAt } : {}),
    freshOnly: files.freshOnly,
    allowEmpty: files.allowEmpty,
    maxFiles: files.maxFiles,
    maxBytes: files.maxBytes,
    signal: upload.connection.signal,
  });
  facts.files = selection.files.length;
  facts.fileBytes = selection.totalBytes;
  for (const warning of selection.warnings) emit({ type: 'warning', warning });
  emit({
    type: 'files',
    files: selection.files,
    bytes: selection.totalBytes,
    baseDir: selection.baseDir,
  });
  return selection;
}

/**
 * The body once the results are known: spooled with the files read as they are zipped, or
 * (streamed) after reading them first. Files of an older run that `freshOnly` leaves out
 * are known only then, so the body is built again without them: rare, and simple.
 */
async function inspectedBody(
  upload: CheckedUpload,
  include: readonly string[],
  selection: FileSelection,
  context: ResultsContext,
  prepare: Prepare,
  facts: ReceiptFacts,
  emit: (event: UploadEvent) => void,
): Promise<BuiltBody> {
  let files = selection.files;
  let body: ImportBody | undefined;
  try {
    let inspected: InspectedFile[];
    if (upload.stream) {
      inspected = await readFiles(files, upload.connection.signal);
    } else {
      const inspection = new Inspection(files);
      body = await prepare(files, inspection.onInspected);
      inspected = inspection.inspected();
    }
    let read = readResults(inspected, context);
    if (upload.files.freshOnly && read.staleFiles.length > 0) {
      const stale = new Set(read.staleFiles);
      emit({ type: 'warning', warning: staleLeftOut(read.staleFiles) });
      files = files.filter((file) => !stale.has(file.name));
      read = withoutFiles(read, stale);
      facts.files = files.length;
      facts.fileBytes = files.reduce((sum, file) => sum + file.size, 0);
      await body?.dispose();
      body = undefined;
      if (files.length === 0 && !upload.files.allowEmpty) {
        throw noFilesLeft(upload, include, selection.baseDir, stale.size);
      }
    }
    const results = summaryOf(read);
    reportResults(results, emit);
    if (upload.results.strict) refuseProblems(results);
    body ??= await prepare(files);
    return { body, results };
  } catch (error) {
    await body?.dispose().catch(() => undefined);
    throw error;
  }
}

/** `NO_FILES` as the selection words it, when `freshOnly` left out every file. */
function noFilesLeft(
  upload: CheckedUpload,
  include: readonly string[],
  baseDir: string,
  staleDropped: number,
): XltvError {
  return new XltvError('NO_FILES', `every file matching ${include.join(', ')} is of an older run`, {
    patterns: include,
    excludes: upload.files.exclude,
    defaultExcludes: DEFAULT_EXCLUDES,
    baseDir,
    skipped: 0,
    staleDropped,
  });
}
