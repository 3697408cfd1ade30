/**
 * Gitea Actions (Forgejo Actions included) → XL TestView metadata. docs/ci-mapping.md §1 names
 * it in the detection order, before GitHub Actions; the mapping follows GitHub's (§6), since
 * Gitea's act_runner and the Forgejo runner export the same GITHUB_* variables, except where
 * Gitea differs: pull requests build `refs/pull/<n>/head` (no merge commit), and the run page.
 * Docs of the variables: https://docs.gitea.com/1.27/usage/actions/actions-variables
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core/adapter';
import { resolveGitHubStyleGitContext } from '@xltv/github-actions';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'GITEA_ACTIONS',
  'FORGEJO_ACTIONS',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_WORKFLOW',
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
] as const;

/**
 * `server` + "/" + `path` with exactly one `/` between them. act_runner takes
 * GITHUB_SERVER_URL from the address the runner was registered with, which its own prompt
 * shows with a trailing `/` (`https://gitea.com/`); a literal join would give `//owner/repo`.
 */
function under(server: string, path: string): string {
  return `${server.replace(/\/+$/, '')}/${path}`;
}

/** The Gitea Actions adapter (Forgejo Actions too). */
export const giteaActions = {
  id: 'gitea-actions',
  name: 'Gitea Actions',
  docsUrl: 'https://docs.gitea.com/1.27/usage/actions/actions-variables',
  envVars: ENV_VARS,
  secretEnvVars: ['GITHUB_TOKEN', 'GITEA_TOKEN'],
  // act_runner sets GITEA_ACTIONS=true; the Forgejo runner sets it and FORGEJO_ACTIONS=true.
  // Both also set GITHUB_ACTIONS=true, hence this adapter's place before GitHub Actions.
  detect: (env: Env): boolean => anySet(env, 'GITEA_ACTIONS', 'FORGEJO_ACTIONS'),
  resolve(env: Env) {
    const r = new Resolution('gitea-actions', env);
    const server = r.value('GITHUB_SERVER_URL');
    const repository = r.value('GITHUB_REPOSITORY');
    const base =
      server !== undefined && repository !== undefined ? under(server, repository) : undefined;
    const baseOrigin = 'GITHUB_SERVER_URL + "/" + GITHUB_REPOSITORY';

    r.set('ciServerUrl', r.read('GITHUB_SERVER_URL'));
    r.set('ciJobName', r.read('GITHUB_WORKFLOW'));
    if (base !== undefined) {
      // The repository's Actions page lists the runs; GitHub's per-workflow page needs the
      // workflow file (GITHUB_WORKFLOW_REF), which Gitea does not export.
      r.set('ciJobUrl', `${base}/actions`, `${baseOrigin} + "/actions"`);
      r.set('repositoryUrl', base, baseOrigin);
      // Forgejo serves a run at its per-repository number (GITHUB_RUN_NUMBER). Gitea did too
      // until 1.25 and serves it at GITHUB_RUN_ID since 1.26 (go-gitea/gitea#36842), with old
      // number links resolved as ids when both exist: the variables do not tell the server's
      // version, so a plain Gitea run gets no build URL rather than a wrong one.
      const runNumber = r.value('GITHUB_RUN_NUMBER');
      if (anySet(env, 'FORGEJO_ACTIONS') && runNumber !== undefined) {
        r.set(
          'ciBuildUrl',
          `${base}/actions/runs/${runNumber}`,
          `${baseOrigin} + "/actions/runs/" + GITHUB_RUN_NUMBER (Forgejo)`,
        );
      }
    }
    r.set('ciBuildNumber', r.read('GITHUB_RUN_NUMBER'));
    r.set('ciExecutedOn', r.read('RUNNER_NAME'));

    resolveGitHubStyleGitContext(r);
    return r.done();
  },
} satisfies CiAdapter;

export default giteaActions;
