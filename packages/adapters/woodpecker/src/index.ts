/**
 * Woodpecker CI → XL TestView metadata, per ci-mapping.md (the Woodpecker CI section).
 * Docs of the variables: https://woodpecker-ci.org/docs/usage/environment
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['CI'] as const;

/** The Woodpecker CI adapter. */
export const woodpecker = {
  id: 'woodpecker',
  name: 'Woodpecker CI',
  docsUrl: 'https://woodpecker-ci.org/docs/usage/environment',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'CI'),
  resolve(env: Env) {
    const r = new Resolution('woodpecker', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default woodpecker;
