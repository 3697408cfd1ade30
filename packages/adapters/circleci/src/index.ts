/**
 * CircleCI → XL TestView metadata, per ci-mapping.md (the CircleCI section).
 * Docs of the variables: https://circleci.com/docs/variables/#built-in-environment-variables
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['CIRCLECI'] as const;

/** The CircleCI adapter. */
export const circleci = {
  id: 'circleci',
  name: 'CircleCI',
  docsUrl: 'https://circleci.com/docs/variables/#built-in-environment-variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'CIRCLECI'),
  resolve(env: Env) {
    const r = new Resolution('circleci', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default circleci;
