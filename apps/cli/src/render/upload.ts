/** Words of `xltv upload`: milestones on stderr, the summary on stdout, the JSON receipt. */
import type { CiAdapter, Metadata, Receipt } from '@xltv/core';
import { errorSentence, renderError, type ErrorContext } from './errors.js';
import { formatBytes, formatDuration, plural, quote, table } from './format.js';
import type { Style } from './style.js';
import { renderResultsLine } from './results.js';
import { renderWarning } from './warnings.js';

/** Milestone: the selection. */
export function renderFilesFound(count: number, bytes: number, baseDir: string): string {
  return `Found ${plural(count, 'result file')} (${formatBytes(bytes)}) in ${baseDir}`;
}

/** Milestone: patterns taken from the server because none were given. */
export function renderDefaultPattern(testSpec: string, pattern: string): string {
  return `No file patterns given: using the default search pattern of test specification ${quote(testSpec)}: ${pattern}`;
}

/** Milestone: the zip is ready (spooled) or will be streamed. */
export function renderZipReady(
  zipBytes: number | undefined,
  requestBytes: number | undefined,
): string {
  if (zipBytes === undefined) return 'Zipping while uploading (chunked, --stream)';
  return `Zipped: ${formatBytes(zipBytes)}${requestBytes !== undefined ? ` (request ${formatBytes(requestBytes)})` : ''}`;
}

/** Milestone: the upload is on its way. */
export function renderUploading(url: string): string {
  return `Uploading to ${url}`;
}

/** Milestone: the server answered. */
export function renderUploadDone(httpStatus: number, attempts: number, durationMs: number): string {
  return `Upload done: HTTP ${httpStatus} in ${formatDuration(durationMs)}${attempts > 1 ? ` after ${plural(attempts, 'attempt')}` : ''}`;
}

/** `--verbose`: the variables the adapter reads (names only, never values). */
export function renderAdapterVariables(adapter: CiAdapter): string {
  return `Variables ${adapter.name} reads: ${adapter.envVars.join(', ')}`;
}

/** `--verbose`: one metadata value and where it came from. */
export function renderMetadataLine(
  key: string,
  value: unknown,
  origin: string | undefined,
): string {
  return `  ${key}=${JSON.stringify(value)}  (${origin ?? '?'})`;
}

/** `--verbose`: one selected file. */
export function renderSelectedFile(name: string, size: number): string {
  return `  ${name} (${formatBytes(size)})`;
}

/** Milestone: the CI the metadata describes. */
export function renderCiLine(
  adapter: CiAdapter | undefined,
  source: string,
  metadata: Metadata,
): string {
  const build =
    typeof metadata.ciBuildNumber === 'string' ? ` build ${metadata.ciBuildNumber}` : '';
  if (adapter) return `CI: ${adapter.name}${build}`;
  if (source === 'local') return 'CI: none detected (source "local")';
  return `CI: ${source} (from XLTV_CI_* variables)${build}`;
}

/** The human summary on stdout. */
export function renderUploadSummary(
  receipt: Receipt,
  context: { testSpec?: string | undefined; saveRequest?: string | undefined; source: string },
  style: Style,
): string {
  const spec = context.testSpec ? ` test specification ${quote(context.testSpec)}` : '';
  const headline =
    receipt.status === 'imported'
      ? style.green(`Imported ${plural(receipt.files, 'file')} into${spec || ' XL TestView'}`)
      : receipt.status === 'nothing-new'
        ? style.yellow(
            `Nothing new: the server already has these results (HTTP 304); nothing was imported into${spec || ' XL TestView'}`,
          )
        : receipt.status === 'dry-run'
          ? style.cyan(
              `Dry run: nothing was sent. Would upload ${plural(receipt.files, 'file')}${spec ? ` to${spec}` : ''}`,
            )
          : receipt.status === 'spooled'
            ? style.yellow(
                `Not sent, kept in the spool: ${receipt.error?.message ?? 'a transient failure'}. Send it with \`xltv flush --spool-dir ${receipt.spool?.dir ?? '<dir>'}\` once the server is back`,
              )
            : style.red('Upload failed');
  const rows: string[][] = [];
  if (receipt.url) rows.push(['target', receipt.url]);
  rows.push([
    'files',
    `${receipt.files} (${formatBytes(receipt.bytes.files)}), zip ${formatBytes(receipt.bytes.zip)}`,
  ]);
  if (receipt.results) rows.push(['results', renderResultsLine(receipt.results)]);
  if (receipt.testRunIds.length > 0)
    rows.push([receipt.testRunIds.length === 1 ? 'run' : 'runs', receipt.testRunIds.join(', ')]);
  const build =
    typeof receipt.metadata.ciBuildNumber === 'string'
      ? `, build ${receipt.metadata.ciBuildNumber}`
      : '';
  rows.push(['source', `${context.source}${build}`]);
  if (context.saveRequest) rows.push(['request', `saved to ${context.saveRequest}`]);
  if (receipt.spool) rows.push(['spool', `${receipt.spool.dir} (${receipt.spool.id})`]);
  rows.push(['time', formatDuration(receipt.durationMs)]);
  const lines = [
    headline,
    ...table(rows.map(([key = '', value = '']) => [style.dim(key), value])).map(
      (line) => `  ${line}`,
    ),
  ];
  if (receipt.status === 'dry-run') {
    lines.push(`  ${style.dim('metadata')}`);
    for (const [key, value] of Object.entries(receipt.metadata))
      lines.push(`    ${key}=${JSON.stringify(value)}`);
  }
  return lines.join('\n');
}

/** Milestone: the CI adapter acted after the upload. */
export function renderCiDone(ciName: string, done: string): string {
  return `${ciName}: ${done}`;
}

/** stderr note when `--soft-fail` turned a failure into exit code 0. */
export function renderSoftFail(originalExitCode: number): string {
  return `--soft-fail: exiting with 0 instead of ${originalExitCode}`;
}

/** The error when `--receipt <file>` cannot be written. */
export function renderReceiptWriteError(
  path: string,
  error: unknown,
): { message: string; hint: string } {
  return {
    message: `Cannot write the receipt to ${path}: ${error instanceof Error ? error.message : String(error)}.`,
    hint: 'Check that the directory exists and is writable.',
  };
}

/**
 * The receipt as `--json` and `--receipt` write it (docs/cli.md "Machine-readable output"):
 * core's receipt with the exit code, and warnings and the error in the CLI's words.
 */
export function cliReceipt(
  receipt: Receipt,
  exitCode: number,
  failure: unknown,
  context: ErrorContext,
): Record<string, unknown> {
  const { status, error, ...facts } = receipt;
  return {
    status,
    exitCode,
    ...facts,
    warnings: receipt.warnings.map((warning) => ({
      code: warning.code,
      message: renderWarning(warning),
    })),
    ...(error
      ? {
          error: {
            code: error.code,
            message:
              failure === undefined ? error.message : errorSentence(renderError(failure, context)),
            ...(error.status !== undefined ? { status: error.status } : {}),
          },
        }
      : {}),
  };
}

/** The receipt of an upload that failed before it started (a usage error). */
export function emptyReceipt(error: { code: string; message: string }): Receipt {
  return {
    status: 'failed',
    testRunIds: [],
    files: 0,
    bytes: { files: 0, zip: 0 },
    metadata: {},
    attempts: 0,
    durationMs: 0,
    warnings: [],
    error,
  };
}

/** `xltv flush`: one line per spooled upload tried. */
export function renderFlushed(receipt: Receipt, style: Style): string {
  const id = receipt.spool?.id ?? '';
  const target = receipt.url ? ` to ${receipt.url}` : '';
  switch (receipt.status) {
    case 'imported':
      return style.green(
        `Imported spooled upload ${id}${target} (${plural(receipt.files, 'file')})`,
      );
    case 'nothing-new':
      return style.yellow(`Spooled upload ${id}: the server already has it (HTTP 304); removed`);
    case 'spooled':
      return style.yellow(
        `Spooled upload ${id} still not sent (${receipt.error?.message ?? '?'}); kept`,
      );
    default:
      return style.red(`Spooled upload ${id} was refused (${receipt.error?.message ?? '?'}); kept`);
  }
}

/** `xltv flush`: the last line. */
export function renderFlushSummary(receipts: readonly Receipt[], spoolDir: string): string {
  if (receipts.length === 0) return `Nothing to send in ${spoolDir}`;
  const sent = receipts.filter((r) => r.status === 'imported' || r.status === 'nothing-new').length;
  const kept = receipts.length - sent;
  return `Sent ${sent} of ${plural(receipts.length, 'spooled upload')}${kept > 0 ? `; ${kept} kept in ${spoolDir}` : ''}`;
}
