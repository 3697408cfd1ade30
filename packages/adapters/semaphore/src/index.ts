/**
 * Semaphore (2.0) → XL TestView metadata, per docs/ci-mapping.md §18.
 * Docs of the variables: https://docs.semaphoreci.com/reference/env-vars
 */
import {
  Resolution,
  anySet,
  derive,
  mapBuildResult,
  normalizeBranch,
  normalizeTag,
  parseTimestamp,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'SEMAPHORE',
  'SEMAPHORE_ORGANIZATION_URL',
  'SEMAPHORE_PROJECT_NAME',
  'SEMAPHORE_GIT_REPO_SLUG',
  'SEMAPHORE_REPO_SLUG',
  'SEMAPHORE_WORKFLOW_NUMBER',
  'SEMAPHORE_BUILD_NUMBER',
  'SEMAPHORE_WORKFLOW_ID',
  'SEMAPHORE_PIPELINE_ID',
  'SEMAPHORE_JOB_ID',
  'SEMAPHORE_JOB_RESULT',
  'SEMAPHORE_PIPELINE_RESULT',
  'SEMAPHORE_GIT_PR_NUMBER',
  'SEMAPHORE_GIT_PR_BRANCH',
  'SEMAPHORE_GIT_WORKING_BRANCH',
  'SEMAPHORE_GIT_BRANCH',
  'BRANCH_NAME',
  'SEMAPHORE_GIT_SHA',
  'SEMAPHORE_GIT_TAG_NAME',
  'SEMAPHORE_BLOCK_NAME',
  'SEMAPHORE_JOB_NAME',
  'SEMAPHORE_PIPELINE_STARTED_AT',
  'SEMAPHORE_JOB_CREATION_TIME',
] as const;

/** Semaphore's job (epilogue) and pipeline (after-pipeline job) results. */
const RESULTS = {
  passed: 'SUCCESS',
  failed: 'FAILURE',
  stopped: 'ABORTED',
  canceled: 'ABORTED',
} as const;

/** The Semaphore adapter. */
export const semaphore = {
  id: 'semaphore',
  name: 'Semaphore',
  docsUrl: 'https://docs.semaphoreci.com/reference/env-vars',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'SEMAPHORE'),
  resolve(env: Env) {
    const r = new Resolution('semaphore', env);
    const org = r.read('SEMAPHORE_ORGANIZATION_URL');
    const projectName = r.read('SEMAPHORE_PROJECT_NAME');
    r.set('ciServerUrl', org);
    r.set(
      'ciJobName',
      r.read('SEMAPHORE_PROJECT_NAME', 'SEMAPHORE_GIT_REPO_SLUG', 'SEMAPHORE_REPO_SLUG'),
    );
    r.set('ciBuildNumber', r.read('SEMAPHORE_WORKFLOW_NUMBER', 'SEMAPHORE_BUILD_NUMBER'));
    if (org) {
      if (projectName) {
        r.set(
          'ciJobUrl',
          `${org.value}/projects/${projectName.value}`,
          'SEMAPHORE_ORGANIZATION_URL + "/projects/" + SEMAPHORE_PROJECT_NAME',
        );
      }
      const workflowId = r.value('SEMAPHORE_WORKFLOW_ID');
      const pipelineId = r.value('SEMAPHORE_PIPELINE_ID');
      const jobId = r.value('SEMAPHORE_JOB_ID');
      if (workflowId !== undefined && pipelineId !== undefined) {
        r.set(
          'ciBuildUrl',
          `${org.value}/workflows/${workflowId}?pipeline_id=${pipelineId}`,
          'SEMAPHORE_ORGANIZATION_URL + "/workflows/" + SEMAPHORE_WORKFLOW_ID + "?pipeline_id=" + SEMAPHORE_PIPELINE_ID',
        );
      } else if (jobId !== undefined) {
        r.set(
          'ciBuildUrl',
          `${org.value}/jobs/${jobId}`,
          'SEMAPHORE_ORGANIZATION_URL + "/jobs/" + SEMAPHORE_JOB_ID',
        );
      }
    }
    // The job's result exists in its epilogue only, the pipeline's in after-pipeline jobs only;
    // "none" (not finished) maps to nothing.
    r.set(
      'ciBuildResult',
      derive(r.read('SEMAPHORE_JOB_RESULT', 'SEMAPHORE_PIPELINE_RESULT'), (result) =>
        mapBuildResult(result, RESULTS),
      ),
    );

    r.set('pullRequest', r.read('SEMAPHORE_GIT_PR_NUMBER'));
    const isPullRequest =
      r.get('pullRequest') !== undefined || r.value('SEMAPHORE_GIT_PR_BRANCH') !== undefined;
    if (isPullRequest) {
      // On pull requests SEMAPHORE_GIT_BRANCH is the branch the PR targets.
      r.set(
        'branch',
        derive(r.read('SEMAPHORE_GIT_PR_BRANCH', 'SEMAPHORE_GIT_WORKING_BRANCH'), normalizeBranch),
      );
      if (r.get('pullRequest') !== undefined) {
        r.set('targetBranch', derive(r.read('SEMAPHORE_GIT_BRANCH'), normalizeBranch));
      }
    } else {
      r.set(
        'branch',
        derive(
          r.read('SEMAPHORE_GIT_WORKING_BRANCH', 'SEMAPHORE_GIT_BRANCH', 'BRANCH_NAME'),
          normalizeBranch,
        ),
      );
    }
    r.set('tag', derive(r.read('SEMAPHORE_GIT_TAG_NAME'), normalizeTag));
    r.set('commit', r.read('SEMAPHORE_GIT_SHA'));
    r.set('repository', r.read('SEMAPHORE_GIT_REPO_SLUG', 'SEMAPHORE_REPO_SLUG'));
    r.set('stage', r.read('SEMAPHORE_BLOCK_NAME'));
    r.set('step', r.read('SEMAPHORE_JOB_NAME'));
    // The pipeline's start (after-pipeline jobs) is earlier than the current job's creation.
    const started = r.value('SEMAPHORE_PIPELINE_STARTED_AT', 'SEMAPHORE_JOB_CREATION_TIME');
    return r.done({ buildStartedAt: parseTimestamp(started) });
  },
} satisfies CiAdapter;

export default semaphore;
