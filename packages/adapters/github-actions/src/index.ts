/**
 * GitHub Actions → XL TestView metadata, per ci-mapping.md (the GitHub Actions section).
 * Docs of the variables: https://docs.github.com/en/actions/reference/variables-reference
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['GITHUB_ACTIONS'] as const;

/** The GitHub Actions adapter. */
export const githubActions = {
  id: 'github-actions',
  name: 'GitHub Actions',
  docsUrl: 'https://docs.github.com/en/actions/reference/variables-reference',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'GITHUB_ACTIONS'),
  resolve(env: Env) {
    const r = new Resolution('github-actions', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default githubActions;
