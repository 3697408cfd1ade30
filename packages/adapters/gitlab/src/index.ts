/**
 * GitLab CI/CD → XL TestView metadata, per docs/ci-mapping.md §3 (job level: job =
 * `CI_JOB_NAME`, build = one run of it, `CI_JOB_ID`/`CI_JOB_URL`), plus optional GitLab API
 * lookups (§24) in `enrich` and a merge-request note in `afterUpload`; both load
 * `@gitbeaker/rest` lazily.
 * Docs of the variables: https://docs.gitlab.com/ci/variables/predefined_variables/
 */
import {
  Resolution,
  anySet,
  derive,
  mapBuildResult,
  normalizeBranch,
  normalizeTag,
  parseTimestamp,
  repositoryFromUrl,
  stripCredentials,
  urlOrigin,
  type AfterUploadContext,
  type AfterUploadResult,
  type CiAdapter,
  type EnrichContext,
  type Enrichment,
  type Env,
  type ResolvedCi,
  type Traced,
} from '@xltv/core/adapter';
import { GITLAB_JOB_STATUS } from './status.js';

export { GITLAB_JOB_STATUS } from './status.js';

/** Variables `resolve` reads. */
const RESOLVE_VARS = [
  'GITLAB_CI',
  'CI_SERVER_NAME',
  'CI_SERVER_URL',
  'CI_SERVER_PROTOCOL',
  'CI_SERVER_HOST',
  'CI_SERVER_PORT',
  'CI_PROJECT_URL',
  'CI_JOB_NAME',
  'CI_BUILD_NAME',
  'CI_JOB_ID',
  'CI_BUILD_ID',
  'CI_JOB_URL',
  'CI_JOB_STATUS',
  'CI_RUNNER_DESCRIPTION',
  'CI_RUNNER_ID',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
  'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME',
  'CI_COMMIT_BRANCH',
  'CI_COMMIT_REF_NAME',
  'CI_BUILD_REF_NAME',
  'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
  'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME',
  'CI_COMMIT_SHA',
  'CI_BUILD_REF',
  'CI_COMMIT_TAG',
  'CI_MERGE_REQUEST_IID',
  'CI_EXTERNAL_PULL_REQUEST_IID',
  'CI_PROJECT_PATH',
  'CI_REPOSITORY_URL',
  'CI_BUILD_REPO',
  'CI_PIPELINE_ID',
  'CI_JOB_STAGE',
  'CI_BUILD_STAGE',
  'CI_JOB_STARTED_AT',
] as const;

/** Variables only the API lookups (`enrich`, `afterUpload`) read. */
const API_VARS = [
  'CI_API_V4_URL',
  'CI_JOB_TOKEN',
  'XLTV_GITLAB_TOKEN',
  'CI_PROJECT_ID',
  'CI_MERGE_REQUEST_PROJECT_ID',
  'CI_OPEN_MERGE_REQUESTS',
  'CI_PIPELINE_URL',
] as const;

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [...RESOLVE_VARS, ...API_VARS] as const;

const DEFAULT_PORTS: Readonly<Record<string, string>> = { https: '443', http: '80' };

/** `CI_SERVER_URL`, else protocol + host [+ port], else the origin of `CI_PROJECT_URL`. */
function serverUrl(r: Resolution): Traced | undefined {
  const url = r.read('CI_SERVER_URL');
  if (url) return url;
  const protocol = r.value('CI_SERVER_PROTOCOL');
  const host = r.value('CI_SERVER_HOST');
  if (protocol !== undefined && host !== undefined) {
    const port = r.value('CI_SERVER_PORT');
    // CI_SERVER_URL leaves the protocol's default port out; so does the rebuilt URL.
    const withPort = port !== undefined && DEFAULT_PORTS[protocol] !== port;
    return {
      value: `${protocol}://${host}${withPort ? `:${port}` : ''}`,
      origin: `CI_SERVER_PROTOCOL + "://" + CI_SERVER_HOST${withPort ? ' + ":" + CI_SERVER_PORT' : ''}`,
    };
  }
  return derive(r.read('CI_PROJECT_URL'), urlOrigin, 'origin of CI_PROJECT_URL');
}

/**
 * The GitLab CI/CD adapter. The build result is known only in `after_script`
 * (`CI_JOB_STATUS`): run the upload there. `enrich` reads the job's own record with the job
 * token and, with `XLTV_GITLAB_TOKEN`, finds the open merge request of a branch pipeline;
 * `afterUpload` posts or updates one note on the merge request when
 * `options.gitlabMrNote === true` and `XLTV_GITLAB_TOKEN` may write.
 */
export const gitlab = {
  id: 'gitlab',
  name: 'GitLab CI/CD',
  docsUrl: 'https://docs.gitlab.com/ci/variables/predefined_variables/',
  envVars: ENV_VARS,
  secretEnvVars: ['CI_JOB_TOKEN', 'XLTV_GITLAB_TOKEN', 'GITLAB_TOKEN'],
  options: {
    gitlabMrNote: {
      description: 'comment the upload on the merge request (needs XLTV_GITLAB_TOKEN)',
      skipped: 'no note was posted',
    },
  },
  detect: (env: Env): boolean =>
    anySet(env, 'GITLAB_CI') || (env['CI_SERVER_NAME'] ?? '').startsWith('GitLab'),
  resolve(env: Env): ResolvedCi {
    const r = new Resolution('gitlab', env);
    const projectUrl = r.read('CI_PROJECT_URL');
    const jobId = r.read('CI_JOB_ID', 'CI_BUILD_ID');
    r.set('ciServerUrl', serverUrl(r));
    r.set('ciJobName', r.read('CI_JOB_NAME', 'CI_BUILD_NAME'));
    if (projectUrl) r.set('ciJobUrl', `${projectUrl.value}/-/jobs`, 'CI_PROJECT_URL + "/-/jobs"');
    r.set('ciBuildNumber', jobId);
    r.set('ciBuildUrl', r.read('CI_JOB_URL'));
    if (projectUrl && jobId) {
      r.fallback('ciBuildUrl', {
        value: `${projectUrl.value}/-/jobs/${jobId.value}`,
        origin: `CI_PROJECT_URL + "/-/jobs/" + ${jobId.origin}`,
      });
    }
    r.set(
      'ciBuildResult',
      derive(r.read('CI_JOB_STATUS'), (status) => mapBuildResult(status, GITLAB_JOB_STATUS)),
    );
    r.set('ciExecutedOn', r.read('CI_RUNNER_DESCRIPTION', 'CI_RUNNER_ID'));

    r.set(
      'branch',
      derive(
        r.read(
          'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
          'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME',
          'CI_COMMIT_BRANCH',
          'CI_COMMIT_REF_NAME',
          'CI_BUILD_REF_NAME',
        ),
        normalizeBranch,
      ),
    );
    r.set(
      'targetBranch',
      derive(
        r.read(
          'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
          'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME',
        ),
        normalizeBranch,
      ),
    );
    r.set('commit', r.read('CI_COMMIT_SHA', 'CI_BUILD_REF'));
    r.set('tag', derive(r.read('CI_COMMIT_TAG'), normalizeTag));
    r.set('pullRequest', r.read('CI_MERGE_REQUEST_IID', 'CI_EXTERNAL_PULL_REQUEST_IID'));

    const cloneUrl = r.read('CI_REPOSITORY_URL', 'CI_BUILD_REPO');
    r.set('repository', r.read('CI_PROJECT_PATH'));
    r.fallback(
      'repository',
      derive(cloneUrl, repositoryFromUrl, cloneUrl && `path of ${cloneUrl.origin}`),
    );
    // CI_REPOSITORY_URL embeds the job token (https://gitlab-ci-token:<token>@host/…).
    r.set('repositoryUrl', projectUrl);
    r.fallback('repositoryUrl', derive(cloneUrl, stripCredentials));
    r.set('pipelineId', r.read('CI_PIPELINE_ID'));
    r.set('stage', r.read('CI_JOB_STAGE', 'CI_BUILD_STAGE'));
    return r.done({ buildStartedAt: parseTimestamp(r.value('CI_JOB_STARTED_AT')) });
  },
  async enrich(context: EnrichContext): Promise<Enrichment> {
    const { enrichFromApi } = await import('./api.js');
    return enrichFromApi(context);
  },
  async afterUpload(context: AfterUploadContext): Promise<AfterUploadResult | void> {
    if (context.options['gitlabMrNote'] !== true) return;
    const { upsertMergeRequestNote } = await import('./api.js');
    return upsertMergeRequestNote(context);
  },
} satisfies CiAdapter;

export default gitlab;
