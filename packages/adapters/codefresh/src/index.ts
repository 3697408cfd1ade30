/**
 * Codefresh → XL TestView metadata, per ci-mapping.md (the Codefresh section).
 * Docs of the variables: https://codefresh.io/docs/docs/pipelines/variables/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['CF_BUILD_ID'] as const;

/** The Codefresh adapter. */
export const codefresh = {
  id: 'codefresh',
  name: 'Codefresh',
  docsUrl: 'https://codefresh.io/docs/docs/pipelines/variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'CF_BUILD_ID'),
  resolve(env: Env) {
    const r = new Resolution('codefresh', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default codefresh;
