/**
 * Option resolution (cli.md "Options of upload"): a flag beats its environment variable, an
 * empty variable counts as unset, and every value is validated here, before anything is
 * read or sent. A bad value is an `INVALID_OPTION` (or `INVALID_URL`) error naming the
 * option, the value and what is allowed: exit code 2.
 */
import { BUILD_RESULTS, XltvError, mapBuildResult, type BuildResult, type Env } from '@xltv/core';

/** The environment variable behind each option. */
export const OPTION_ENV = {
  url: 'XLTV_URL',
  testSpec: 'XLTV_TEST_SPEC',
  project: 'XLTV_PROJECT',
  username: 'XLTV_USERNAME',
  password: 'XLTV_PASSWORD',
  include: 'XLTV_INCLUDE',
  exclude: 'XLTV_EXCLUDE',
  ci: 'XLTV_CI',
  buildResult: 'XLTV_BUILD_RESULT',
  level: 'XLTV_ZIP_LEVEL',
  softFail: 'XLTV_SOFT_FAIL',
} as const;

/** Network defaults (protocol.md §5). */
export const NETWORK_DEFAULTS = {
  retries: 3,
  timeoutSeconds: 300,
  connectTimeoutSeconds: 10,
} as const;

/** What commander hands over for the server connection (shared by upload, check, specs). */
export interface RawServerFlags {
  readonly url?: string;
  readonly username?: string;
  readonly password?: string;
  readonly retries?: string;
  readonly timeout?: string;
  readonly connectTimeout?: string;
  readonly proxy?: string;
  readonly caCert?: string;
  readonly insecure?: boolean;
}

/** What commander hands over for metadata (shared by upload and env). */
export interface RawMetadataFlags {
  readonly ci?: string;
  /** `--no-ci-api` sets this to false. */
  readonly ciApi?: boolean;
  readonly meta?: readonly string[];
  readonly metaFile?: string;
  readonly buildResult?: string;
  readonly gitlabMrNote?: boolean;
}

/** Everything commander hands over to `upload`. */
export interface RawUploadFlags extends RawServerFlags, RawMetadataFlags {
  readonly testSpec?: string;
  readonly project?: string;
  readonly testSpecTitle?: string;
  readonly projectTitle?: string;
  readonly createMissing?: boolean;
  readonly testTool?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly baseDir?: string;
  readonly allowEmpty?: boolean;
  readonly freshOnly?: boolean;
  readonly stream?: boolean;
  readonly level?: string;
  readonly dryRun?: boolean;
  readonly saveRequest?: string;
  readonly json?: boolean;
  readonly receipt?: string;
  readonly softFail?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** A value and where it came from: `flag` or an environment variable's name. */
export interface Sourced<T> {
  readonly value: T;
  readonly origin: string;
}

/** The resolved connection to the server. */
export interface ServerOptions {
  /** Base URL as given (may carry credentials: never print it, print `displayUrl`). */
  readonly url: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly retries: number;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly proxy: string | undefined;
  readonly caCertFile: string | undefined;
  readonly insecure: boolean;
}

/** The resolved metadata options. */
export interface MetadataOptions {
  /** An adapter id, `none`, or undefined to detect. */
  readonly ci: string | undefined;
  readonly ciApi: boolean;
  readonly gitlabMrNote: boolean;
  readonly meta: readonly string[];
  readonly metaFile: string | undefined;
  readonly buildResult: Sourced<BuildResult> | undefined;
}

/** Everything `upload` needs, validated. */
export interface UploadOptions {
  readonly server: ServerOptions;
  readonly metadata: MetadataOptions;
  readonly target: {
    readonly testSpec: string | undefined;
    readonly project: string | undefined;
    readonly testSpecTitle: string | undefined;
    readonly projectTitle: string | undefined;
    readonly createMissing: boolean;
    readonly testTool: string | undefined;
  };
  readonly files: {
    /** Include patterns as given (items may be comma lists); empty: ask the server. */
    readonly include: readonly string[];
    readonly includeOrigin: string | undefined;
    readonly exclude: readonly string[];
    readonly baseDir: string | undefined;
    readonly allowEmpty: boolean;
    readonly freshOnly: boolean;
  };
  readonly transfer: {
    readonly stream: boolean;
    readonly level: number | undefined;
  };
  readonly output: {
    readonly dryRun: boolean;
    readonly saveRequest: string | undefined;
    readonly json: boolean;
    readonly receipt: string | undefined;
    readonly softFail: boolean;
    readonly verbosity: Verbosity;
  };
}

/** How much goes to stderr. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

function invalid(option: string, value: unknown, expected: string, env?: string): XltvError {
  return new XltvError(
    'INVALID_OPTION',
    `${option}: invalid value ${JSON.stringify(value)}; expected ${expected}`,
    {
      option,
      ...(env ? { env } : {}),
      value,
      expected,
    },
  );
}

/** A non-blank string or undefined. */
function given(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The flag's value, else the variable's (empty counts as unset), with its origin. */
export function pick(
  flag: string | undefined,
  env: Env,
  name: string,
): Sourced<string> | undefined {
  const fromFlag = given(flag);
  if (fromFlag !== undefined) return { value: fromFlag, origin: 'flag' };
  const fromEnv = given(env[name]);
  return fromEnv !== undefined ? { value: fromEnv, origin: name } : undefined;
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/**
 * A boolean switch that is also an environment variable: the flag wins; the variable takes
 * `1/true/yes/on` or `0/false/no/off` (any case).
 */
export function resolveSwitch(
  flag: boolean | undefined,
  env: Env,
  name: string,
  option: string,
): boolean {
  if (flag) return true;
  const raw = given(env[name]);
  if (raw === undefined) return false;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw invalid(option, raw, `one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`, name);
}

/** A whole number in `[min, max]`. */
export function parseInteger(
  raw: string,
  option: string,
  min: number,
  max: number,
  env?: string,
): number {
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(option, raw, `a whole number from ${min} to ${max}`, env);
  }
  return value;
}

/** A positive number of seconds, returned in milliseconds. */
export function parseSeconds(raw: string, option: string): number {
  const text = raw.trim();
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > 86_400) {
    throw invalid(option, raw, 'a number of seconds greater than 0 (at most 86400)');
  }
  return Math.round(value * 1000);
}

/** GitHub's, GitLab's and Jenkins' words for a build's outcome, mapped to ours. */
const BUILD_RESULT_WORDS: Readonly<Record<string, BuildResult>> = {
  success: 'SUCCESS',
  succeeded: 'SUCCESS',
  passed: 'SUCCESS',
  failure: 'FAILURE',
  failed: 'FAILURE',
  cancelled: 'ABORTED',
  canceled: 'ABORTED',
  aborted: 'ABORTED',
  unstable: 'UNSTABLE',
  running: 'RUNNING',
};

/** The build-result words `--build-result` accepts (any case). */
export const BUILD_RESULT_INPUTS: readonly string[] = Object.keys(BUILD_RESULT_WORDS);

/**
 * Map `--build-result` / `XLTV_BUILD_RESULT` (Jenkins `${currentBuild.currentResult}`,
 * GitHub `${{ job.status }}`, …) onto the metadata vocabulary.
 * @throws {XltvError} `INVALID_OPTION` naming the value and the allowed ones
 */
export function parseBuildResult(raw: string, origin = 'flag'): BuildResult {
  const mapped = mapBuildResult(raw, BUILD_RESULT_WORDS);
  if (mapped) return mapped;
  throw invalid(
    '--build-result',
    raw,
    `one of ${BUILD_RESULTS.join(', ')} (or success, failure, cancelled as GitHub spells them)`,
    origin === 'flag' ? undefined : origin,
  );
}

/** True for an absolute http(s) URL. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `--url` / `XLTV_URL`, checked; credentials inside are allowed (and never printed). */
export function resolveUrl(flag: string | undefined, env: Env): string | undefined {
  const url = pick(flag, env, OPTION_ENV.url);
  if (url === undefined) return undefined;
  if (!isHttpUrl(url.value)) {
    throw new XltvError('INVALID_URL', `--url: not an absolute http(s) URL`, {
      option: '--url',
      ...(url.origin === 'flag' ? {} : { env: url.origin }),
      value: redactUserinfo(url.value),
    });
  }
  return url.value;
}

/** Remove `user:password@` for display; a best effort on unparsable input too. */
export function redactUserinfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

/** The connection options shared by every command that reaches the server. */
export function resolveServerOptions(flags: RawServerFlags, env: Env): ServerOptions {
  const proxy = given(flags.proxy);
  if (proxy !== undefined && !isHttpUrl(proxy)) {
    throw new XltvError('INVALID_URL', '--proxy: not an absolute http(s) URL', {
      option: '--proxy',
      value: redactUserinfo(proxy),
    });
  }
  return {
    url: resolveUrl(flags.url, env),
    username: pick(flags.username, env, OPTION_ENV.username)?.value,
    password: pick(flags.password, env, OPTION_ENV.password)?.value,
    retries:
      flags.retries === undefined
        ? NETWORK_DEFAULTS.retries
        : parseInteger(flags.retries, '--retries', 0, 20),
    timeoutMs:
      flags.timeout === undefined
        ? NETWORK_DEFAULTS.timeoutSeconds * 1000
        : parseSeconds(flags.timeout, '--timeout'),
    connectTimeoutMs:
      flags.connectTimeout === undefined
        ? NETWORK_DEFAULTS.connectTimeoutSeconds * 1000
        : parseSeconds(flags.connectTimeout, '--connect-timeout'),
    proxy,
    caCertFile: given(flags.caCert),
    insecure: flags.insecure === true,
  };
}

/** The metadata options shared by `upload` and `env`. */
export function resolveMetadataOptions(flags: RawMetadataFlags, env: Env): MetadataOptions {
  const buildResult = pick(flags.buildResult, env, OPTION_ENV.buildResult);
  return {
    ci: pick(flags.ci, env, OPTION_ENV.ci)?.value.trim(),
    ciApi: flags.ciApi !== false,
    gitlabMrNote: flags.gitlabMrNote === true,
    meta: flags.meta ?? [],
    metaFile: given(flags.metaFile),
    buildResult: buildResult && {
      value: parseBuildResult(buildResult.value, buildResult.origin),
      origin: buildResult.origin,
    },
  };
}

/** `--include` items, positional patterns, else `XLTV_INCLUDE`: the flags win as a whole. */
export function resolvePatterns(
  positional: readonly string[],
  flagItems: readonly string[] | undefined,
  env: Env,
  name: string,
): Sourced<string[]> | undefined {
  const fromFlags = [...positional, ...(flagItems ?? [])].filter(
    (item) => given(item) !== undefined,
  );
  if (fromFlags.length > 0) return { value: fromFlags, origin: 'flag' };
  const fromEnv = given(env[name]);
  return fromEnv !== undefined ? { value: [fromEnv], origin: name } : undefined;
}

/** The verbosity from `--verbose` / `--quiet` (they exclude each other). */
export function resolveVerbosity(flags: { verbose?: boolean; quiet?: boolean }): Verbosity {
  if (flags.verbose && flags.quiet) {
    throw invalid('--quiet', '--verbose', 'only one of --verbose and --quiet');
  }
  return flags.verbose ? 'verbose' : flags.quiet ? 'quiet' : 'normal';
}

/**
 * Resolve and validate every `upload` option.
 * @throws {XltvError} `INVALID_OPTION` / `INVALID_URL` naming the option and value
 */
export function resolveUploadOptions(
  flags: RawUploadFlags,
  positional: readonly string[],
  env: Env,
): UploadOptions {
  const verbosity = resolveVerbosity(flags);
  const softFail = resolveSwitch(flags.softFail, env, OPTION_ENV.softFail, '--soft-fail');
  const server = resolveServerOptions(flags, env);
  const metadata = resolveMetadataOptions(flags, env);
  const include = resolvePatterns(positional, flags.include, env, OPTION_ENV.include);
  const exclude = resolvePatterns([], flags.exclude, env, OPTION_ENV.exclude);
  const level = pick(flags.level, env, OPTION_ENV.level);
  const dryRun = flags.dryRun === true;

  const testSpec = pick(flags.testSpec, env, OPTION_ENV.testSpec)?.value;
  const project = pick(flags.project, env, OPTION_ENV.project)?.value;
  const testSpecTitle = given(flags.testSpecTitle);
  const projectTitle = given(flags.projectTitle);
  const testTool = given(flags.testTool);
  const createMissing = flags.createMissing === true;

  if (testSpec !== undefined && testSpecTitle !== undefined) {
    throw invalid(
      '--test-spec-title',
      testSpecTitle,
      'either --test-spec or --test-spec-title, not both',
    );
  }
  if (project !== undefined && projectTitle !== undefined) {
    throw invalid('--project-title', projectTitle, 'either --project or --project-title, not both');
  }
  if (testSpecTitle !== undefined && project === undefined && projectTitle === undefined) {
    throw invalid(
      '--test-spec-title',
      testSpecTitle,
      'a project to look it up in: add --project <id> or --project-title <title>',
    );
  }
  if (testSpec === undefined && testSpecTitle === undefined && !dryRun) {
    throw new XltvError('INVALID_OPTION', 'no test specification given', {
      option: '--test-spec',
      env: OPTION_ENV.testSpec,
      missing: true,
      expected: 'the id of the test specification to import into (see `xltv specs`)',
    });
  }
  if (
    server.url === undefined &&
    (!dryRun || include === undefined || testSpecTitle !== undefined)
  ) {
    throw new XltvError('INVALID_OPTION', 'no server URL given', {
      option: '--url',
      env: OPTION_ENV.url,
      missing: true,
      expected: 'the XL TestView base URL, with any context root (https://host:6516/xltest)',
    });
  }
  if (createMissing && testSpecTitle !== undefined && testTool === undefined) {
    throw invalid(
      '--test-tool',
      '',
      'the test tool of the test specification to create, e.g. xlt.JUnit (needed with --create-missing)',
    );
  }
  if (flags.saveRequest !== undefined && given(flags.saveRequest) === undefined) {
    throw invalid('--save-request', flags.saveRequest, 'a file name');
  }

  return {
    server,
    metadata,
    target: { testSpec, project, testSpecTitle, projectTitle, createMissing, testTool },
    files: {
      include: include?.value ?? [],
      includeOrigin: include?.origin,
      exclude: exclude?.value ?? [],
      baseDir: given(flags.baseDir),
      allowEmpty: flags.allowEmpty === true,
      freshOnly: flags.freshOnly === true,
    },
    transfer: {
      stream: flags.stream === true,
      level:
        level === undefined
          ? undefined
          : parseInteger(
              level.value,
              '--level',
              0,
              9,
              level.origin === 'flag' ? undefined : level.origin,
            ),
    },
    output: {
      dryRun,
      saveRequest: given(flags.saveRequest),
      json: flags.json === true,
      receipt: given(flags.receipt),
      softFail,
      verbosity,
    },
  };
}
