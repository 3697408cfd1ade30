/**
 * The generic fallback for any CI without an adapter: one `XLTV_CI_*` variable per property.
 * These values fill or override what a detected adapter found, and alone make a usable
 * upload on an unknown CI. They are validated like adapter values (a URL that is not an
 * absolute http(s) URL is dropped with a warning).
 */
import type { Env, ResolvedCi } from './contract.js';
import { stripCredentials } from '../secrets.js';
import { Resolution, nonEmpty } from './kit.js';
import { CI_PROPERTY_KEYS, type CiPropertyKey } from '../properties.js';

/** `ciBuildNumber` → `XLTV_CI_BUILD_NUMBER`, `pullRequest` → `XLTV_CI_PULL_REQUEST`, … */
export function genericVariableName(key: CiPropertyKey): string {
  const words = key.replace(/^ci(?=[A-Z])/, '').replace(/([a-z])([A-Z])/g, '$1_$2');
  return `XLTV_CI_${words.toUpperCase()}`;
}

/** Every generic variable, in property order. */
export const GENERIC_ENV_VARS: readonly string[] = CI_PROPERTY_KEYS.map(genericVariableName);

/** `source` when only generic variables describe the CI and `XLTV_CI_SOURCE` is not set. */
export const GENERIC_SOURCE = 'generic';

/**
 * The properties given by `XLTV_CI_*` variables, or `undefined` when none is set.
 * `source` is only present when `XLTV_CI_SOURCE` is set: the caller decides the default
 * ({@link GENERIC_SOURCE} on an undetected CI, the adapter's id otherwise).
 */
export function resolveGenericCi(env: Env): ResolvedCi | undefined {
  if (!GENERIC_ENV_VARS.some((name) => nonEmpty(env[name]) !== undefined)) return undefined;
  const resolution = new Resolution(GENERIC_SOURCE, env).unset('source');
  for (const key of CI_PROPERTY_KEYS) {
    const traced = resolution.read(genericVariableName(key));
    if (key === 'repositoryUrl' && traced) {
      resolution.set(key, stripCredentials(traced.value), traced.origin);
    } else {
      resolution.set(key, traced);
    }
  }
  return resolution.done();
}
