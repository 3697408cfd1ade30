/**
 * Tekton → XL TestView metadata, per ci-mapping.md (the Tekton section).
 * Docs of the variables: https://tekton.dev/docs/pipelines/variables/
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['TEKTON_PIPELINE_RUN'] as const;

/** The Tekton adapter. */
export const tekton = {
  id: 'tekton',
  name: 'Tekton',
  docsUrl: 'https://tekton.dev/docs/pipelines/variables/',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'TEKTON_PIPELINE_RUN'),
  resolve(env: Env) {
    const r = new Resolution('tekton', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default tekton;
