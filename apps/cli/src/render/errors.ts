/**
 * Error code → words. Every message says what failed, with which value, and what to do
 * next (docs/cli.md "Output"). Core's errors carry a stable `code` and structured `details`; the
 * words are chosen only here.
 */
import { isXltvError, stripCredentials, type XltvError } from '@xltv/core';
import { flagOf, variableOf, type Origins } from '../flags.js';
import { renderCrash, type RenderedError } from './crash.js';
import { formatBytes, plural, quote } from './format.js';
import { renderProblems, type ResultsSummary } from './results.js';

export { errorSentence, formatError, renderCrash, type RenderedError } from './crash.js';

/** Words for core's stable metadata `rule` strings. */
const METADATA_RULE_TEXT: Readonly<Record<string, string>> = {
  'empty-key': 'a key must not be empty',
  'reserved-prefix-at': 'keys must not start with "@"',
  'reserved-prefix-underscore': 'keys must not start with "_" (servers reject them)',
  'credentials-in-key': 'a key must not hold a URL with credentials',
  'not-string': 'this key takes a string',
  'not-absolute-http-url': 'this key takes an absolute http(s) URL',
  'null-value': 'null is not a value (leave the key out instead)',
  'object-value': 'objects are not allowed (strings, numbers, booleans or arrays of them)',
  'nested-array': 'arrays must not hold arrays',
  'empty-string-in-array': 'arrays must not hold empty strings',
  'non-finite-number': 'numbers must be finite',
  'unsupported-type': 'values are strings, numbers, booleans or arrays of them',
  'missing-equals': 'write it as key=value',
  'not-json': 'the file is not valid JSON',
  'not-object': 'the file must hold one JSON object',
  'too-large': 'the file is larger than a metadata file may be',
};

/** The CLI's words for where a metadata value came from. */
const METADATA_ORIGIN_WORDS: Readonly<Record<string, string>> = {
  meta: '--meta',
  metaFile: '--meta-file',
  buildResult: '--build-result',
};

/** What a value of each expected type looks like. */
const TYPE_TEXT: Readonly<Record<string, string>> = {
  number: 'a number',
  size: 'a size in bytes, with an optional unit K, M, G or T (e.g. 500M, 2G)',
  duration: 'a duration with a unit s, m, h or d (e.g. 90m, 12h, 7d)',
};

/** What a missing option stands for. */
const MISSING_TEXT: Readonly<Record<string, string>> = {
  url: 'the XL TestView base URL, with any context root (https://host:6516/xltest)',
  testSpec: 'the id of the test specification to import into (see `xltv specs`)',
  spoolDir: 'the spool directory that `xltv upload --spool-dir` wrote to',
  testTool: 'the test tool of the test specification to create, e.g. xlt.JUnit',
};

/** Facts the command knows that make a message concrete. */
export interface ErrorContext {
  /** The server base URL, credentials removed. */
  readonly serverUrl?: string | undefined;
  readonly username?: string | undefined;
  readonly testSpec?: string | undefined;
  readonly project?: string | undefined;
  /** Where each option's value came from: `flag` or a variable. */
  readonly origins?: Origins | undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

/** Options core checks that have no flag: what they stand for in the CLI's words. */
const UNFLAGGED_OPTION_WORDS: Readonly<Record<string, string>> = {
  buildStartedAt: "the CI's build start time",
  testSpecId: '--test-spec',
};

/** The CLI's name for a core option: its flag; never core's internal name. */
function optionWords(option: string): string {
  return flagOf(option) ?? UNFLAGGED_OPTION_WORDS[option] ?? 'an internal option';
}

/** `--url (XLTV_URL)`: the flag of a core option, and the variable its value came from. */
function optionName(
  details: Readonly<Record<string, unknown>>,
  context: ErrorContext,
  withVariable = false,
): string {
  const option = str(details.option) ?? '';
  const flag = optionWords(option);
  const variable = str(details.env) ?? variableOf(option);
  const fromVariable = context.origins?.[option] === variable || str(details.env) !== undefined;
  return variable !== undefined && (withVariable || fromVariable) ? `${flag} (${variable})` : flag;
}

function httpSuffix(details: Readonly<Record<string, unknown>>): string {
  const status = str(details.status);
  return status ? ` (HTTP ${status})` : '';
}

function serverMessage(details: Readonly<Record<string, unknown>>): string {
  const message = str(details.serverMessage) ?? str(details.bodyExcerpt);
  // The caller ends the sentence: drop the server's own final period.
  return message ? `: ${message.trim().replace(/\.+$/, '')}` : '';
}

/**
 * On POSIX a backslash escapes the next character in a glob, so a Windows-style pattern matches
 * nothing: say to use `/`.
 */
function backslashHint(patterns: readonly string[]): string | undefined {
  const windowsStyle = patterns.find((pattern) => pattern.includes('\\'));
  if (windowsStyle === undefined || process.platform === 'win32') return undefined;
  return `Patterns use "/" as the separator on this system ("\\" escapes the next character): write ${quote(windowsStyle.replaceAll('\\', '/'))}.`;
}

/** Render an error for a human. Unknown (non-Xltv) errors become a crash report. */
export function renderError(error: unknown, context: ErrorContext = {}): RenderedError {
  if (!isXltvError(error)) return renderCrash(error);
  return renderXltvError(error, context);
}

function renderXltvError(error: XltvError, context: ErrorContext): RenderedError {
  const d = error.details;
  const url = str(d.url) ?? context.serverUrl;
  const at = url ? ` at ${url}` : '';
  const testSpec = str(d.testSpecId) ?? str(d.testSpec) ?? context.testSpec;
  switch (error.code) {
    case 'INVALID_OPTION':
      return renderInvalidOption(d, context);
    case 'INVALID_URL':
      return {
        // Core masks the value already; a URL that does not parse is masked here again.
        message: `${optionName(d, context)} is not an absolute http(s) URL: ${quote(stripCredentials(String(d.value ?? d.url ?? '')))}.`,
        hint: 'Give the full base URL with scheme, host and any context root, e.g. https://xltestview.example.com:6516/xltest.',
      };
    case 'INVALID_METADATA': {
      if (d.rule === 'too-large' && str(d.path) !== undefined) {
        return {
          message: `--meta-file ${quote(d.path ?? '')} holds more than ${formatBytes(Number(d.limit))}, the most a metadata file may hold.`,
          hint: 'Give a file with one small JSON object of metadata (a few keys).',
        };
      }
      if (str(d.item) !== undefined && (d.rule === 'missing-equals' || d.rule === 'empty-key')) {
        return {
          message: `--meta ${quote(d.item)} ${d.rule === 'empty-key' ? 'has an empty key' : 'has no "="'}: it needs key=value.`,
          hint: `Write it as --meta key=value, e.g. --meta ${quote(`branch=${String(d.item)}`)}; key= removes a key.`,
        };
      }
      const key = str(d.key);
      const rule = str(d.rule) ?? str(d.reason);
      const origin = str(d.origin) ?? str(d.source);
      const where = origin !== undefined ? (METADATA_ORIGIN_WORDS[origin] ?? origin) : undefined;
      return {
        message: `Invalid metadata${key ? ` ${quote(key)}` : ''}: ${rule ? (METADATA_RULE_TEXT[rule] ?? rule) : error.message}${
          d.value !== undefined ? ` (value ${JSON.stringify(d.value)})` : ''
        }${where ? `, from ${where}` : ''}.`,
        hint: 'Fix the --meta / --meta-file entry: keys must not start with "@" or "_", values are strings, numbers, booleans or arrays of them, and ciBuildUrl/ciJobUrl/ciServerUrl must be absolute http(s) URLs.',
      };
    }
    case 'UNKNOWN_CI': {
      const known = list(d.known);
      return {
        message: `Unknown CI ${quote(d.value ?? '')} given by --ci or XLTV_CI.`,
        hint: `Use one of: ${[...known, 'none'].join(', ')}; or leave it out to detect the CI.`,
      };
    }
    case 'NO_PATTERNS':
      return {
        message: `No file patterns given${testSpec ? `, and test specification ${quote(testSpec)} has no default search pattern on the server` : ''}.`,
        hint: "Pass the result files to upload, e.g. xltv upload 'build/test-results/**/*.xml' (or set XLTV_INCLUDE).",
      };
    case 'NO_FILES': {
      const patterns = list(d.include ?? d.patterns);
      const base = str(d.baseDir);
      return {
        message: `No files matched ${patterns.length ? patterns.map((p) => quote(p)).join(', ') : 'the include patterns'}${
          base ? ` under ${base}` : ''
        }.`,
        hint:
          typeof d.staleDropped === 'number' && d.staleDropped > 0
            ? `--fresh-only left out all ${plural(d.staleDropped, 'matched file')}: they are older than the start of this build. Did the tests run?`
            : (backslashHint(patterns) ??
              'Check the patterns (quote them so the shell does not expand them) and --base-dir; did the tests run? Add --allow-empty to upload nothing on purpose.'),
      };
    }
    case 'UNREADABLE_FILE':
      // A file named by an option (--meta-file, --ca-cert) is not a result file: no --exclude.
      if (str(d.option) !== undefined) {
        return {
          message: `Cannot read ${quote(d.path ?? '')}, given by ${optionName(d, context)}${str(d.reason) ? `: ${str(d.reason)}` : ''}.`,
          hint: `Check the path given to ${flagOf(str(d.option) ?? '') ?? 'the option'}: the file must exist and be readable by this user.`,
        };
      }
      return {
        message: `Cannot read ${quote(d.path ?? d.file ?? '')}${str(d.reason) ? `: ${str(d.reason)}` : ''}.`,
        hint: 'Check that the file exists and is readable by this user, or exclude it with --exclude.',
      };
    case 'TOO_MANY_FILES':
      return {
        message: `${plural(Number(d.files), 'file')} match, more than ${optionName(d, context)} allows (${str(d.limit) ?? '?'}); nothing was zipped or sent.`,
        hint: "Narrow the patterns to the result files, e.g. 'build/test-results/**/*.xml', or add --exclude; raise --max-files (0: no limit) if they really are all results.",
      };
    case 'TOO_LARGE':
      return {
        message: `The ${plural(Number(d.files), 'selected file')} hold ${formatBytes(Number(d.bytes))}, more than ${optionName(d, context)} allows (${formatBytes(Number(d.limit))}); nothing was zipped or sent.`,
        hint: 'Narrow the patterns to the result files or add --exclude; raise --max-bytes (e.g. 20G, 0: no limit) if they really are all results.',
      };
    case 'UNSAFE_PATH':
      // core raises it for a pattern or a match outside the base directory (details carry
      // `pattern` or `baseDir`), and for a file name a zip entry cannot hold (`reason`).
      if (str(d.reason) !== undefined) {
        return {
          message: `Cannot put ${quote(d.name ?? d.path ?? '')} into the zip: ${
            str(d.reason) === 'duplicate'
              ? 'another file has the same entry name'
              : `its name has a problem (${str(d.reason)})`
          }.`,
          hint: `Rename the file, or leave it out with --exclude ${quote(d.name ?? '')}.`,
        };
      }
      return {
        message: `Refusing to upload ${quote(d.pattern ?? d.path ?? d.name ?? '')}: it lies outside the base directory${str(d.baseDir) ? ` ${str(d.baseDir)}` : ''}.`,
        hint: 'Set --base-dir to a directory that contains every result file.',
      };
    case 'FILE_CHANGED':
      return {
        message: `${quote(d.path ?? d.name ?? '')} changed while it was being zipped.`,
        hint: 'Run the upload after the tests have finished writing their results.',
      };
    case 'TARGET_NOT_FOUND': {
      const kind = str(d.kind) ?? (d.projectId !== undefined ? 'test specification' : 'project');
      return {
        message: `No ${kind} titled ${quote(d.title ?? '')} found${at}.`,
        hint: `Check the title, or add --create-missing to create it${kind === 'test specification' ? ' (with --test-tool, e.g. xlt.JUnit)' : ''}.`,
      };
    }
    case 'TARGET_IS_SET':
      return {
        message: `Test specification ${quote(testSpec ?? '')}${str(d.title) ? ` (${quote(str(d.title))})` : ''} is a set of test specifications${at}; a set cannot receive uploads, so nothing was sent.`,
        hint: 'Upload to one of the test specifications of the set: xltv specs lists their ids.',
      };
    case 'BAD_REQUEST':
      return {
        message: `The server rejected the upload${httpSuffix(d)}${serverMessage(d)}.`,
        hint: 'Check the metadata (xltv env) and the result files; run with --verbose for details.',
      };
    case 'UNPROCESSABLE':
      return {
        message: `The server could not process the results${httpSuffix(d)}${serverMessage(d)}.`,
        hint: "The include/exclude patterns may not give the test specification's test tool the files it needs: check them against the tool (xltv specs shows each one's default pattern).",
      };
    case 'UNAUTHORIZED': {
      const user = str(d.username) ?? context.username;
      return {
        message: user
          ? `The server rejected the credentials of user ${quote(user)}${at} (HTTP 401).`
          : `The server requires credentials${at} (HTTP 401).`,
        hint: 'Set XLTV_USERNAME and XLTV_PASSWORD (or --username / --password) to a valid XL TestView account.',
      };
    }
    case 'LICENSE_REQUIRED':
      return {
        message: `The XL TestView server${at} has no valid licence (HTTP 402).`,
        hint: 'Ask its administrator to install a licence; nothing can be imported until then.',
      };
    case 'NOT_FOUND': {
      // `--url` takes the base URL: the endpoint that answered 404 is of no use there.
      const base = context.serverUrl ?? url?.replace(/\/api\/.*$/, '');
      return {
        message: `${testSpec ? `Test specification ${quote(testSpec)}` : 'The target'}${
          (str(d.projectId) ?? context.project)
            ? ` in project ${quote(str(d.projectId) ?? context.project)}`
            : ''
        } was not found${at} (HTTP 404).`,
        hint: `Check --test-spec / --project and the URL's context root; list the ids with: xltv specs${base ? ` --url ${base}` : ''}`,
      };
    }
    case 'PAYLOAD_TOO_LARGE':
      return {
        message: `The upload is too large for the server${at} (HTTP 413).`,
        hint: 'Narrow the include patterns (or add --exclude) so only result files are sent, or raise the server limit.',
      };
    case 'REDIRECT': {
      const location = str(d.location);
      return {
        message: `The server answered with a redirect${httpSuffix(d)}${location ? ` to ${location}` : ''}; uploads do not follow redirects.`,
        hint: location
          ? `Use the redirect target as --url (the base URL, without /api/...).`
          : 'Check --url: scheme (http/https), host, port and context root.',
      };
    }
    case 'SERVER_ERROR':
      return {
        message: `The server failed${httpSuffix(d)}${serverMessage(d)}${str(d.attempts) ? ` after ${str(d.attempts)} attempts` : ''}.`,
        hint: 'Try again later; if it persists, check the XL TestView server log. Use --retries to retry longer.',
      };
    case 'UNEXPECTED_RESPONSE':
      return {
        message: `Unexpected answer from the server${at}${httpSuffix(d)}${serverMessage(d)}.`,
        hint: 'Check that --url points at XL TestView (with its context root, e.g. /xltest).',
      };
    case 'NETWORK':
      if (d.kind === 'protocol') {
        return {
          message: `The request was sent to the server${at}, but its answer could not be read${str(d.reason) ? ` (${str(d.reason)})` : ''}: the results may have been imported.`,
          hint: 'Check in XL TestView whether the results arrived before uploading again; a proxy or load balancer on the way may be breaking the answers (HTTPS_PROXY / --proxy).',
        };
      }
      return {
        message: `Cannot reach the server${at}${(str(d.reason) ?? str(d.cause)) ? `: ${str(d.reason) ?? str(d.cause)}` : ''}.`,
        hint: 'Check the URL, the network, and the proxy (HTTPS_PROXY / NO_PROXY or --proxy).',
      };
    case 'TIMEOUT':
      return {
        message: `The server${at} did not answer in time${str(d.phase) ? ` (${str(d.phase)})` : ''}${
          str(d.timeoutMs) ? ` after ${Math.round(Number(d.timeoutMs) / 1000)} s` : ''
        }.`,
        hint: 'Raise --timeout (the server parses the results before it answers) or --connect-timeout.',
      };
    case 'TLS':
      if (d.kind === 'not-tls') {
        return {
          message: `TLS failed for ${url ?? 'the server'}: the server did not answer in TLS; it may not speak https.`,
          hint: 'If the server serves plain HTTP on that port, use an http:// URL (or the port of its https connector).',
        };
      }
      return {
        message: `TLS failed for ${url ?? 'the server'}${str(d.reason) ? `: ${str(d.reason)}` : ''}.`,
        hint: 'Trust its CA with --ca-cert <file> (or NODE_EXTRA_CA_CERTS); --insecure disables the check, which is unsafe.',
      };
    case 'ZIP_FAILED':
      return {
        message: `Zipping the result files failed${str(d.reason) ? `: ${str(d.reason)}` : `: ${error.message}`}.`,
        hint: 'Check the free space of the temporary directory (TMPDIR), or try --stream to zip while sending.',
      };
    case 'SPOOL_ERROR':
      return {
        message: `The spool directory cannot be used${str(d.path) ? ` (${str(d.path)})` : ''}${str(d.reason) ? `: ${str(d.reason)}` : ''}.`,
        hint: 'Check that --spool-dir names a directory this user can write, on a disk with free space.',
      };
    case 'ABORTED':
      return { message: 'Interrupted; nothing more was sent and temporary files were removed.' };
    case 'RESULTS_REFUSED':
      return renderResultsRefused(d);
  }
  return { message: error.message };
}

/** `--strict-results` found problems in the files: each of the first ten, one a line. */
function renderResultsRefused(d: Readonly<Record<string, unknown>>): RenderedError {
  const problems = Array.isArray(d.problems) ? (d.problems as ResultsSummary['problems']) : [];
  const files = new Set(problems.map((problem) => problem.file)).size;
  const lines = renderProblems(problems, 10).map((line) => `\n    ${line}`);
  return {
    message: `--strict-results refuses ${files > 0 ? plural(files, 'result file') : 'the result files'} with ${
      problems.length === 1 ? 'a problem' : 'problems'
    }; nothing was sent${lines.length > 0 ? ':' : '.'}${lines.join('')}`,
    hint: 'Fix the files (or what writes them), leave them out with --exclude, or drop --strict-results to upload them as they are (their problems become warnings).',
  };
}

/** Options that are switches: a conflict between two of them has no value to name. */
const SWITCHES: ReadonlySet<string> = new Set(['strictResults', 'results', 'quiet', 'verbose']);

/** INVALID_OPTION, by the rule the value breaks (core's `details.rule`). */
function renderInvalidOption(
  d: Readonly<Record<string, unknown>>,
  context: ErrorContext,
): RenderedError {
  const option = str(d.option) ?? '';
  const name = optionName(d, context);
  const value = d.value ?? d.path ?? '';
  const fix = `Fix ${name} and run again; \`xltv upload --help\` lists the options.`;
  const invalid = (expected: string, hint = fix): RenderedError => ({
    message: `${name} has an invalid value ${quote(value)}: expected ${expected}.`,
    hint,
  });
  switch (d.rule) {
    case 'too-large':
      return {
        message: `${name} ${quote(value)} holds more than ${formatBytes(Number(d.limit))}, too much for a certificate file.`,
        hint: `Check the path given to ${name}: it must name a PEM file of CA certificates.`,
      };
    case 'missing': {
      // Only `inspect` leaves the patterns to core: `upload` asks the server for its default.
      if (option === 'include') {
        return {
          message: 'No file patterns given: inspect needs the result files to read.',
          hint: "Pass them, e.g. xltv inspect 'build/test-results/**/*.xml' (or set XLTV_INCLUDE).",
        };
      }
      const noun = optionWords(option).replace(/^--/, '').replace(/-/g, ' ');
      const when = str(d.when);
      return {
        message: `No ${noun} given: ${MISSING_TEXT[option] ?? 'a value'} is needed${when ? ` with ${optionWords(when)}` : ''}.`,
        hint: `Pass ${optionName(d, context, true)}.`,
      };
    }
    case 'conflict':
      // Two switches have no value to show: --strict-results needs what --no-results turns off.
      if (SWITCHES.has(option) && d.value === undefined) {
        return {
          message: `${name} and ${optionWords(str(d.with) ?? '')} exclude each other.`,
          hint: 'Drop one of them.',
        };
      }
      return invalid(
        `either ${optionWords(str(d.with) ?? '')} or ${optionWords(option)}, not both`,
      );
    case 'requires':
      return invalid(
        option === 'testSpecTitle'
          ? 'a project to look it up in: add --project <id> or --project-title <title>'
          : `also ${list(d.requires)
              .map((other) => optionWords(other))
              .join(' or ')}`,
      );
    case 'empty':
      return invalid(option === 'saveRequest' ? 'a file name' : 'a value');
    case 'type': {
      const expected = TYPE_TEXT[str(d.type) ?? ''] ?? `a ${str(d.type) ?? 'valid'} value`;
      // Core names only the type it got: the value may be a secret.
      if (d.value === undefined && str(d.received) !== undefined) {
        return {
          message: `${name} has a value of type ${str(d.received)}: expected ${expected}.`,
          hint: fix,
        };
      }
      return invalid(expected);
    }
    case 'range': {
      const seconds = option === 'timeoutMs' || option === 'connectTimeoutMs';
      return invalid(
        seconds
          ? `a number of seconds greater than 0 (at most ${Number(d.max) / 1000})`
          : `a whole number from ${str(d.min) ?? '?'} to ${str(d.max) ?? '?'}`,
      );
    }
    case 'one-of':
      return option === 'buildResult'
        ? invalid(
            'one of SUCCESS, UNSTABLE, FAILURE, ABORTED, RUNNING (or success, failure, cancelled as GitHub spells them)',
            `Use one of ${list(d.allowed).join(', ')} (any case).`,
          )
        : invalid(`one of ${list(d.allowed).join(', ')}`);
  }
  // Core's errors without a rule: a file or directory that cannot serve (its `reason` is a code).
  if (option === 'caCertFile') {
    return {
      message: `${name} ${quote(value)} holds no PEM certificate.`,
      hint: `Give ${name} a PEM file (-----BEGIN CERTIFICATE-----), e.g. the CA certificate exported from the browser.`,
    };
  }
  if (option === 'baseDir') {
    const reason = str(d.reason);
    return {
      message: `${name} ${quote(value)} ${reason === 'not-a-directory' ? 'is not a directory' : `cannot be used${reason ? ` (${reason})` : ''}`}.`,
      hint: `Set ${name} to an existing directory that holds the result files.`,
    };
  }
  return invalid('another value');
}
