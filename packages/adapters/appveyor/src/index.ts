/**
 * AppVeyor → XL TestView metadata, per docs/ci-mapping.md §14.
 * Docs of the variables: https://www.appveyor.com/docs/environment-variables/
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeTag,
  tagFromRef,
  type CiAdapter,
  type Env,
  type Traced,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'APPVEYOR',
  'APPVEYOR_URL',
  'APPVEYOR_PROJECT_NAME',
  'APPVEYOR_PROJECT_SLUG',
  'APPVEYOR_ACCOUNT_NAME',
  'APPVEYOR_BUILD_NUMBER',
  'APPVEYOR_BUILD_ID',
  'APPVEYOR_PULL_REQUEST_NUMBER',
  'APPVEYOR_PULL_REQUEST_HEAD_REPO_BRANCH',
  'APPVEYOR_REPO_BRANCH',
  'APPVEYOR_REPO_COMMIT',
  'APPVEYOR_REPO_TAG_NAME',
  'APPVEYOR_REPO_NAME',
  'APPVEYOR_JOB_NAME',
] as const;

/** The hosted service; self-hosted servers set APPVEYOR_URL. */
const DEFAULT_SERVER_URL = 'https://ci.appveyor.com';

/** The AppVeyor adapter. */
export const appveyor = {
  id: 'appveyor',
  name: 'AppVeyor',
  docsUrl: 'https://www.appveyor.com/docs/environment-variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'APPVEYOR'),
  resolve(env: Env) {
    const r = new Resolution('appveyor', env);
    const server: Traced = r.read('APPVEYOR_URL') ?? {
      value: DEFAULT_SERVER_URL,
      origin: `"${DEFAULT_SERVER_URL}" (APPVEYOR_URL unset)`,
    };
    r.set('ciServerUrl', server);
    r.set(
      'ciJobName',
      r.read('APPVEYOR_PROJECT_NAME', 'APPVEYOR_PROJECT_SLUG', 'APPVEYOR_REPO_NAME'),
    );
    const account = r.value('APPVEYOR_ACCOUNT_NAME');
    const slug = r.value('APPVEYOR_PROJECT_SLUG');
    if (account !== undefined && slug !== undefined) {
      const projectUrl = `${server.value}/project/${account}/${slug}`;
      const projectOrigin = `${server.origin} + "/project/" + APPVEYOR_ACCOUNT_NAME + "/" + APPVEYOR_PROJECT_SLUG`;
      r.set('ciJobUrl', projectUrl, projectOrigin);
      const buildId = r.value('APPVEYOR_BUILD_ID');
      if (buildId !== undefined) {
        r.set(
          'ciBuildUrl',
          `${projectUrl}/builds/${buildId}`,
          `${projectOrigin} + "/builds/" + APPVEYOR_BUILD_ID`,
        );
      }
    }
    r.set('ciBuildNumber', r.read('APPVEYOR_BUILD_NUMBER'));

    r.set('pullRequest', r.read('APPVEYOR_PULL_REQUEST_NUMBER'));
    const headBranch = r.read('APPVEYOR_PULL_REQUEST_HEAD_REPO_BRANCH');
    // On pull requests APPVEYOR_REPO_BRANCH is the base branch, on tag builds the tag.
    const branchVariable = r.read('APPVEYOR_REPO_BRANCH');
    r.setBranches({ head: headBranch, branch: branchVariable });
    r.set('tag', derive(r.read('APPVEYOR_REPO_TAG_NAME'), normalizeTag));
    r.fallback('tag', derive(branchVariable, tagFromRef));
    r.set('commit', r.read('APPVEYOR_REPO_COMMIT'));
    r.set('repository', r.read('APPVEYOR_REPO_NAME'));
    r.set('pipelineId', r.read('APPVEYOR_BUILD_ID'));
    r.set('step', r.read('APPVEYOR_JOB_NAME'));
    return r.done();
  },
} satisfies CiAdapter;

export default appveyor;
