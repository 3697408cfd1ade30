/**
 * Google Cloud Build → XL TestView metadata, per docs/ci-mapping.md §16.
 * Docs of the variables: https://cloud.google.com/build/docs/configuring-builds/substitute-variable-values
 *
 * Cloud Build passes its build data as *substitutions*, not as environment variables: a step
 * only sees them when the build config maps them into the step's `env` under the same names
 * (the README shows the exact mapping). Only `BUILDER_OUTPUT` is set by Cloud Build itself.
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  normalizeTag,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'BUILDER_OUTPUT',
  'BUILD_ID',
  'PROJECT_ID',
  'LOCATION',
  'TRIGGER_NAME',
  '_HEAD_BRANCH',
  'BRANCH_NAME',
  '_BASE_BRANCH',
  'COMMIT_SHA',
  'TAG_NAME',
  '_PR_NUMBER',
  'REPO_FULL_NAME',
] as const;

/** The Cloud Build console, the same for every project. */
const CONSOLE_URL = 'https://console.cloud.google.com/cloud-build';

/** The Google Cloud Build adapter. */
export const googleCloudBuild = {
  id: 'google-cloud-build',
  name: 'Google Cloud Build',
  docsUrl: 'https://cloud.google.com/build/docs/configuring-builds/substitute-variable-values',
  envVars: ENV_VARS,
  // BUILD_ID alone is Jenkins' and others' name too: only BUILD_ID together with PROJECT_ID
  // (both mapped from substitutions) stands for Cloud Build (docs/ci-mapping.md §1, §16).
  detect: (env: Env): boolean =>
    anySet(env, 'BUILDER_OUTPUT') || (anySet(env, 'BUILD_ID') && anySet(env, 'PROJECT_ID')),
  resolve(env: Env) {
    const r = new Resolution('google-cloud-build', env);
    r.set('ciServerUrl', CONSOLE_URL, 'Cloud Build console (constant)');
    r.set('ciJobName', r.read('TRIGGER_NAME'));
    const buildId = r.value('BUILD_ID');
    const projectId = r.value('PROJECT_ID');
    const location = r.value('LOCATION');
    r.set('ciBuildNumber', r.read('BUILD_ID'));
    if (buildId !== undefined && projectId !== undefined) {
      if (location !== undefined) {
        r.set(
          'ciBuildUrl',
          `${CONSOLE_URL}/builds;region=${location}/${buildId}?project=${projectId}`,
          `"${CONSOLE_URL}/builds;region=" + LOCATION + "/" + BUILD_ID + "?project=" + PROJECT_ID`,
        );
      } else {
        r.set(
          'ciBuildUrl',
          `${CONSOLE_URL}/builds/${buildId}?project=${projectId}`,
          `"${CONSOLE_URL}/builds/" + BUILD_ID + "?project=" + PROJECT_ID`,
        );
      }
    }

    // _HEAD_BRANCH / _BASE_BRANCH exist on pull-request triggers only; BRANCH_NAME is the
    // pushed branch otherwise.
    r.set('branch', derive(r.read('_HEAD_BRANCH', 'BRANCH_NAME'), normalizeBranch));
    r.set('targetBranch', derive(r.read('_BASE_BRANCH'), normalizeBranch));
    r.set('commit', r.read('COMMIT_SHA'));
    r.set('tag', derive(r.read('TAG_NAME'), normalizeTag));
    r.set('pullRequest', r.read('_PR_NUMBER'));
    r.set('repository', r.read('REPO_FULL_NAME'));
    r.set('pipelineId', r.read('BUILD_ID'));
    return r.done();
  },
} satisfies CiAdapter;

export default googleCloudBuild;
