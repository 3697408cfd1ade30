/**
 * Drone → XL TestView metadata, per ci-mapping.md (the Drone section).
 * Docs of the variables: https://docs.drone.io/pipeline/environment/reference/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['DRONE'] as const;

/** The Drone adapter. */
export const drone = {
  id: 'drone',
  name: 'Drone',
  docsUrl: 'https://docs.drone.io/pipeline/environment/reference/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'DRONE'),
  resolve(env: Env) {
    const r = new Resolution('drone', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default drone;
