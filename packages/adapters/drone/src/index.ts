/**
 * Drone → XL TestView metadata, per docs/ci-mapping.md §12.
 * Docs of the variables: https://docs.drone.io/pipeline/environment/reference/
 */
import {
  Resolution,
  anySet,
  derive,
  mapBuildResult,
  normalizeTag,
  parseTimestamp,
  repositoryFromUrl,
  stripCredentials,
  tagFromRef,
  urlOrigin,
  type CiAdapter,
  type Env,
  type Traced,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'DRONE',
  'DRONE_SYSTEM_PROTO',
  'DRONE_SYSTEM_HOST',
  'DRONE_BUILD_LINK',
  'DRONE_BUILD_URL',
  'CI_BUILD_LINK',
  'DRONE_REPO',
  'DRONE_REPO_OWNER',
  'DRONE_REPO_NAME',
  'DRONE_GIT_HTTP_URL',
  'DRONE_REPO_LINK',
  'DRONE_BUILD_NUMBER',
  'DRONE_BUILD_STATUS',
  'DRONE_STAGE_MACHINE',
  'DRONE_PULL_REQUEST',
  'DRONE_SOURCE_BRANCH',
  'DRONE_BRANCH',
  'DRONE_COMMIT_BRANCH',
  'DRONE_TARGET_BRANCH',
  'DRONE_COMMIT_SHA',
  'DRONE_COMMIT',
  'DRONE_TAG',
  'DRONE_STAGE_NAME',
  'DRONE_STEP_NAME',
  'DRONE_BUILD_STARTED',
] as const;

/** `https://drone.example.com/owner/repo/42` → `https://drone.example.com/owner/repo`. */
function repositoryPageUrl(buildLink: string): string | undefined {
  return /^(.+)\/\d+\/?$/.exec(buildLink)?.[1];
}

/** A Unix timestamp that is not 0 (the value of a time that has not happened yet). */
function startedAt(value: string | undefined): Date | undefined {
  return value !== undefined && /^0+$/.test(value.trim()) ? undefined : parseTimestamp(value);
}

/** The Drone adapter. */
export const drone = {
  id: 'drone',
  name: 'Drone',
  docsUrl: 'https://docs.drone.io/pipeline/environment/reference/',
  envVars: ENV_VARS,
  // Harness CI sets DRONE_* too; the registry checks Harness first (docs/ci-mapping.md §1).
  detect: (env: Env): boolean => anySet(env, 'DRONE'),
  resolve(env: Env) {
    const r = new Resolution('drone', env);
    const buildLink = r.read('DRONE_BUILD_LINK', 'DRONE_BUILD_URL', 'CI_BUILD_LINK');
    const proto = r.value('DRONE_SYSTEM_PROTO');
    const host = r.value('DRONE_SYSTEM_HOST');
    if (proto !== undefined && host !== undefined) {
      r.set('ciServerUrl', `${proto}://${host}`, 'DRONE_SYSTEM_PROTO + "://" + DRONE_SYSTEM_HOST');
    }
    r.fallback('ciServerUrl', derive(buildLink, urlOrigin, `origin of ${buildLink?.origin ?? ''}`));

    const owner = r.value('DRONE_REPO_OWNER');
    const name = r.value('DRONE_REPO_NAME');
    const cloneUrl = r.read('DRONE_GIT_HTTP_URL');
    const repository: Traced | undefined =
      r.read('DRONE_REPO') ??
      (owner !== undefined && name !== undefined
        ? { value: `${owner}/${name}`, origin: 'DRONE_REPO_OWNER + "/" + DRONE_REPO_NAME' }
        : derive(cloneUrl, repositoryFromUrl, 'DRONE_GIT_HTTP_URL (path)'));
    r.set('ciJobName', repository);
    r.set(
      'ciJobUrl',
      derive(buildLink, repositoryPageUrl, `${buildLink?.origin ?? ''} without the build number`),
    );
    r.set('ciBuildNumber', r.read('DRONE_BUILD_NUMBER'));
    r.set('ciBuildUrl', buildLink);
    r.set(
      'ciBuildResult',
      derive(r.read('DRONE_BUILD_STATUS'), (status) =>
        mapBuildResult(status, {
          success: 'SUCCESS',
          failure: 'FAILURE',
          error: 'FAILURE',
          killed: 'ABORTED',
        }),
      ),
    );
    r.set('ciExecutedOn', r.read('DRONE_STAGE_MACHINE'));

    r.set('pullRequest', r.read('DRONE_PULL_REQUEST'));
    const sourceBranch = r.read('DRONE_SOURCE_BRANCH');
    // On pull requests DRONE_BRANCH is the target branch.
    const branchVariable = r.read('DRONE_BRANCH', 'DRONE_COMMIT_BRANCH');
    r.setBranches({
      head: sourceBranch,
      branch: branchVariable,
      target: r.read('DRONE_TARGET_BRANCH'),
    });
    r.set('tag', derive(r.read('DRONE_TAG'), normalizeTag));
    r.fallback('tag', derive(branchVariable, tagFromRef));
    r.set('commit', r.read('DRONE_COMMIT_SHA', 'DRONE_COMMIT'));
    r.set('repository', repository);
    r.set('repositoryUrl', derive(r.read('DRONE_REPO_LINK'), stripCredentials));
    r.fallback('repositoryUrl', derive(cloneUrl, stripCredentials));
    r.set('stage', r.read('DRONE_STAGE_NAME'));
    r.set('step', r.read('DRONE_STEP_NAME'));
    return r.done({ buildStartedAt: startedAt(r.value('DRONE_BUILD_STARTED')) });
  },
} satisfies CiAdapter;

export default drone;
