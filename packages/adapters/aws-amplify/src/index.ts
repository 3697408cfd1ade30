/**
 * AWS Amplify Hosting → XL TestView metadata. docs/ci-mapping.md §1 names it in the detection
 * order (AWS_APP_ID, before AWS CodeBuild, as Cypress's CI detection does); Amplify's
 * build variables are few, and it gives no URL of the build and no result.
 * Docs of the variables: https://docs.aws.amazon.com/amplify/latest/userguide/environment-variables.html
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

/** The build variables Amplify sets next to AWS_APP_ID (any one of them confirms a build). */
const BUILD_VARS = [
  'AWS_JOB_ID',
  'AWS_BRANCH',
  'AWS_BRANCH_ARN',
  'AWS_COMMIT_ID',
  'AWS_CLONE_URL',
  'AWS_PULL_REQUEST_ID',
] as const;

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'AWS_APP_ID',
  ...BUILD_VARS,
  'AWS_PULL_REQUEST_SOURCE_BRANCH',
  'AWS_PULL_REQUEST_DESTINATION_BRANCH',
] as const;

/**
 * The repository of a clone URL. CodeCommit clone URLs carry the name after `/v1/repos/`
 * (there is no owner), as in the CodeBuild adapter.
 */
function repositoryOf(url: string): string | undefined {
  const codeCommit = /^https:\/\/git-codecommit\.[^/]+\/v1\/repos\/([^/]+?)\/?$/.exec(url);
  if (codeCommit) return codeCommit[1];
  return repositoryFromUrl(url);
}

/** The AWS Amplify (Hosting) adapter. */
export const awsAmplify = {
  id: 'aws-amplify',
  name: 'AWS Amplify',
  docsUrl: 'https://docs.aws.amazon.com/amplify/latest/userguide/environment-variables.html',
  envVars: ENV_VARS,
  // Amplify reserves the AWS prefix for its own variables, but elsewhere AWS_APP_ID is a name
  // a deployment script may set: as in Cypress, it counts only with a build variable beside it.
  detect: (env: Env): boolean => anySet(env, 'AWS_APP_ID') && anySet(env, ...BUILD_VARS),
  resolve(env: Env) {
    const r = new Resolution('aws-amplify', env);
    const appId = r.read('AWS_APP_ID');
    const branchVar = r.read('AWS_BRANCH');
    // Job ids are numbered per branch of an app: the app's branch is what gets built again.
    if (appId && branchVar) {
      r.set('ciJobName', `${appId.value}/${branchVar.value}`, 'AWS_APP_ID + "/" + AWS_BRANCH');
    }
    // Used as provided, zero padding included (`0000000012`), as Amplify documents it.
    r.set('ciBuildNumber', r.read('AWS_JOB_ID'));

    r.set('pullRequest', r.read('AWS_PULL_REQUEST_ID'));
    const source = r.read('AWS_PULL_REQUEST_SOURCE_BRANCH');
    if (r.get('pullRequest') !== undefined || source !== undefined) {
      // A pull-request preview: the head branch is the source; what AWS_BRANCH holds for a
      // preview is not documented, so it is not used for either branch.
      r.set('branch', derive(source, normalizeBranch));
      r.set('targetBranch', derive(r.read('AWS_PULL_REQUEST_DESTINATION_BRANCH'), normalizeBranch));
    } else {
      r.set('branch', derive(branchVar, normalizeBranch));
    }

    // A rebuild reports the literal `HEAD`, which names no revision.
    r.set(
      'commit',
      derive(r.read('AWS_COMMIT_ID'), (value) => (value.trim() === 'HEAD' ? undefined : value)),
    );
    const cloneUrl = r.read('AWS_CLONE_URL');
    r.set('repository', derive(cloneUrl, repositoryOf, '(repository of AWS_CLONE_URL)'));
    r.set('repositoryUrl', derive(cloneUrl, stripCredentials));
    return r.done();
  },
} satisfies CiAdapter;

export default awsAmplify;
