/**
 * Harness CI → XL TestView metadata, per ci-mapping.md (the Harness CI section).
 * Docs of the variables: https://developer.harness.io/docs/continuous-integration/troubleshoot-ci/ci-env-var
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['HARNESS_BUILD_ID'] as const;

/** The Harness CI adapter. */
export const harness = {
  id: 'harness',
  name: 'Harness CI',
  docsUrl: 'https://developer.harness.io/docs/continuous-integration/troubleshoot-ci/ci-env-var',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'HARNESS_BUILD_ID'),
  resolve(env: Env) {
    const r = new Resolution('harness', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default harness;
