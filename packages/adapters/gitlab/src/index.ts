/**
 * GitLab CI/CD → XL TestView metadata, per ci-mapping.md (the GitLab CI/CD section).
 * Docs of the variables: https://docs.gitlab.com/ci/variables/predefined_variables/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['GITLAB_CI'] as const;

/** The GitLab CI/CD adapter. */
export const gitlab = {
  id: 'gitlab',
  name: 'GitLab CI/CD',
  docsUrl: 'https://docs.gitlab.com/ci/variables/predefined_variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'GITLAB_CI'),
  resolve(env: Env) {
    const r = new Resolution('gitlab', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default gitlab;
