/**
 * The metadata model of the XL TestView import (docs/protocol.md §4): the eight keys of the
 * Jenkins plugin ("the seed") plus the extras @xltv sends when a CI knows them.
 */

/** The seed's eight keys, in the order the Jenkins plugin documents them. */
export const SEED_PROPERTY_KEYS = [
  'ciBuildNumber',
  'ciBuildResult',
  'ciBuildUrl',
  'ciExecutedOn',
  'ciJobName',
  'ciJobUrl',
  'ciServerUrl',
  'source',
] as const;

/** Extra string properties sent when known. */
export const EXTRA_PROPERTY_KEYS = [
  'branch',
  'targetBranch',
  'commit',
  'tag',
  'pullRequest',
  'repository',
  'repositoryUrl',
  'pipelineId',
  'attempt',
  'stage',
  'step',
] as const;

/** Every property a CI adapter may resolve. */
export const CI_PROPERTY_KEYS = [...SEED_PROPERTY_KEYS, ...EXTRA_PROPERTY_KEYS] as const;

/** Any property a CI adapter may resolve. */
export type CiPropertyKey = (typeof CI_PROPERTY_KEYS)[number];

/** The properties must be absolute http(s) URLs. */
export const URL_PROPERTY_KEYS = ['ciServerUrl', 'ciJobUrl', 'ciBuildUrl'] as const;

/**
 * What a CI adapter resolves. Every value is a non-empty string; an unknown value is
 * absent (the key is not present), never `""`, `null` or `undefined`-valued.
 */
export type CiProperties = { [K in CiPropertyKey]?: string };

/** The build-result vocabulary of `ciBuildResult`. */
export const BUILD_RESULTS = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'ABORTED', 'RUNNING'] as const;
/** One value of {@link BUILD_RESULTS}. */
export type BuildResult = (typeof BUILD_RESULTS)[number];

/** True when `value` is one of the {@link BUILD_RESULTS}. */
export function isBuildResult(value: unknown): value is BuildResult {
  return typeof value === 'string' && (BUILD_RESULTS as readonly string[]).includes(value);
}

/** `source` when no CI is detected or `--ci none` is chosen. */
export const LOCAL_SOURCE = 'local';
