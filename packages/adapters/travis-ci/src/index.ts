/**
 * Travis CI → XL TestView metadata, per docs/ci-mapping.md §10.
 * Docs of the variables: https://docs.travis-ci.com/user/environment-variables/#default-environment-variables
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeTag,
  tagFromRef,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'TRAVIS',
  'TRAVIS_BUILD_WEB_URL',
  'TRAVIS_REPO_SLUG',
  'TRAVIS_BUILD_NUMBER',
  'TRAVIS_TEST_RESULT',
  'TRAVIS_PULL_REQUEST',
  'TRAVIS_PULL_REQUEST_BRANCH',
  'TRAVIS_BRANCH',
  'TRAVIS_COMMIT',
  'TRAVIS_TAG',
  'TRAVIS_BUILD_ID',
  'TRAVIS_JOB_NAME',
  'TRAVIS_JOB_NUMBER',
] as const;

/** `https://app.travis-ci.com/owner/repo/builds/123` → `https://app.travis-ci.com/owner/repo`. */
function repositoryPageUrl(buildUrl: string): string | undefined {
  return /^(.+)\/builds\/\d+\/?$/.exec(buildUrl)?.[1];
}

/** `TRAVIS_TEST_RESULT`: 0 when every `script` command so far passed, 1 otherwise. */
function resultFromTestResult(value: string): string | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  return Number(value) === 0 ? 'SUCCESS' : 'FAILURE';
}

/** The Travis CI adapter. */
export const travisCi = {
  id: 'travis-ci',
  name: 'Travis CI',
  docsUrl: 'https://docs.travis-ci.com/user/environment-variables/#default-environment-variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'TRAVIS'),
  resolve(env: Env) {
    const r = new Resolution('travis-ci', env);
    const buildUrl = r.read('TRAVIS_BUILD_WEB_URL');
    r.set('ciServerUrl', derive(buildUrl, urlOrigin, 'origin of TRAVIS_BUILD_WEB_URL'));
    r.set('ciJobName', r.read('TRAVIS_REPO_SLUG'));
    r.set(
      'ciJobUrl',
      derive(buildUrl, repositoryPageUrl, 'TRAVIS_BUILD_WEB_URL without "/builds/<id>"'),
    );
    r.set('ciBuildNumber', r.read('TRAVIS_BUILD_NUMBER'));
    r.set('ciBuildUrl', buildUrl);
    r.set(
      'ciBuildResult',
      derive(
        r.read('TRAVIS_TEST_RESULT'),
        resultFromTestResult,
        'TRAVIS_TEST_RESULT (0 → SUCCESS)',
      ),
    );

    r.set(
      'pullRequest',
      derive(r.read('TRAVIS_PULL_REQUEST'), (value) => (value === 'false' ? undefined : value)),
    );
    const headBranch = r.read('TRAVIS_PULL_REQUEST_BRANCH');
    // On pull requests TRAVIS_BRANCH is the target branch, on tag builds the tag.
    const branchVariable = r.read('TRAVIS_BRANCH');
    r.setBranches({ head: headBranch, branch: branchVariable });
    r.set('tag', derive(r.read('TRAVIS_TAG'), normalizeTag));
    r.fallback('tag', derive(branchVariable, tagFromRef));
    r.set('commit', r.read('TRAVIS_COMMIT'));
    r.set('repository', r.read('TRAVIS_REPO_SLUG'));
    r.set('pipelineId', r.read('TRAVIS_BUILD_ID'));
    r.set('step', r.read('TRAVIS_JOB_NAME', 'TRAVIS_JOB_NUMBER'));
    return r.done();
  },
} satisfies CiAdapter;

export default travisCi;
