/**
 * Wercker → XL TestView metadata, per ci-mapping.md (the Wercker section).
 * Docs of the variables: https://devcenter.wercker.com/administration/environment-variables/available-env-vars/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['WERCKER'] as const;

/** The Wercker adapter. */
export const wercker = {
  id: 'wercker',
  name: 'Wercker',
  docsUrl: 'https://devcenter.wercker.com/administration/environment-variables/available-env-vars/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'WERCKER'),
  resolve(env: Env) {
    const r = new Resolution('wercker', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default wercker;
