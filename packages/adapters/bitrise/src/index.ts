/**
 * Bitrise → XL TestView metadata, per ci-mapping.md (the Bitrise section).
 * Docs of the variables: https://devcenter.bitrise.io/en/references/available-environment-variables.html
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['BITRISE_IO'] as const;

/** The Bitrise adapter. */
export const bitrise = {
  id: 'bitrise',
  name: 'Bitrise',
  docsUrl: 'https://devcenter.bitrise.io/en/references/available-environment-variables.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'BITRISE_IO'),
  resolve(env: Env) {
    const r = new Resolution('bitrise', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default bitrise;
