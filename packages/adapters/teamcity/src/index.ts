/**
 * TeamCity → XL TestView metadata, per ci-mapping.md (the TeamCity section).
 * Docs of the variables: https://www.jetbrains.com/help/teamcity/predefined-build-parameters.html
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['TEAMCITY_VERSION'] as const;

/** The TeamCity adapter. */
export const teamcity = {
  id: 'teamcity',
  name: 'TeamCity',
  docsUrl: 'https://www.jetbrains.com/help/teamcity/predefined-build-parameters.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'TEAMCITY_VERSION'),
  resolve(env: Env) {
    const r = new Resolution('teamcity', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default teamcity;
