/**
 * Buildkite → XL TestView metadata, per docs/ci-mapping.md §7, and the results as a build
 * annotation (`summarize`, src/summary.ts).
 * Docs of the variables: https://buildkite.com/docs/pipelines/configure/environment-variables
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  normalizeTag,
  repositoryFromUrl,
  stripCredentials,
  tagFromRef,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';
import type { summarizeForBuildkite } from './summary.js';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'BUILDKITE',
  'BUILDKITE_BUILD_URL',
  'BUILDKITE_PIPELINE_NAME',
  'BUILDKITE_PIPELINE_SLUG',
  'BUILDKITE_BUILD_NUMBER',
  'BUILDKITE_AGENT_NAME',
  'BUILDKITE_AGENT_ID',
  'BUILDKITE_BRANCH',
  'BUILDKITE_TAG',
  'BUILDKITE_COMMIT',
  'BUILDKITE_PULL_REQUEST',
  'BUILDKITE_PULL_REQUEST_BASE_BRANCH',
  'BUILDKITE_REPO',
  'BUILDKITE_BUILD_ID',
  'BUILDKITE_RETRY_COUNT',
  'BUILDKITE_LABEL',
  'BUILDKITE_GROUP_LABEL',
  // Read by `summarize` only: where `buildkite-agent` is looked up.
  'PATH',
] as const;

/** `https://buildkite.com/org/pipeline/builds/42` → `https://buildkite.com/org/pipeline`. */
function pipelineUrl(buildUrl: string): string | undefined {
  return /^(.+)\/builds\/\d+\/?$/.exec(buildUrl)?.[1];
}

/** Buildkite's 0-based retry count as a 1-based attempt. */
function attemptFromRetryCount(retryCount: string): string | undefined {
  return /^\d+$/.test(retryCount) ? String(Number(retryCount) + 1) : undefined;
}

/** The Buildkite adapter. */
export const buildkite = {
  id: 'buildkite',
  name: 'Buildkite',
  docsUrl: 'https://buildkite.com/docs/pipelines/configure/environment-variables',
  envVars: ENV_VARS,
  secretEnvVars: ['BUILDKITE_AGENT_ACCESS_TOKEN'],
  detect: (env: Env): boolean => anySet(env, 'BUILDKITE'),
  resolve(env: Env) {
    const r = new Resolution('buildkite', env);
    const buildUrl = r.read('BUILDKITE_BUILD_URL');
    r.set('ciServerUrl', derive(buildUrl, urlOrigin, 'origin of BUILDKITE_BUILD_URL'));
    r.set('ciJobName', r.read('BUILDKITE_PIPELINE_NAME', 'BUILDKITE_PIPELINE_SLUG'));
    r.set('ciJobUrl', derive(buildUrl, pipelineUrl, 'BUILDKITE_BUILD_URL without "/builds/<n>"'));
    r.set('ciBuildNumber', r.read('BUILDKITE_BUILD_NUMBER'));
    r.set('ciBuildUrl', buildUrl);
    r.set('ciExecutedOn', r.read('BUILDKITE_AGENT_NAME', 'BUILDKITE_AGENT_ID'));

    const branch = r.read('BUILDKITE_BRANCH');
    r.set('branch', derive(branch, normalizeBranch));
    r.set('tag', derive(r.read('BUILDKITE_TAG'), normalizeTag));
    r.fallback('tag', derive(branch, tagFromRef));
    r.set('commit', r.read('BUILDKITE_COMMIT'));
    r.set(
      'pullRequest',
      derive(r.read('BUILDKITE_PULL_REQUEST'), (value) => (value === 'false' ? undefined : value)),
    );
    r.set('targetBranch', derive(r.read('BUILDKITE_PULL_REQUEST_BASE_BRANCH'), normalizeBranch));

    const repo = r.read('BUILDKITE_REPO');
    r.set('repository', derive(repo, repositoryFromUrl, 'BUILDKITE_REPO (path)'));
    r.set('repositoryUrl', derive(repo, stripCredentials));
    r.set('pipelineId', r.read('BUILDKITE_BUILD_ID'));
    r.set(
      'attempt',
      derive(r.read('BUILDKITE_RETRY_COUNT'), attemptFromRetryCount, 'BUILDKITE_RETRY_COUNT + 1'),
    );
    r.set('step', r.read('BUILDKITE_LABEL'));
    r.set('stage', r.read('BUILDKITE_GROUP_LABEL'));
    return r.done();
  },
  // Loaded when used: its file and process built-ins stay out of `xltv --help`.
  summarize: async (...args: Parameters<typeof summarizeForBuildkite>) =>
    (await import('./summary.js')).summarizeForBuildkite(...args),
} satisfies CiAdapter;

export default buildkite;
