/**
 * Harness CI → XL TestView metadata, per docs/ci-mapping.md §20.
 * Docs of the variables: https://developer.harness.io/docs/continuous-integration/troubleshoot-ci/ci-env-var
 *
 * Harness sets its own HARNESS_* identifiers next to Drone-compatible DRONE_* and CI_*
 * variables (DRONE=true included): it is detected by the HARNESS_* markers only, and the
 * CLI's registry tries it before Drone.
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  normalizeTag,
  parseTimestamp,
  repositoryFromUrl,
  stripCredentials,
  tagFromRef,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'HARNESS_BUILD_ID',
  'HARNESS_EXECUTION_ID',
  'HARNESS_PIPELINE_ID',
  'CI_BUILD_LINK',
  'DRONE_BUILD_LINK',
  'CI_BUILD_NUMBER',
  'DRONE_BUILD_NUMBER',
  'DRONE_PULL_REQUEST',
  'DRONE_SOURCE_BRANCH',
  'DRONE_COMMIT_BRANCH',
  'DRONE_BRANCH',
  'DRONE_TARGET_BRANCH',
  'DRONE_COMMIT_SHA',
  'DRONE_TAG',
  'DRONE_REPO',
  'CI_REPO',
  'DRONE_GIT_HTTP_URL',
  'CI_REPO_REMOTE',
  'DRONE_REPO_LINK',
  'HARNESS_STAGE_ID',
  'DRONE_STAGE_NAME',
  'HARNESS_STEP_ID',
  'DRONE_STEP_NAME',
  'DRONE_BUILD_STARTED',
  'CI_BUILD_STARTED',
] as const;

/** The Harness CI adapter. */
export const harness = {
  id: 'harness',
  name: 'Harness CI',
  docsUrl: 'https://developer.harness.io/docs/continuous-integration/troubleshoot-ci/ci-env-var',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'HARNESS_BUILD_ID', 'HARNESS_EXECUTION_ID'),
  resolve(env: Env) {
    const r = new Resolution('harness', env);
    const buildLink = r.read('CI_BUILD_LINK', 'DRONE_BUILD_LINK');
    r.set('ciServerUrl', derive(buildLink, urlOrigin, `origin of ${buildLink?.origin}`));
    r.set('ciJobName', r.read('HARNESS_PIPELINE_ID'));
    r.set('ciBuildNumber', r.read('HARNESS_BUILD_ID', 'CI_BUILD_NUMBER', 'DRONE_BUILD_NUMBER'));
    r.set('ciBuildUrl', buildLink);

    r.set('pullRequest', r.read('DRONE_PULL_REQUEST'));
    const hasPullRequest = r.get('pullRequest') !== undefined;
    // DRONE_BRANCH and DRONE_COMMIT_BRANCH hold the target branch on pull requests; the
    // source branch has its own variable (set on branch builds too, to the same branch).
    const branchRef =
      hasPullRequest || r.value('DRONE_SOURCE_BRANCH') !== undefined
        ? r.read('DRONE_SOURCE_BRANCH')
        : r.read('DRONE_COMMIT_BRANCH', 'DRONE_BRANCH');
    r.set('branch', derive(branchRef, normalizeBranch));
    if (hasPullRequest) {
      r.set('targetBranch', derive(r.read('DRONE_TARGET_BRANCH', 'DRONE_BRANCH'), normalizeBranch));
    }
    // Tag pushes put `refs/tags/<tag>` into the branch variables.
    r.set('tag', derive(r.read('DRONE_TAG'), normalizeTag));
    r.fallback('tag', derive(branchRef, tagFromRef));
    r.set('commit', r.read('DRONE_COMMIT_SHA'));

    r.set('repository', r.read('DRONE_REPO'));
    r.fallback(
      'repository',
      derive(r.read('CI_REPO'), (slug) => (slug.includes('/') ? slug : undefined)),
    );
    const remote = r.read('DRONE_GIT_HTTP_URL', 'CI_REPO_REMOTE');
    r.fallback(
      'repository',
      derive(remote, repositoryFromUrl, `(repository of ${remote?.origin})`),
    );
    r.set('repositoryUrl', derive(r.read('DRONE_REPO_LINK'), stripCredentials));
    r.set('pipelineId', r.read('HARNESS_EXECUTION_ID'));
    r.set('stage', r.read('HARNESS_STAGE_ID', 'DRONE_STAGE_NAME'));
    r.set('step', r.read('HARNESS_STEP_ID', 'DRONE_STEP_NAME'));
    return r.done({
      buildStartedAt: parseTimestamp(r.value('DRONE_BUILD_STARTED', 'CI_BUILD_STARTED')),
    });
  },
} satisfies CiAdapter;

export default harness;
