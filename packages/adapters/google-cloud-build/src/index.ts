/**
 * Google Cloud Build → XL TestView metadata, per ci-mapping.md (the Google Cloud Build section).
 * Docs of the variables: https://cloud.google.com/build/docs/configuring-builds/substitute-variable-values
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['BUILDER_OUTPUT'] as const;

/** The Google Cloud Build adapter. */
export const googleCloudBuild = {
  id: 'google-cloud-build',
  name: 'Google Cloud Build',
  docsUrl: 'https://cloud.google.com/build/docs/configuring-builds/substitute-variable-values',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'BUILDER_OUTPUT'),
  resolve(env: Env) {
    const r = new Resolution('google-cloud-build', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default googleCloudBuild;
