/** Warning code → words. Unknown codes fall back to core's default message. */
import type { XltvWarning } from '@xltv/core';
import { ADAPTER_OPTIONS } from '../registry.js';
import { formatBytes, formatDuration, plural, quote } from './format.js';
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

/** The sentence for one warning (no prefix). */
export function renderWarning(warning: XltvWarning): string {
  const d = warning.details ?? {};
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
