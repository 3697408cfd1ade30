/**
 * Wercker → XL TestView metadata, per docs/ci-mapping.md §20 (Wercker has been shut down; the
 * adapter is kept for completeness and old self-hosted setups).
 * Docs of the variables: https://devcenter.wercker.com/administration/environment-variables/available-env-vars/
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  parseTimestamp,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'WERCKER_MAIN_PIPELINE_STARTED',
  'WERCKER_RUN_URL',
  'WERCKER_BUILD_URL',
  'WERCKER_GIT_OWNER',
  'WERCKER_GIT_REPOSITORY',
  'WERCKER_GIT_BRANCH',
  'WERCKER_GIT_COMMIT',
] as const;

/** The Wercker adapter. */
export const wercker = {
  id: 'wercker',
  name: 'Wercker',
  docsUrl: 'https://devcenter.wercker.com/administration/environment-variables/available-env-vars/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'WERCKER_MAIN_PIPELINE_STARTED'),
  resolve(env: Env) {
    const r = new Resolution('wercker', env);
    const runUrl = r.read('WERCKER_RUN_URL', 'WERCKER_BUILD_URL');
    r.set('ciServerUrl', derive(runUrl, urlOrigin, `origin of ${runUrl?.origin}`));
    r.set('ciBuildUrl', runUrl);
    const owner = r.value('WERCKER_GIT_OWNER');
    const repository = r.value('WERCKER_GIT_REPOSITORY');
    if (owner !== undefined && repository !== undefined) {
      const slug = `${owner}/${repository}`;
      const origin = 'WERCKER_GIT_OWNER + "/" + WERCKER_GIT_REPOSITORY';
      r.set('ciJobName', slug, origin);
      r.set('repository', slug, origin);
    }
    r.set('branch', derive(r.read('WERCKER_GIT_BRANCH'), normalizeBranch));
    r.set('commit', r.read('WERCKER_GIT_COMMIT'));
    // WERCKER_MAIN_PIPELINE_STARTED is a Unix timestamp: the build's start, not its number.
    return r.done({ buildStartedAt: parseTimestamp(r.value('WERCKER_MAIN_PIPELINE_STARTED')) });
  },
} satisfies CiAdapter;

export default wercker;
