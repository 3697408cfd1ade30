/**
 * Semaphore → XL TestView metadata, per ci-mapping.md (the Semaphore section).
 * Docs of the variables: https://docs.semaphoreci.com/reference/env-vars
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['SEMAPHORE'] as const;

/** The Semaphore adapter. */
export const semaphore = {
  id: 'semaphore',
  name: 'Semaphore',
  docsUrl: 'https://docs.semaphoreci.com/reference/env-vars',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'SEMAPHORE'),
  resolve(env: Env) {
    const r = new Resolution('semaphore', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default semaphore;
