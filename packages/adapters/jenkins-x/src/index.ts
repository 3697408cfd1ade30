/**
 * Jenkins X 3 (Lighthouse + Tekton) → XL TestView metadata, per docs/ci-mapping.md §21.
 * Docs of the variables: https://jenkins-x.io/v3/develop/reference/variables/
 *
 * Jenkins X has no marker variable of its own. Lighthouse passes Prow-style parameters
 * (`BUILD_ID`, `JOB_SPEC`, `PULL_REFS`, …) to the PipelineRun; they are environment variables
 * when the pipeline maps them into the step (the Jenkins X pipeline catalog does; the README
 * shows the mapping for other pipelines).
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  repositoryFromUrl,
  stripCredentials,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'JOB_SPEC',
  'PULL_REFS',
  'PROW_JOB_ID',
  'JOB_NAME',
  'JOB_TYPE',
  'REPO_OWNER',
  'REPO_NAME',
  'REPO_URL',
  'BUILD_ID',
  'PULL_NUMBER',
  'PULL_BASE_REF',
  'PULL_BASE_SHA',
  'PULL_PULL_SHA',
] as const;

/** Lighthouse's `JOB_SPEC` is `type:presubmit` / `type:postsubmit`. */
function jobTypeOf(jobSpec: string): string | undefined {
  return /^type:([a-z]+)/.exec(jobSpec)?.[1];
}

/** Job types that build changes not yet merged: their base ref is the target branch. */
const PRE_MERGE_TYPES = new Set(['presubmit', 'batch']);

/** The Jenkins X adapter. */
export const jenkinsX = {
  id: 'jenkins-x',
  name: 'Jenkins X',
  docsUrl: 'https://jenkins-x.io/v3/develop/reference/variables/',
  envVars: ENV_VARS,
  // The Lighthouse/Prow job parameters are the heuristic (docs/ci-mapping.md §21). Prow sets
  // them too, but also PROW_JOB_ID (how ci-info detects Prow): such a job is Prow's, not
  // Jenkins X's.
  detect: (env: Env): boolean =>
    anySet(env, 'JOB_SPEC', 'PULL_REFS') && !anySet(env, 'PROW_JOB_ID'),
  resolve(env: Env) {
    const r = new Resolution('jenkins-x', env);
    const owner = r.value('REPO_OWNER');
    const name = r.value('REPO_NAME');
    const slug =
      owner !== undefined && name !== undefined
        ? { value: `${owner}/${name}`, origin: 'REPO_OWNER + "/" + REPO_NAME' }
        : undefined;
    r.set('ciJobName', r.read('JOB_NAME') ?? slug);
    r.set('ciBuildNumber', r.read('BUILD_ID'));

    r.set('pullRequest', r.read('PULL_NUMBER'));
    const jobType = r.value('JOB_TYPE') ?? jobTypeOf(r.value('JOB_SPEC') ?? '');
    const preMerge =
      r.get('pullRequest') !== undefined || (jobType !== undefined && PRE_MERGE_TYPES.has(jobType));
    // PULL_BASE_REF is the branch a postsubmit built, and the target of a presubmit; Lighthouse
    // gives no head branch name for pull requests (PULL_PULL_REF is `refs/pull/<n>/head`).
    const baseRef = derive(r.read('PULL_BASE_REF'), normalizeBranch);
    r.set(preMerge ? 'targetBranch' : 'branch', baseRef);
    r.set('commit', r.read('PULL_PULL_SHA', 'PULL_BASE_SHA'));

    const repoUrl = r.read('REPO_URL');
    r.set('repository', slug);
    r.fallback('repository', derive(repoUrl, repositoryFromUrl, '(repository of REPO_URL)'));
    r.set('repositoryUrl', derive(repoUrl, stripCredentials));
    return r.done();
  },
} satisfies CiAdapter;

export default jenkinsX;
