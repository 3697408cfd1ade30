/**
 * Jenkins → XL TestView metadata, per ci-mapping.md (the Jenkins section).
 * Docs of the variables: https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['JENKINS_URL'] as const;

/** The Jenkins adapter. */
export const jenkins = {
  id: 'jenkins',
  name: 'Jenkins',
  docsUrl: 'https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'JENKINS_URL'),
  resolve(env: Env) {
    const r = new Resolution('jenkins', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default jenkins;
