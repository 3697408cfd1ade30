/**
 * Travis CI → XL TestView metadata, per ci-mapping.md (the Travis CI section).
 * Docs of the variables: https://docs.travis-ci.com/user/environment-variables/#default-environment-variables
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['TRAVIS'] as const;

/** The Travis CI adapter. */
export const travisCi = {
  id: 'travis-ci',
  name: 'Travis CI',
  docsUrl: 'https://docs.travis-ci.com/user/environment-variables/#default-environment-variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'TRAVIS'),
  resolve(env: Env) {
    const r = new Resolution('travis-ci', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default travisCi;
