/** Warning code → words. Unknown codes fall back to core's default message. */
import type { XltvWarning } from '@xltv/core';
import { ADAPTER_OPTIONS } from '../registry.js';
import { formatBytes, formatDuration, plural, quote } from './format.js';
import { formatName, toolReadsWords } from './results.js';
import type { Style } from './style.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

/** How many files a warning is about, and the first of them: `3 files (a.xml, b.xml, …)`. */
function filesOf(d: Readonly<Record<string, unknown>>, max = 3): { count: number; names: string } {
  const files = list(d.files ?? d.examples);
  const count = typeof d.count === 'number' ? d.count : files.length;
  const shown = files.slice(0, max);
  const more = count > shown.length ? ', …' : '';
  return { count, names: shown.length > 0 ? ` (${shown.join(', ')}${more})` : '' };
}

/** `3 files are` / `1 file is`. */
function filesAre(count: number): string {
  return `${plural(count, 'file')} ${count === 1 ? 'is' : 'are'}`;
}

/** The words of the RESULTS_* warnings: what is wrong with which files, and the fix. */
function renderResultsWarning(warning: XltvWarning): string | undefined {
  const d = warning.details ?? {};
  const { count, names } = filesOf(d);
  switch (warning.code) {
    case 'RESULTS_MALFORMED':
      return `${filesAre(count)} not well-formed${names}: XL TestView may import part of ${count === 1 ? 'it' : 'them'} or nothing. Fix what writes ${count === 1 ? 'it' : 'them'} or leave ${count === 1 ? 'it' : 'them'} out with --exclude; \`xltv inspect\` shows where ${count === 1 ? 'it breaks' : 'each breaks'}, and --strict-results refuses to send them.`;
    case 'RESULTS_TRUNCATED':
      return `${filesAre(count)} cut short${names}: they end in the middle of a result, as when the tests are still writing or were killed. Upload after the tests have finished, or leave them out with --exclude.`;
    case 'RESULTS_EMPTY':
      return `${count === 1 ? '1 file holds' : `${plural(count, 'file')} hold`} no test${names}: did the tests run? Leave them out with --exclude if they are not results.`;
    case 'RESULTS_UNKNOWN_FORMAT':
      return `${filesAre(count)} in no result format XL TestView reads${names}. Narrow the patterns to the result files (e.g. 'build/test-results/**/*.xml') or add --exclude.`;
    case 'RESULTS_TOOL_MISMATCH': {
      const format = str(d.format);
      const tool = str(d.testTool) ?? str(d.tool);
      const reads = tool ? toolReadsWords(tool) : undefined;
      if (format === undefined || tool === undefined) {
        return `${filesAre(count)} in a format ${tool ? `the test specification's tool ${tool}` : "the test specification's tool"} does not read${names}: XL TestView would skip them. Fix --include, or pick a test specification whose tool reads them (\`xltv specs\` shows each one's tool).`;
      }
      const shown = formatName(format);
      return `${filesAre(count)} ${shown}${names} but the test specification's tool ${tool} ${reads ? `reads ${reads}` : 'does not read them'}: fix --include or pick a ${shown} test specification.`;
    }
    case 'RESULTS_LIMIT':
      return `${count === 1 ? '1 file was' : `${plural(count, 'file')} were`} read only in part${names}: one holds a value too large or nesting too deep to read safely, so the counts miss what follows. XL TestView reads the files itself; check what writes them.`;
    case 'RESULTS_COUNT_MISMATCH':
      return `${count === 1 ? '1 file states' : `${plural(count, 'file')} state`} totals (tests=, failures=, …) that differ from the test cases ${count === 1 ? 'it holds' : 'they hold'}${names}; the counts shown are those of the test cases.`;
    case 'RESULTS_MANY_RUNS':
      return `${count === 1 ? '1 file holds' : `${plural(count, 'file')} hold`} results of an earlier test run than the newest${names}, older by more than --run-span: they would be imported with this build's metadata. Clean the results directory before the tests, add --fresh-only to leave them out, or raise --run-span if it is all one long run.`;
    case 'SUMMARY_FILE_FAILED':
      return `The summary could not be written to ${quote(d.path ?? '')}${str(d.reason) ? ` (${str(d.reason)})` : ''}; nothing else is affected. Check that --summary-file names a file in a directory this user can write.`;
    case 'SUMMARY_FAILED':
      return `The results could not be shown in the CI's summary (${warning.message}); nothing else is affected. --no-summary skips it.`;
    case 'STALE_RESULTS_LEFT_OUT':
      return `--fresh-only left out ${plural(count, 'file')} of earlier test runs${names}.`;
    default:
      return undefined;
  }
}

/** The sentence for one warning (no prefix). */
export function renderWarning(warning: XltvWarning): string {
  const d = warning.details ?? {};
  const results = renderResultsWarning(warning);
  if (results !== undefined) return results;
  switch (warning.code) {
    case 'ADAPTER_URL_DROPPED':
      return `${str(d.variable) ?? 'A CI variable'}=${quote(d.value ?? '')} is not an absolute http(s) URL, so ${
        str(d.key) ?? 'that URL'
      } is left out of the metadata. Fix the CI's URL setting (e.g. Jenkins' "Jenkins URL") or set it with --meta.`;
    case 'RESERVED_CI_KEY':
      return `Metadata key ${quote(d.key ?? '')} starts with "ci", a prefix XL TestView reserves for its own keys; it is sent, but consider another name.`;
    case 'STALE_FILES': {
      const count = typeof d.count === 'number' ? d.count : undefined;
      const examples = list(d.examples);
      return `${count !== undefined ? plural(count, 'matched file') : 'Some matched files'} ${
        count === 1 ? 'is' : 'are'
      } older than the start of this build${
        examples.length
          ? ` (${examples.join(', ')}${count !== undefined && count > examples.length ? ', …' : ''})`
          : ''
      }: results of an earlier build would get this build's metadata. Clean the results directory first, or add --fresh-only to leave them out.`;
    }
    case 'STALE_FILES_DROPPED':
      return `--fresh-only left out ${typeof d.count === 'number' ? plural(d.count, 'file') : 'files'} older than the start of this build${
        list(d.examples).length ? ` (${list(d.examples).join(', ')})` : ''
      }.`;
    case 'CI_API_FAILED':
      return `The ${str(d.ci) ?? 'CI'} API lookup failed (${str(d.reason) ?? warning.message}); the upload goes on with what the environment gives. Pass --no-ci-api to skip it.`;
    case 'SYMLINK_SKIPPED': {
      const skipped = Array.isArray(d.skipped)
        ? d.skipped.map((entry) => {
            const item = entry as { name?: unknown; reason?: unknown };
            return `${String(item.name)}${item.reason ? ` (${String(item.reason)})` : ''}`;
          })
        : [];
      return `Skipped ${typeof d.count === 'number' ? plural(d.count, 'symbolic link') : 'symbolic links'}${
        skipped.length ? `: ${skipped.join(', ')}` : ''
      }. Only links to regular files inside the base directory are followed; set --base-dir higher to include their targets.`;
    }
    case 'UNREADABLE_DIRECTORY':
      return `${typeof d.count === 'number' ? plural(d.count, 'directory', 'directories') : 'Some directories'} could not be listed (${list(d.paths).join(', ')}); files in them were not considered. Check their permissions.`;
    case 'SPECIAL_FILE_SKIPPED':
      return `Skipped ${list(d.names).join(', ') || 'entries'}: not regular files (devices, sockets or FIFOs are never uploaded).`;
    case 'LARGE_SELECTION':
      return `${typeof d.files === 'number' ? plural(d.files, 'file') : 'Many files'} (${formatBytes(Number(d.bytes ?? 0))}) selected: are these only test results? Narrow the patterns (e.g. 'build/test-results/**/*.xml') or add --exclude; --max-files and --max-bytes set the limits.`;
    case 'DIRECTORY_PATTERN':
      return `${quote(d.pattern ?? '')} is a directory, so every file below it is selected (${typeof d.files === 'number' ? plural(d.files, 'file') : 'all of them'}), results or not. To upload only result files, give a glob such as ${quote(d.suggestion ?? 'dir/**/*.xml')}.`;
    case 'INSECURE_TLS':
      return 'TLS certificate verification is DISABLED (--insecure): anyone on the network path can read the credentials and results. Use --ca-cert <file> instead.';
    case 'ALREADY_IMPORTED':
      return 'The server answered 304 after an earlier attempt whose response was lost: the results were already imported by that attempt.';
    case 'NO_CI_DETECTED':
      return 'No CI detected: the upload carries no build metadata (source "local"). Pass --ci <id> or set the XLTV_CI_* variables (see `xltv env`).';
    case 'RETRY': {
      // core reports the number of the attempt about to be made (2 for the first retry).
      const next = typeof d.attempt === 'number' ? d.attempt : undefined;
      const failed = next !== undefined ? `Attempt ${next - 1}` : 'An attempt';
      return `${failed} failed (${str(d.reason) ?? 'transient error'}); trying again in ${formatDuration(
        Number(d.delayMs ?? 0),
      )}${next !== undefined ? ` (attempt ${next})` : ''}.`;
    }
    case 'DRY_RUN_NOT_CREATED':
      return `--dry-run: the ${str(d.kind) ?? 'target'} ${quote(d.title ?? '')} does not exist and would be created by a real run.`;
    case 'CI_OPTION_UNSUPPORTED':
    case 'CI_OPTION_NEEDS_API': {
      const option = ADAPTER_OPTIONS.find(({ name }) => name === d.option);
      if (!option) return warning.message;
      const skipped = option.skipped;
      return warning.code === 'CI_OPTION_NEEDS_API'
        ? `${option.flag} calls ${option.adapter.name}'s API, which --no-ci-api forbids; ${skipped}.`
        : `${option.flag} works in ${option.adapter.name} only (this is ${quote(d.ci ?? 'no CI')}); ${skipped}.`;
    }
    case 'UNEXPECTED_RESPONSE':
      return `The server answered ${str(d.status) ?? '2xx'} with ${d.html === true ? 'an HTML page' : 'a body that is not JSON'}, which XL TestView does not send: check in XL TestView that the results were imported, and that --url points at XL TestView (not a login page or portal). It begins: ${str(d.firstLine) ?? ''}`;
    case 'SPOOL_DROPPED':
      return d.reason === 'age'
        ? `Dropped spooled upload ${str(d.id) ?? ''}: spooled at ${str(d.createdAt) ?? '?'}, longer ago than --spool-max-age allows.`
        : `Dropped spooled upload ${str(d.id) ?? ''}, the oldest, to keep the spool within --spool-max (${formatBytes(Number(d.maxBytes ?? 0))}).`;
    case 'SPOOL_FULL':
      return `The upload (${formatBytes(Number(d.bytes ?? 0))}) is larger than --spool-max (${formatBytes(Number(d.maxBytes ?? 0))}) on its own, so it was not spooled.`;
    case 'SPOOL_FAILED':
      return `The upload could not be spooled: ${warning.message}.`;
    case 'SPOOL_UNREADABLE':
      return `Spooled upload ${str(d.id) ?? ''} cannot be read (${warning.message}); it is left in the spool.`;
    case 'SPOOL_OTHER_SERVER':
      return `Spooled upload ${str(d.id) ?? ''} is for ${str(d.baseUrl) ?? 'another server'}, not --url; it is kept.`;
    default:
      return warning.message;
  }
}

/** The stderr line for a warning. */
export function formatWarning(warning: XltvWarning, style: Style): string {
  return `${style.yellow('warning')} ${renderWarning(warning)}`;
}
