/**
 * The CLI's names for core's options: the flag of each, and the environment variable behind
 * those that have one (docs/cli.md "Options of upload").
 */
import { ADAPTER_OPTIONS } from './registry.js';

/** The environment variable behind each option. */
export const OPTION_ENV = {
  url: 'XLTV_URL',
  testSpec: 'XLTV_TEST_SPEC',
  project: 'XLTV_PROJECT',
  username: 'XLTV_USERNAME',
  password: 'XLTV_PASSWORD',
  include: 'XLTV_INCLUDE',
  exclude: 'XLTV_EXCLUDE',
  maxFiles: 'XLTV_MAX_FILES',
  maxBytes: 'XLTV_MAX_BYTES',
  adapter: 'XLTV_CI',
  buildResult: 'XLTV_BUILD_RESULT',
  level: 'XLTV_ZIP_LEVEL',
  softFail: 'XLTV_SOFT_FAIL',
  spoolDir: 'XLTV_SPOOL_DIR',
  spoolMaxBytes: 'XLTV_SPOOL_MAX',
  runSpanMs: 'XLTV_RUN_SPAN',
  summaryFile: 'XLTV_SUMMARY_FILE',
} as const;

/** The flag of each core option (adapter options: {@link ADAPTER_OPTIONS}). */
const OPTION_FLAGS: Readonly<Record<string, string>> = {
  url: '--url',
  username: '--username',
  password: '--password',
  retries: '--retries',
  timeoutMs: '--timeout',
  connectTimeoutMs: '--connect-timeout',
  proxy: '--proxy',
  caCertFile: '--ca-cert',
  insecure: '--insecure',
  testSpec: '--test-spec',
  project: '--project',
  testSpecTitle: '--test-spec-title',
  projectTitle: '--project-title',
  createMissing: '--create-missing',
  testTool: '--test-tool',
  include: '--include',
  exclude: '--exclude',
  baseDir: '--base-dir',
  allowEmpty: '--allow-empty',
  freshOnly: '--fresh-only',
  maxFiles: '--max-files',
  maxBytes: '--max-bytes',
  adapter: '--ci',
  ciApi: '--no-ci-api',
  meta: '--meta',
  metaFile: '--meta-file',
  buildResult: '--build-result',
  stream: '--stream',
  level: '--level',
  dryRun: '--dry-run',
  saveRequest: '--save-request',
  softFail: '--soft-fail',
  spoolDir: '--spool-dir',
  spoolMaxBytes: '--spool-max',
  maxAgeMs: '--spool-max-age',
  results: '--no-results',
  strictResults: '--strict-results',
  runSpanMs: '--run-span',
  summary: '--no-summary',
  summaryFile: '--summary-file',
  verbose: '--verbose',
  quiet: '--quiet',
};

/** The flag for a core option's name, if the CLI has one. */
export function flagOf(option: string): string | undefined {
  return OPTION_FLAGS[option] ?? ADAPTER_OPTIONS.find(({ name }) => name === option)?.flag;
}

/** The environment variable behind a core option, if any. */
export function variableOf(option: string): string | undefined {
  return Object.hasOwn(OPTION_ENV, option)
    ? OPTION_ENV[option as keyof typeof OPTION_ENV]
    : undefined;
}

/** Per core option: `flag`, or the environment variable its value came from. */
export type Origins = Record<string, string>;
