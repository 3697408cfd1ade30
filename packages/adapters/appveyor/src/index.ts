/**
 * AppVeyor → XL TestView metadata, per ci-mapping.md (the AppVeyor section).
 * Docs of the variables: https://www.appveyor.com/docs/environment-variables/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['APPVEYOR'] as const;

/** The AppVeyor adapter. */
export const appveyor = {
  id: 'appveyor',
  name: 'AppVeyor',
  docsUrl: 'https://www.appveyor.com/docs/environment-variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'APPVEYOR'),
  resolve(env: Env) {
    const r = new Resolution('appveyor', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default appveyor;
