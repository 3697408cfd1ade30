/**
 * Woodpecker CI → XL TestView metadata, per docs/ci-mapping.md §13.
 * Docs of the variables: https://woodpecker-ci.org/docs/usage/environment
 */
import {
  Resolution,
  derive,
  mapBuildResult,
  normalizeTag,
  parseTimestamp,
  stripCredentials,
  tagFromRef,
  type CiAdapter,
  type Env,
  type Traced,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'CI',
  'CI_SYSTEM_URL',
  'CI_REPO',
  'CI_REPO_OWNER',
  'CI_REPO_NAME',
  'CI_PIPELINE_URL',
  'CI_BUILD_LINK',
  'CI_PIPELINE_NUMBER',
  'CI_BUILD_NUMBER',
  'CI_PIPELINE_STATUS',
  'CI_BUILD_STATUS',
  'CI_MACHINE',
  'CI_COMMIT_PULL_REQUEST',
  'CI_COMMIT_SOURCE_BRANCH',
  'CI_COMMIT_BRANCH',
  'CI_COMMIT_TARGET_BRANCH',
  'CI_COMMIT_SHA',
  'CI_COMMIT_TAG',
  'CI_REPO_URL',
  'CI_REPO_CLONE_URL',
  'CI_PIPELINE_RERUNS',
  'CI_WORKFLOW_NAME',
  'CI_STEP_NAME',
  'CI_PIPELINE_STARTED',
  'CI_BUILD_STARTED',
] as const;

/** `https://ci.example.com/repos/7/pipeline/42` → `https://ci.example.com/repos/7`. */
function repositoryPageUrl(pipelineUrl: string): string | undefined {
  return /^(.+)\/pipeline\/\d+\/?$/.exec(pipelineUrl)?.[1];
}

/** Reruns so far (unset on the first run) as a 1-based attempt. */
function attemptFromReruns(reruns: string): string | undefined {
  return /^\d+$/.test(reruns) ? String(Number(reruns) + 1) : undefined;
}

/** A Unix timestamp that is not 0 (the value of a time that has not happened yet). */
function startedAt(value: string | undefined): Date | undefined {
  return value !== undefined && /^0+$/.test(value.trim()) ? undefined : parseTimestamp(value);
}

/** The Woodpecker CI adapter. */
export const woodpecker = {
  id: 'woodpecker',
  name: 'Woodpecker CI',
  docsUrl: 'https://woodpecker-ci.org/docs/usage/environment',
  envVars: ENV_VARS,
  // Woodpecker's variables share the CI_* prefix with GitLab's (CI_COMMIT_SHA, CI_PIPELINE_URL…);
  // only the shared CI variable's value tells them apart.
  detect: (env: Env): boolean => env.CI?.trim().toLowerCase() === 'woodpecker',
  resolve(env: Env) {
    const r = new Resolution('woodpecker', env);
    const pipelineUrl = r.read('CI_PIPELINE_URL', 'CI_BUILD_LINK');
    const owner = r.value('CI_REPO_OWNER');
    const name = r.value('CI_REPO_NAME');
    const repository: Traced | undefined =
      r.read('CI_REPO') ??
      (owner !== undefined && name !== undefined
        ? { value: `${owner}/${name}`, origin: 'CI_REPO_OWNER + "/" + CI_REPO_NAME' }
        : undefined);

    r.set('ciServerUrl', r.read('CI_SYSTEM_URL'));
    r.set('ciJobName', repository);
    r.set(
      'ciJobUrl',
      derive(
        pipelineUrl,
        repositoryPageUrl,
        `${pipelineUrl?.origin ?? ''} without "/pipeline/<n>"`,
      ),
    );
    r.set('ciBuildNumber', r.read('CI_PIPELINE_NUMBER', 'CI_BUILD_NUMBER'));
    r.set('ciBuildUrl', pipelineUrl);
    r.set(
      'ciBuildResult',
      derive(r.read('CI_PIPELINE_STATUS', 'CI_BUILD_STATUS'), (status) =>
        mapBuildResult(status, {
          success: 'SUCCESS',
          failure: 'FAILURE',
          error: 'FAILURE',
          killed: 'ABORTED',
        }),
      ),
    );
    // Set by the agent to its host name (not in the docs' table; docs/ci-mapping.md §13).
    r.set('ciExecutedOn', r.read('CI_MACHINE'));

    r.set('pullRequest', r.read('CI_COMMIT_PULL_REQUEST'));
    const sourceBranch = r.read('CI_COMMIT_SOURCE_BRANCH');
    // On pull requests CI_COMMIT_BRANCH is the target branch.
    const branchVariable = r.read('CI_COMMIT_BRANCH');
    r.setBranches({
      head: sourceBranch,
      branch: branchVariable,
      target: r.read('CI_COMMIT_TARGET_BRANCH'),
    });
    r.set('tag', derive(r.read('CI_COMMIT_TAG'), normalizeTag));
    r.fallback('tag', derive(branchVariable, tagFromRef));
    r.set('commit', r.read('CI_COMMIT_SHA'));
    r.set('repository', repository);
    r.set('repositoryUrl', derive(r.read('CI_REPO_URL', 'CI_REPO_CLONE_URL'), stripCredentials));
    r.set(
      'attempt',
      derive(r.read('CI_PIPELINE_RERUNS'), attemptFromReruns, 'CI_PIPELINE_RERUNS + 1'),
    );
    r.set('stage', r.read('CI_WORKFLOW_NAME'));
    r.set('step', r.read('CI_STEP_NAME'));
    return r.done({
      buildStartedAt: startedAt(r.value('CI_PIPELINE_STARTED', 'CI_BUILD_STARTED')),
    });
  },
} satisfies CiAdapter;

export default woodpecker;
