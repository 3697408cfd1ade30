/**
 * Flags → the options of core's calls (docs/cli.md "Options of upload"). A flag beats its
 * environment variable and an empty variable counts as unset; text becomes numbers here.
 * Everything else about the values (ranges, what goes together) core checks, and
 * {@link Origins} lets the error words name the flag or the variable a bad value came from.
 */
import {
  XltvError,
  parseMetaFlags,
  type CheckOptions,
  type ConnectionOptions,
  type Env,
  type FlushOptions,
  type InspectOptions,
  type MetadataOptions,
  type UploadOptions,
} from '@xltv/core';
import { OPTION_ENV, type Origins } from './flags.js';
import { ADAPTERS, ADAPTER_OPTIONS } from './registry.js';

/** What commander hands over for the server connection (upload, check, specs). */
export interface ConnectionFlags {
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

/** What commander hands over for metadata (upload, env). */
export interface MetadataFlags {
  readonly ci?: string;
  /** `--no-ci-api` sets this to false. */
  readonly ciApi?: boolean;
  readonly meta?: readonly string[];
  readonly metaFile?: string;
  readonly buildResult?: string;
}

/** How much goes to stderr. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** What commander hands over to `upload`; adapter options come as their own keys. */
export interface UploadFlags extends ConnectionFlags, MetadataFlags, OutputFlags, ResultsFlags {
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
  readonly maxFiles?: string;
  readonly maxBytes?: string;
  readonly stream?: boolean;
  readonly level?: string;
  readonly dryRun?: boolean;
  readonly saveRequest?: string;
  readonly json?: boolean;
  readonly receipt?: string;
  readonly softFail?: boolean;
  readonly spoolDir?: string;
  readonly spoolMax?: string;
  readonly [adapterOption: string]: unknown;
}

/** The flags of `upload` and `inspect` about reading the result files. */
export interface ResultsFlags {
  /** `--no-results` sets this to false. */
  readonly results?: boolean;
  readonly strictResults?: boolean;
  readonly runSpan?: string;
  /** `--no-summary` sets this to false. */
  readonly summary?: boolean;
  readonly summaryFile?: string;
}

/** The output flags every command has. */
export interface OutputFlags {
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** Options with the origin of each value. */
export interface Resolved<T> {
  readonly options: T;
  readonly origins: Origins;
}

/** Collects options and where each came from. */
class Picker {
  readonly origins: Origins = {};
  constructor(private readonly env: Env) {}

  /** The flag's value, else the variable's (blank counts as unset). */
  text(option: string, flag: string | undefined, variable?: string): string | undefined {
    if (given(flag) !== undefined) {
      this.origins[option] = 'flag';
      return flag;
    }
    const value = variable !== undefined ? given(this.env[variable]) : undefined;
    if (value !== undefined && variable !== undefined) this.origins[option] = variable;
    return value;
  }

  /** A whole number written in digits. */
  integer(option: string, flag: string | undefined, variable?: string): number | undefined {
    const text = this.text(option, flag, variable);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text.trim())) throw notANumber(option, text);
    return Number(text.trim());
  }

  /** A size in bytes: digits with an optional unit, `K`, `M`, `G` or `T` (powers of 1024). */
  bytes(option: string, flag: string | undefined, variable?: string): number | undefined {
    const text = this.text(option, flag, variable);
    if (text === undefined) return undefined;
    const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(text.trim());
    if (!match) throw notA(option, text, 'size');
    const power = ' KMGT'.indexOf((match[2] ?? '').toUpperCase() || ' ');
    return Math.floor(Number(match[1]) * 1024 ** power);
  }

  /** A duration: digits with a unit, `s`, `m`, `h` or `d`, as milliseconds. */
  duration(option: string, flag: string | undefined, variable?: string): number | undefined {
    const text = this.text(option, flag, variable);
    if (text === undefined) return undefined;
    const match = /^(\d+(?:\.\d+)?)\s*([smhd])$/i.exec(text.trim());
    if (!match) throw notA(option, text, 'duration');
    const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's').toLowerCase() as 's'];
    return Math.round(Number(match[1]) * unit * 1000);
  }

  /** A number of seconds, as milliseconds. */
  seconds(option: string, flag: string | undefined): number | undefined {
    const text = this.text(option, flag);
    if (text === undefined) return undefined;
    if (!/^\d+(\.\d+)?$/.test(text.trim())) throw notANumber(option, text);
    return Math.round(Number(text.trim()) * 1000);
  }
}

/** A value that is set and not blank (an empty variable counts as unset). */
export function given(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function notANumber(option: string, value: string): XltvError {
  return notA(option, value, 'number');
}

/** The text of a number-like option does not read as one; `type` names what was expected. */
function notA(option: string, value: string, type: 'number' | 'size' | 'duration'): XltvError {
  return new XltvError('INVALID_OPTION', `${option}: not a ${type}`, {
    option,
    rule: 'type',
    type,
    value,
  });
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/**
 * A switch that is also an environment variable: the flag wins; the variable takes
 * `1/true/yes/on` or `0/false/no/off` (any case).
 */
export function resolveSwitch(
  flag: boolean | undefined,
  env: Env,
  option: keyof typeof OPTION_ENV,
): boolean {
  if (flag) return true;
  const variable = OPTION_ENV[option];
  const raw = given(env[variable]);
  if (raw === undefined) return false;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw new XltvError('INVALID_OPTION', `${variable}: not a switch`, {
    option,
    rule: 'one-of',
    value: raw,
    allowed: [...TRUE_WORDS, ...FALSE_WORDS],
    env: variable,
  });
}

/** `--verbose` / `--quiet` (they exclude each other). */
export function resolveVerbosity(flags: OutputFlags): Verbosity {
  if (flags.verbose && flags.quiet) {
    throw new XltvError('INVALID_OPTION', 'quiet: conflicts with verbose', {
      option: 'quiet',
      rule: 'conflict',
      with: 'verbose',
    });
  }
  return flags.verbose ? 'verbose' : flags.quiet ? 'quiet' : 'normal';
}

/** The connection options of `upload`, `check` and `specs`. */
export function connectionFromFlags(
  flags: ConnectionFlags,
  env: Env,
  pick = new Picker(env),
): Resolved<ConnectionOptions> {
  const options: ConnectionOptions = {
    url: pick.text('url', flags.url, OPTION_ENV.url),
    username: pick.text('username', flags.username, OPTION_ENV.username),
    password: pick.text('password', flags.password, OPTION_ENV.password),
    retries: pick.integer('retries', flags.retries),
    timeoutMs: pick.seconds('timeoutMs', flags.timeout),
    connectTimeoutMs: pick.seconds('connectTimeoutMs', flags.connectTimeout),
    proxy: pick.text('proxy', flags.proxy),
    caCertFile: pick.text('caCertFile', flags.caCert),
    insecure: flags.insecure === true,
    env,
  };
  return { options, origins: pick.origins };
}

/** What commander hands over to `check`. */
export interface CheckFlags extends ConnectionFlags, OutputFlags {
  readonly testSpec?: string;
  readonly project?: string;
}

/** The options of `check`. */
export function checkFromFlags(flags: CheckFlags, env: Env): Resolved<CheckOptions> {
  const pick = new Picker(env);
  const options: CheckOptions = {
    ...connectionFromFlags(flags, env, pick).options,
    testSpec: pick.text('testSpec', flags.testSpec, OPTION_ENV.testSpec),
    project: pick.text('project', flags.project, OPTION_ENV.project),
  };
  return { options, origins: pick.origins };
}

/** The metadata options of `upload` and `env`. */
export function metadataFromFlags(
  flags: MetadataFlags,
  env: Env,
  pick = new Picker(env),
): Resolved<MetadataOptions> {
  const options: MetadataOptions = {
    adapter: pick.text('adapter', flags.ci, OPTION_ENV.adapter)?.trim(),
    adapters: ADAPTERS,
    env,
    ciApi: flags.ciApi !== false,
    meta: parseMetaFlags(flags.meta ?? []),
    metaFile: pick.text('metaFile', flags.metaFile),
    buildResult: pick.text('buildResult', flags.buildResult, OPTION_ENV.buildResult),
  };
  return { options, origins: pick.origins };
}

/** `[patterns...]` and `--include` items, else the variable as one item: the flags win whole. */
function patterns(
  pick: Picker,
  option: 'include' | 'exclude',
  items: readonly string[],
): string[] | undefined {
  const fromFlags = items.filter((item) => given(item) !== undefined);
  if (fromFlags.length > 0) {
    pick.origins[option] = 'flag';
    return fromFlags;
  }
  const fromEnv = pick.text(option, undefined, OPTION_ENV[option]);
  return fromEnv !== undefined ? [fromEnv] : undefined;
}

/** Every option of `upload`, as core takes them. */
export function uploadFromFlags(
  flags: UploadFlags,
  positional: readonly string[],
  env: Env,
): Resolved<UploadOptions> {
  const pick = new Picker(env);
  const include = patterns(pick, 'include', [...positional, ...(flags.include ?? [])]);
  const exclude = patterns(pick, 'exclude', flags.exclude ?? []);
  const options: UploadOptions = {
    ...connectionFromFlags(flags, env, pick).options,
    ...metadataFromFlags(flags, env, pick).options,
    adapterOptions: adapterOptions(flags),
    testSpec: pick.text('testSpec', flags.testSpec, OPTION_ENV.testSpec),
    project: pick.text('project', flags.project, OPTION_ENV.project),
    testSpecTitle: pick.text('testSpecTitle', flags.testSpecTitle),
    projectTitle: pick.text('projectTitle', flags.projectTitle),
    createMissing: flags.createMissing === true,
    testTool: pick.text('testTool', flags.testTool),
    ...(include ? { include } : {}),
    ...(exclude ? { exclude } : {}),
    baseDir: pick.text('baseDir', flags.baseDir),
    allowEmpty: flags.allowEmpty === true,
    freshOnly: flags.freshOnly === true,
    maxFiles: pick.integer('maxFiles', flags.maxFiles, OPTION_ENV.maxFiles),
    maxBytes: pick.bytes('maxBytes', flags.maxBytes, OPTION_ENV.maxBytes),
    stream: flags.stream === true,
    level: pick.integer('level', flags.level, OPTION_ENV.level),
    dryRun: flags.dryRun === true,
    // Given but blank is a mistake worth an error (a file name is needed), not "unset".
    saveRequest: flags.saveRequest,
    softFail: resolveSwitch(flags.softFail, env, 'softFail'),
    spoolDir: pick.text('spoolDir', flags.spoolDir, OPTION_ENV.spoolDir),
    spoolMaxBytes: pick.bytes('spoolMaxBytes', flags.spoolMax, OPTION_ENV.spoolMaxBytes),
    results: flags.results !== false,
    ...resultsFromFlags(flags, pick),
  };
  return { options, origins: pick.origins };
}

/** How the result files are read and summed up, as `upload` and `inspect` take it. */
function resultsFromFlags(
  flags: ResultsFlags,
  pick: Picker,
): Pick<UploadOptions, 'strictResults' | 'runSpanMs' | 'summary' | 'summaryFile'> {
  return {
    strictResults: flags.strictResults === true,
    runSpanMs: pick.duration('runSpanMs', flags.runSpan, OPTION_ENV.runSpanMs),
    summary: flags.summary !== false,
    summaryFile: pick.text('summaryFile', flags.summaryFile, OPTION_ENV.summaryFile),
  };
}

/** What commander hands over to `inspect`. */
export interface InspectFlags extends OutputFlags, Omit<ResultsFlags, 'results'> {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly baseDir?: string;
  readonly allowEmpty?: boolean;
  readonly maxFiles?: string;
  readonly maxBytes?: string;
  readonly testTool?: string;
  readonly ci?: string;
  readonly json?: boolean;
}

/** Every option of `inspect`, as core takes them (`signal` and `onEvent` are the command's). */
export function inspectFromFlags(
  flags: InspectFlags,
  positional: readonly string[],
  env: Env,
): Resolved<InspectOptions> {
  const pick = new Picker(env);
  const include = patterns(pick, 'include', [...positional, ...(flags.include ?? [])]);
  const exclude = patterns(pick, 'exclude', flags.exclude ?? []);
  const options: InspectOptions = {
    // None given: core names the missing option.
    include: include ?? [],
    ...(exclude ? { exclude } : {}),
    baseDir: pick.text('baseDir', flags.baseDir),
    allowEmpty: flags.allowEmpty === true,
    maxFiles: pick.integer('maxFiles', flags.maxFiles, OPTION_ENV.maxFiles),
    maxBytes: pick.bytes('maxBytes', flags.maxBytes, OPTION_ENV.maxBytes),
    testTool: pick.text('testTool', flags.testTool),
    adapter: pick.text('adapter', flags.ci, OPTION_ENV.adapter)?.trim(),
    adapters: ADAPTERS,
    env,
    ...resultsFromFlags(flags, pick),
  };
  return { options, origins: pick.origins };
}

/** What commander hands over to `flush`. */
export interface FlushFlags extends ConnectionFlags, OutputFlags {
  readonly spoolDir?: string;
  readonly spoolMaxAge?: string;
  readonly json?: boolean;
  readonly softFail?: boolean;
}

/** The options of `flush`. */
export function flushFromFlags(flags: FlushFlags, env: Env): Resolved<FlushOptions> {
  const pick = new Picker(env);
  const spoolDir = pick.text('spoolDir', flags.spoolDir, OPTION_ENV.spoolDir);
  const options: FlushOptions = {
    ...connectionFromFlags(flags, env, pick).options,
    // core names the option when it is missing
    spoolDir: spoolDir as string,
    maxAgeMs: pick.duration('maxAgeMs', flags.spoolMaxAge),
  };
  return { options, origins: pick.origins };
}

/** The adapters' own switches (`--gitlab-mr-note` → `{ gitlabMrNote: true }`). */
function adapterOptions(flags: UploadFlags): Record<string, unknown> {
  return Object.fromEntries(
    ADAPTER_OPTIONS.filter(({ name }) => flags[name] === true).map(({ name }) => [name, true]),
  );
}
