/**
 * Bamboo → XL TestView metadata, per docs/ci-mapping.md §11. Bamboo exports its variables as
 * `bamboo_<name with dots as underscores>` (`bamboo.buildNumber` → `bamboo_buildNumber`).
 * Docs of the variables: https://confluence.atlassian.com/bamboo/bamboo-variables-289277087.html
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  parseTimestamp,
  stripCredentials,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'bamboo_buildNumber',
  'bamboo_agentId',
  'bamboo_planKey',
  'bamboo_buildResultsUrl',
  'bamboo_resultsUrl',
  'bamboo_planName',
  'bamboo_buildPlanName',
  'bamboo_planRepository_branchName',
  'bamboo_planRepository_branch',
  'bamboo_planRepository_1_branchName',
  'bamboo_planRepository_revision',
  'bamboo_planRepository_1_revision',
  'bamboo_planRepository_repositoryUrl',
  'bamboo_repository_pr_key',
  'bamboo_repository_pr_targetBranch',
  'bamboo_shortJobName',
  'bamboo_buildTimeStamp',
] as const;

/** `https://bamboo.example.com/browse/PROJ-PLAN-12` → `https://bamboo.example.com`. */
function serverFromResultsUrl(resultsUrl: string): string | undefined {
  const at = resultsUrl.indexOf('/browse/');
  return at > 0 ? resultsUrl.slice(0, at) : undefined;
}

/** The Bamboo adapter. */
export const bamboo = {
  id: 'bamboo',
  name: 'Bamboo',
  docsUrl: 'https://confluence.atlassian.com/bamboo/bamboo-variables-289277087.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean =>
    anySet(env, 'bamboo_buildNumber', 'bamboo_agentId', 'bamboo_planKey'),
  resolve(env: Env) {
    const r = new Resolution('bamboo', env);
    const resultsUrl = r.read('bamboo_buildResultsUrl', 'bamboo_resultsUrl');
    const server = derive(
      resultsUrl,
      serverFromResultsUrl,
      `${resultsUrl?.origin ?? 'bamboo_buildResultsUrl'} up to "/browse/"`,
    );
    r.set('ciServerUrl', server);
    r.set('ciJobName', r.read('bamboo_planName', 'bamboo_buildPlanName', 'bamboo_planKey'));
    const planKey = r.value('bamboo_planKey');
    if (server !== undefined && planKey !== undefined) {
      r.set(
        'ciJobUrl',
        `${server.value}/browse/${planKey}`,
        `(${server.origin}) + "/browse/" + bamboo_planKey`,
      );
    }
    r.set('ciBuildNumber', r.read('bamboo_buildNumber'));
    r.set('ciBuildUrl', resultsUrl);
    r.set('ciExecutedOn', r.read('bamboo_agentId'));

    r.set(
      'branch',
      derive(
        r.read(
          'bamboo_planRepository_branchName',
          'bamboo_planRepository_branch',
          'bamboo_planRepository_1_branchName',
        ),
        normalizeBranch,
      ),
    );
    r.set('commit', r.read('bamboo_planRepository_revision', 'bamboo_planRepository_1_revision'));
    r.set('pullRequest', r.read('bamboo_repository_pr_key'));
    r.set('targetBranch', derive(r.read('bamboo_repository_pr_targetBranch'), normalizeBranch));
    // Not parsed into `repository`: Bitbucket Data Center clone URLs carry `/scm/` in the path.
    const repositoryUrl = r.read('bamboo_planRepository_repositoryUrl');
    r.set('repositoryUrl', derive(repositoryUrl, stripCredentials));
    r.set('step', r.read('bamboo_shortJobName'));
    return r.done({ buildStartedAt: parseTimestamp(r.value('bamboo_buildTimeStamp')) });
  },
} satisfies CiAdapter;

export default bamboo;
