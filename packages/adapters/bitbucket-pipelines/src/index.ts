/**
 * Bitbucket Pipelines → XL TestView metadata, per docs/ci-mapping.md §8.
 * Docs of the variables: https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  normalizeTag,
  repositoryFromUrl,
  stripCredentials,
  tagFromRef,
  type CiAdapter,
  type Env,
  type Traced,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'BITBUCKET_BUILD_NUMBER',
  'BITBUCKET_COMMIT',
  'BITBUCKET_REPO_FULL_NAME',
  'BITBUCKET_WORKSPACE',
  'BITBUCKET_REPO_SLUG',
  'BITBUCKET_EXIT_CODE',
  'BITBUCKET_BRANCH',
  'BITBUCKET_TAG',
  'BITBUCKET_PR_ID',
  'BITBUCKET_PR_DESTINATION_BRANCH',
  'BITBUCKET_GIT_HTTP_ORIGIN',
  'BITBUCKET_PIPELINE_UUID',
] as const;

/** Bitbucket Pipelines is Bitbucket Cloud only. */
const SERVER_URL = 'https://bitbucket.org';

/** `BITBUCKET_EXIT_CODE` (set in `after-script` only): 0 → SUCCESS, any other code → FAILURE. */
function resultFromExitCode(code: string): string | undefined {
  if (!/^-?\d+$/.test(code.trim())) return undefined;
  return Number(code) === 0 ? 'SUCCESS' : 'FAILURE';
}

/** The Bitbucket Pipelines adapter. */
export const bitbucketPipelines = {
  id: 'bitbucket-pipelines',
  name: 'Bitbucket Pipelines',
  docsUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'BITBUCKET_BUILD_NUMBER', 'BITBUCKET_COMMIT'),
  resolve(env: Env) {
    const r = new Resolution('bitbucket-pipelines', env);
    const workspace = r.value('BITBUCKET_WORKSPACE');
    const slug = r.value('BITBUCKET_REPO_SLUG');
    const fullName: Traced | undefined =
      r.read('BITBUCKET_REPO_FULL_NAME') ??
      (workspace !== undefined && slug !== undefined
        ? {
            value: `${workspace}/${slug}`,
            origin: 'BITBUCKET_WORKSPACE + "/" + BITBUCKET_REPO_SLUG',
          }
        : undefined);
    const buildNumber = r.read('BITBUCKET_BUILD_NUMBER');

    r.set('ciServerUrl', SERVER_URL, `"${SERVER_URL}" (Bitbucket Cloud)`);
    r.set('ciJobName', fullName);
    if (fullName !== undefined) {
      const base = `${SERVER_URL}/${fullName.value}`;
      r.set(
        'ciJobUrl',
        `${base}/pipelines`,
        `"${SERVER_URL}/" + ${fullName.origin} + "/pipelines"`,
      );
      if (buildNumber !== undefined) {
        r.set(
          'ciBuildUrl',
          `${base}/pipelines/results/${buildNumber.value}`,
          `"${SERVER_URL}/" + ${fullName.origin} + "/pipelines/results/" + BITBUCKET_BUILD_NUMBER`,
        );
      }
    }
    r.set('ciBuildNumber', buildNumber);
    r.set(
      'ciBuildResult',
      derive(
        r.read('BITBUCKET_EXIT_CODE'),
        resultFromExitCode,
        'BITBUCKET_EXIT_CODE (0 → SUCCESS)',
      ),
    );

    const branch = r.read('BITBUCKET_BRANCH');
    r.set('branch', derive(branch, normalizeBranch));
    r.set('tag', derive(r.read('BITBUCKET_TAG'), normalizeTag));
    r.fallback('tag', derive(branch, tagFromRef));
    r.set('commit', r.read('BITBUCKET_COMMIT'));
    r.set('pullRequest', r.read('BITBUCKET_PR_ID'));
    r.set('targetBranch', derive(r.read('BITBUCKET_PR_DESTINATION_BRANCH'), normalizeBranch));

    const origin = r.read('BITBUCKET_GIT_HTTP_ORIGIN');
    r.set('repository', fullName);
    r.fallback('repository', derive(origin, repositoryFromUrl, 'BITBUCKET_GIT_HTTP_ORIGIN (path)'));
    r.set('repositoryUrl', derive(origin, stripCredentials));
    if (fullName !== undefined) {
      r.fallback('repositoryUrl', {
        value: `${SERVER_URL}/${fullName.value}`,
        origin: `"${SERVER_URL}/" + ${fullName.origin}`,
      });
    }
    r.set('pipelineId', r.read('BITBUCKET_PIPELINE_UUID'));
    return r.done();
  },
} satisfies CiAdapter;

export default bitbucketPipelines;
