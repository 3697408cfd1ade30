/**
 * Jenkins X → XL TestView metadata, per ci-mapping.md (the Jenkins X section).
 * Docs of the variables: https://jenkins-x.io/v3/develop/reference/variables/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['JX_REPO_NAME'] as const;

/** The Jenkins X adapter. */
export const jenkinsX = {
  id: 'jenkins-x',
  name: 'Jenkins X',
  docsUrl: 'https://jenkins-x.io/v3/develop/reference/variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'JX_REPO_NAME'),
  resolve(env: Env) {
    const r = new Resolution('jenkins-x', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default jenkinsX;
