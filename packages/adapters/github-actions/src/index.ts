/**
 * GitHub Actions → XL TestView metadata, per docs/ci-mapping.md §6, and the results in the
 * step summary and the run's annotations (`summarize`, src/summary.ts).
 * Docs of the variables: https://docs.github.com/en/actions/reference/variables-reference
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  tagFromRef,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';
import type { summarizeForGitHub } from './summary.js';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'GITHUB_ACTIONS',
  'GITHUB_ACTION',
  'GITEA_ACTIONS',
  'FORGEJO_ACTIONS',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_WORKFLOW',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT',
  'RUNNER_NAME',
  'GITHUB_HEAD_REF',
  'GITHUB_BASE_REF',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_REF_TYPE',
  'GITHUB_SHA',
  'GITHUB_JOB',
  // Read by `summarize` only: the file the step summary is appended to, and the checkout
  // that annotations name files in.
  'GITHUB_STEP_SUMMARY',
  'GITHUB_WORKSPACE',
] as const;

/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`. */
function workflowFile(workflowRef: string): string | undefined {
  const at = workflowRef.indexOf('@');
  if (at <= 0) return undefined;
  const path = workflowRef.slice(0, at);
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file === '' ? undefined : file;
}

/** `refs/pull/42/merge` (GitHub) or `refs/pull/42/head` (Gitea, Forgejo) → `42`. */
function pullRequestFromRef(ref: string): string | undefined {
  return /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
}

/**
 * The git context of a GitHub-style workflow run (pull request, branch, target branch, tag,
 * commit, repository, run id, attempt, job) from the `GITHUB_*` variables. Shared with
 * `@xltv/gitea-actions`: Gitea's and Forgejo's runners export the same variables.
 */
export function resolveGitHubStyleGitContext(r: Resolution): void {
  const ref = r.read('GITHUB_REF');
  r.set('pullRequest', derive(ref, pullRequestFromRef));
  const refType = r.value('GITHUB_REF_TYPE');
  const isPullRequest =
    r.get('pullRequest') !== undefined || r.value('GITHUB_HEAD_REF') !== undefined;
  if (isPullRequest) {
    // On pull_request GITHUB_REF is the merge ref (GitHub) or `refs/pull/<n>/head` (Gitea);
    // on pull_request_target it is the base branch: only GITHUB_HEAD_REF names the head.
    r.set('branch', derive(r.read('GITHUB_HEAD_REF'), normalizeBranch));
  } else {
    if (refType === 'branch') r.set('branch', r.read('GITHUB_REF_NAME'));
    r.fallback('branch', derive(ref, normalizeBranch));
  }
  r.set('targetBranch', derive(r.read('GITHUB_BASE_REF'), normalizeBranch));
  if (refType === 'tag') r.set('tag', r.read('GITHUB_REF_NAME'));
  r.fallback('tag', derive(ref, tagFromRef));

  r.set('commit', r.read('GITHUB_SHA'));
  r.set('repository', r.read('GITHUB_REPOSITORY'));
  r.set('pipelineId', r.read('GITHUB_RUN_ID'));
  r.set('attempt', r.read('GITHUB_RUN_ATTEMPT'));
  r.set('step', r.read('GITHUB_JOB'));
}

/** The GitHub Actions adapter. */
export const githubActions = {
  id: 'github-actions',
  name: 'GitHub Actions',
  docsUrl: 'https://docs.github.com/en/actions/reference/variables-reference',
  envVars: ENV_VARS,
  secretEnvVars: ['GITHUB_TOKEN', 'GH_TOKEN'],
  // Gitea's and Forgejo's act-based runners set GITHUB_ACTIONS too, but their URLs differ:
  // such an environment is not GitHub's, whatever the registry order (docs/ci-mapping.md §1, §6).
  detect: (env: Env): boolean =>
    anySet(env, 'GITHUB_ACTIONS', 'GITHUB_ACTION') &&
    !anySet(env, 'GITEA_ACTIONS', 'FORGEJO_ACTIONS'),
  resolve(env: Env) {
    const r = new Resolution('github-actions', env);
    const server = r.value('GITHUB_SERVER_URL');
    const repository = r.value('GITHUB_REPOSITORY');
    const runId = r.value('GITHUB_RUN_ID');
    const base =
      server !== undefined && repository !== undefined ? `${server}/${repository}` : undefined;
    const baseOrigin = 'GITHUB_SERVER_URL + "/" + GITHUB_REPOSITORY';

    r.set('ciServerUrl', r.read('GITHUB_SERVER_URL'));
    r.set('ciJobName', r.read('GITHUB_WORKFLOW'));
    if (base !== undefined) {
      const file = workflowFile(r.value('GITHUB_WORKFLOW_REF') ?? '');
      if (file !== undefined) {
        r.set(
          'ciJobUrl',
          `${base}/actions/workflows/${file}`,
          `${baseOrigin} + "/actions/workflows/" + (file of GITHUB_WORKFLOW_REF)`,
        );
      } else {
        r.set('ciJobUrl', `${base}/actions`, `${baseOrigin} + "/actions"`);
      }
      if (runId !== undefined) {
        r.set(
          'ciBuildUrl',
          `${base}/actions/runs/${runId}`,
          `${baseOrigin} + "/actions/runs/" + GITHUB_RUN_ID`,
        );
      }
      r.set('repositoryUrl', base, baseOrigin);
    }
    r.set('ciBuildNumber', r.read('GITHUB_RUN_NUMBER'));
    r.set('ciExecutedOn', r.read('RUNNER_NAME'));

    resolveGitHubStyleGitContext(r);
    return r.done();
  },
  // Loaded when used: its file and process built-ins stay out of `xltv --help`.
  summarize: async (...args: Parameters<typeof summarizeForGitHub>) =>
    (await import('./summary.js')).summarizeForGitHub(...args),
} satisfies CiAdapter;

export default githubActions;
