/**
 * Codefresh → XL TestView metadata, per docs/ci-mapping.md §19.
 * Docs of the variables: https://codefresh.io/docs/docs/pipelines/variables/
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  parseTimestamp,
  tagFromRef,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'CF_BUILD_ID',
  'CF_URL',
  'CF_BUILD_URL',
  'CF_PIPELINE_NAME',
  'CF_BUILD_TIMESTAMP',
  'CF_BRANCH',
  'CF_PULL_REQUEST_TARGET',
  'CF_REVISION',
  'CF_PULL_REQUEST_NUMBER',
  'CF_PULL_REQUEST_ID',
  'CF_REPO_OWNER',
  'CF_REPO_NAME',
  'CF_STEP_NAME',
  'CF_CURRENT_ATTEMPT',
] as const;

/** The Codefresh adapter. */
export const codefresh = {
  id: 'codefresh',
  name: 'Codefresh',
  docsUrl: 'https://codefresh.io/docs/docs/pipelines/variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'CF_BUILD_ID'),
  resolve(env: Env) {
    const r = new Resolution('codefresh', env);
    const buildUrl = r.read('CF_BUILD_URL');
    r.set('ciServerUrl', r.read('CF_URL'));
    r.fallback('ciServerUrl', derive(buildUrl, urlOrigin, 'origin of CF_BUILD_URL'));
    r.set('ciJobName', r.read('CF_PIPELINE_NAME'));
    // Codefresh has no sequential build number: its build id (hex) is what users see.
    r.set('ciBuildNumber', r.read('CF_BUILD_ID'));
    r.set('ciBuildUrl', buildUrl);

    // CF_BRANCH holds the tag (`tags/v1.0`) on tag builds.
    const branch = r.read('CF_BRANCH');
    r.set('branch', derive(branch, normalizeBranch));
    r.set('tag', derive(branch, tagFromRef));
    r.set('targetBranch', derive(r.read('CF_PULL_REQUEST_TARGET'), normalizeBranch));
    r.set('commit', r.read('CF_REVISION'));
    r.set('pullRequest', r.read('CF_PULL_REQUEST_NUMBER', 'CF_PULL_REQUEST_ID'));
    const owner = r.value('CF_REPO_OWNER');
    const name = r.value('CF_REPO_NAME');
    if (owner !== undefined && name !== undefined) {
      r.set('repository', `${owner}/${name}`, 'CF_REPO_OWNER + "/" + CF_REPO_NAME');
    }
    r.set('pipelineId', r.read('CF_BUILD_ID'));
    r.set('attempt', r.read('CF_CURRENT_ATTEMPT'));
    r.set('step', r.read('CF_STEP_NAME'));
    return r.done({ buildStartedAt: parseTimestamp(r.value('CF_BUILD_TIMESTAMP')) });
  },
} satisfies CiAdapter;

export default codefresh;
