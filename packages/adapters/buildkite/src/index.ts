/**
 * Buildkite → XL TestView metadata, per ci-mapping.md (the Buildkite section).
 * Docs of the variables: https://buildkite.com/docs/pipelines/configure/environment-variables
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['BUILDKITE'] as const;

/** The Buildkite adapter. */
export const buildkite = {
  id: 'buildkite',
  name: 'Buildkite',
  docsUrl: 'https://buildkite.com/docs/pipelines/configure/environment-variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'BUILDKITE'),
  resolve(env: Env) {
    const r = new Resolution('buildkite', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default buildkite;
