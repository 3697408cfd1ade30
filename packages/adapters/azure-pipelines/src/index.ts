/**
 * Azure Pipelines → XL TestView metadata, per ci-mapping.md (the Azure Pipelines section).
 * Docs of the variables: https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['TF_BUILD'] as const;

/** The Azure Pipelines adapter. */
export const azurePipelines = {
  id: 'azure-pipelines',
  name: 'Azure Pipelines',
  docsUrl: 'https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'TF_BUILD'),
  resolve(env: Env) {
    const r = new Resolution('azure-pipelines', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default azurePipelines;
