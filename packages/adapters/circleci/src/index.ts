/**
 * CircleCI → XL TestView metadata, per docs/ci-mapping.md §4: job = `CIRCLE_JOB`, build = one
 * run of it (`CIRCLE_BUILD_NUM`, `CIRCLE_BUILD_URL`).
 * Docs of the variables: https://circleci.com/docs/variables/#built-in-environment-variables
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  normalizeTag,
  repositoryFromUrl,
  stripCredentials,
  urlOrigin,
  type CiAdapter,
  type Env,
  type ResolvedCi,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'CIRCLECI',
  'CIRCLE_BUILD_URL',
  'CIRCLE_JOB',
  'CIRCLE_BUILD_NUM',
  'CIRCLE_BRANCH',
  'CIRCLE_SHA1',
  'CIRCLE_TAG',
  'CIRCLE_PR_NUMBER',
  'CIRCLE_PULL_REQUEST',
  'CI_PULL_REQUEST',
  'CIRCLE_PROJECT_USERNAME',
  'CIRCLE_PROJECT_REPONAME',
  'CIRCLE_REPOSITORY_URL',
  'CIRCLE_PIPELINE_ID',
  'CIRCLE_WORKFLOW_ID',
] as const;

/** Legacy VCS path segments of `https://circleci.com/<vcs>/<org>/<repo>/<n>` and their new names. */
const LEGACY_VCS: Readonly<Record<string, string>> = {
  gh: 'github',
  github: 'github',
  bb: 'bitbucket',
  bitbucket: 'bitbucket',
};

/**
 * The project's pipelines page from a job URL (ci-mapping §4; URL shapes observed, not
 * documented): legacy `https://circleci.com/gh/org/repo/12` →
 * `https://app.circleci.com/pipelines/github/org/repo`; `https://app.circleci.com/jobs/<vcs>/
 * <org>/<project>/12` → `https://app.circleci.com/pipelines/<vcs>/<org>/<project>`. Any other
 * shape gives undefined: nothing is guessed.
 */
export function projectPageFromJobUrl(jobUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(jobUrl);
  } catch {
    return undefined;
  }
  const segments = url.pathname.replace(/\/+$/, '').split('/').slice(1);
  if (url.protocol !== 'https:' || segments.length === 0) return undefined;
  if (url.host === 'circleci.com' && segments.length === 4) {
    const [vcs = '', org, repo, number = ''] = segments;
    const name = LEGACY_VCS[vcs];
    if (name && org && repo && /^\d+$/.test(number)) {
      return `https://app.circleci.com/pipelines/${name}/${org}/${repo}`;
    }
  }
  if (url.host === 'app.circleci.com' && segments.length === 5 && segments[0] === 'jobs') {
    const [, vcs, org, project, number = ''] = segments;
    if (vcs && org && project && /^\d+$/.test(number)) {
      return `https://app.circleci.com/pipelines/${vcs}/${org}/${project}`;
    }
  }
  return undefined;
}

/** The number at the end of a pull request URL (`…/pull/12` → `12`), else undefined. */
function pullRequestNumber(url: string): string | undefined {
  return /\/(\d+)\/?$/.exec(url)?.[1];
}

/**
 * The CircleCI adapter. CircleCI exposes no build result and no executor name in the
 * environment: both stay absent (pass `--build-result`).
 */
export const circleci = {
  id: 'circleci',
  name: 'CircleCI',
  docsUrl: 'https://circleci.com/docs/variables/#built-in-environment-variables',
  envVars: ENV_VARS,
  secretEnvVars: ['CIRCLE_TOKEN'],
  detect: (env: Env): boolean => anySet(env, 'CIRCLECI'),
  resolve(env: Env): ResolvedCi {
    const r = new Resolution('circleci', env);
    const buildUrl = r.read('CIRCLE_BUILD_URL');
    r.set('ciServerUrl', derive(buildUrl, urlOrigin, 'origin of CIRCLE_BUILD_URL'));
    r.set('ciJobName', r.read('CIRCLE_JOB'));
    r.set('ciJobUrl', derive(buildUrl, projectPageFromJobUrl, 'project page of CIRCLE_BUILD_URL'));
    r.set('ciBuildNumber', r.read('CIRCLE_BUILD_NUM'));
    r.set('ciBuildUrl', buildUrl);

    r.set('branch', derive(r.read('CIRCLE_BRANCH'), normalizeBranch));
    r.set('commit', r.read('CIRCLE_SHA1'));
    r.set('tag', derive(r.read('CIRCLE_TAG'), normalizeTag));
    r.set('pullRequest', r.read('CIRCLE_PR_NUMBER'));
    const prUrl = r.read('CIRCLE_PULL_REQUEST', 'CI_PULL_REQUEST');
    r.fallback(
      'pullRequest',
      derive(prUrl, pullRequestNumber, prUrl && `number in ${prUrl.origin}`),
    );

    const owner = r.value('CIRCLE_PROJECT_USERNAME');
    const name = r.value('CIRCLE_PROJECT_REPONAME');
    if (owner !== undefined && name !== undefined) {
      r.set(
        'repository',
        `${owner}/${name}`,
        'CIRCLE_PROJECT_USERNAME + "/" + CIRCLE_PROJECT_REPONAME',
      );
    }
    const cloneUrl = r.read('CIRCLE_REPOSITORY_URL');
    r.fallback('repository', derive(cloneUrl, repositoryFromUrl, 'path of CIRCLE_REPOSITORY_URL'));
    r.set('repositoryUrl', derive(cloneUrl, stripCredentials));
    r.set('pipelineId', r.read('CIRCLE_PIPELINE_ID', 'CIRCLE_WORKFLOW_ID'));
    return r.done();
  },
} satisfies CiAdapter;

export default circleci;
