/**
 * Jenkins → XL TestView metadata, per docs/ci-mapping.md §2. The property names and their
 * meaning come from the XL TestView Jenkins plugin: job = the project (full name with folders),
 * build = one numbered run of it.
 * Docs of the variables: https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables
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
  type ResolvedCi,
} from '@xltv/core/adapter';

/**
 * Branch variables, most specific first: `CHANGE_BRANCH` (multibranch change requests),
 * the GitHub pull request builder and GitLab plugins, then the plain ones. `BRANCH_NAME` is
 * `PR-12` on change requests, hence after `CHANGE_BRANCH`.
 */
const BRANCH_VARS = [
  'CHANGE_BRANCH',
  'ghprbSourceBranch',
  'gitlabSourceBranch',
  'BRANCH_NAME',
  'GIT_LOCAL_BRANCH',
  'GIT_BRANCH',
] as const;

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'JENKINS_URL',
  'HUDSON_URL',
  'JENKINS_HOME',
  'JOB_NAME',
  'JOB_URL',
  'BUILD_NUMBER',
  'BUILD_URL',
  'NODE_NAME',
  ...BRANCH_VARS,
  'CHANGE_TARGET',
  'ghprbTargetBranch',
  'gitlabTargetBranch',
  'ghprbActualCommit',
  'GIT_COMMIT',
  'gitlabMergeRequestLastCommit',
  'gitlabAfter',
  'TAG_NAME',
  'CHANGE_ID',
  'ghprbPullId',
  'gitlabMergeRequestIid',
  'gitlabMergeRequestId',
  'GIT_URL',
  'GIT_URL_1',
  'gitlabSourceRepoHttpUrl',
  'gitlabSourceRepoHomepage',
  'BUILD_TAG',
  'STAGE_NAME',
] as const;

/**
 * The Jenkins adapter. Detected by `JENKINS_URL` (or `HUDSON_URL`/`JENKINS_HOME`), never by
 * `BUILD_NUMBER`/`BUILD_ID`, which TeamCity, Google Cloud Build and Drone also set. Jenkins
 * has no result variable: pass `currentBuild.currentResult` to the CLI.
 */
export const jenkins = {
  id: 'jenkins',
  name: 'Jenkins',
  docsUrl: 'https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'JENKINS_URL', 'HUDSON_URL', 'JENKINS_HOME'),
  resolve(env: Env): ResolvedCi {
    const r = new Resolution('jenkins', env);
    r.set('ciServerUrl', r.read('JENKINS_URL', 'HUDSON_URL'));
    r.set('ciJobName', r.read('JOB_NAME'));
    r.set('ciJobUrl', r.read('JOB_URL'));
    r.set('ciBuildNumber', r.read('BUILD_NUMBER'));
    r.set('ciBuildUrl', r.read('BUILD_URL'));
    r.set('ciExecutedOn', r.read('NODE_NAME'));

    r.set(
      'pullRequest',
      r.read('CHANGE_ID', 'ghprbPullId', 'gitlabMergeRequestIid', 'gitlabMergeRequestId'),
    );
    const isChange = r.get('pullRequest') !== undefined;

    // On a change request `BRANCH_NAME` is the pseudo-branch `PR-12`, not a branch.
    const branchVars = isChange
      ? BRANCH_VARS.filter((name) => name !== 'BRANCH_NAME')
      : BRANCH_VARS;
    r.set('branch', derive(r.read(...branchVars), normalizeBranch));
    // The GitLab plugin sets gitlabTargetBranch on pushes too (= the pushed branch).
    const targetVars = isChange
      ? ['CHANGE_TARGET', 'ghprbTargetBranch', 'gitlabTargetBranch']
      : ['CHANGE_TARGET', 'ghprbTargetBranch'];
    r.set('targetBranch', derive(r.read(...targetVars), normalizeBranch));
    r.set(
      'commit',
      r.read('ghprbActualCommit', 'GIT_COMMIT', 'gitlabMergeRequestLastCommit', 'gitlabAfter'),
    );
    r.set('tag', derive(r.read('TAG_NAME'), normalizeTag));
    r.fallback('tag', derive(r.read('GIT_BRANCH'), tagFromRef));

    const cloneUrl = r.read('GIT_URL', 'GIT_URL_1', 'gitlabSourceRepoHttpUrl');
    r.set(
      'repository',
      derive(cloneUrl, repositoryFromUrl, cloneUrl && `path of ${cloneUrl.origin}`),
    );
    r.set('repositoryUrl', derive(r.read('GIT_URL', 'gitlabSourceRepoHomepage'), stripCredentials));
    r.set('pipelineId', r.read('BUILD_TAG'));
    r.set('stage', r.read('STAGE_NAME'));
    return r.done();
  },
} satisfies CiAdapter;

export default jenkins;
