/**
 * Bitbucket Pipelines → XL TestView metadata, per ci-mapping.md (the Bitbucket Pipelines section).
 * Docs of the variables: https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['BITBUCKET_BUILD_NUMBER'] as const;

/** The Bitbucket Pipelines adapter. */
export const bitbucketPipelines = {
  id: 'bitbucket-pipelines',
  name: 'Bitbucket Pipelines',
  docsUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'BITBUCKET_BUILD_NUMBER'),
  resolve(env: Env) {
    const r = new Resolution('bitbucket-pipelines', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default bitbucketPipelines;
