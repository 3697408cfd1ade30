/**
 * Bamboo → XL TestView metadata, per ci-mapping.md (the Bamboo section).
 * Docs of the variables: https://confluence.atlassian.com/bamboo/bamboo-variables-289277087.html
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['bamboo_buildKey'] as const;

/** The Bamboo adapter. */
export const bamboo = {
  id: 'bamboo',
  name: 'Bamboo',
  docsUrl: 'https://confluence.atlassian.com/bamboo/bamboo-variables-289277087.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'bamboo_buildKey'),
  resolve(env: Env) {
    const r = new Resolution('bamboo', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default bamboo;
