/**
 * Azure Pipelines → XL TestView metadata, per docs/ci-mapping.md §5: job = the pipeline
 * definition, build = one run of it (`BUILD_BUILDNUMBER`, results page of `BUILD_BUILDID`);
 * `summarize` (src/summary.ts) attaches the results to the run's summary page.
 * Docs of the variables: https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables
 */
import {
  Resolution,
  anySet,
  derive,
  mapBuildResult,
  normalizeBranch,
  parseTimestamp,
  stripCredentials,
  tagFromRef,
  type CiAdapter,
  type Env,
  type ResolvedCi,
  type Traced,
} from '@xltv/core/adapter';
import type { summarizeForAzure } from './summary.js';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'TF_BUILD',
  'BUILD_BUILDURI',
  'SYSTEM_COLLECTIONURI',
  'SYSTEM_TEAMFOUNDATIONCOLLECTIONURI',
  'SYSTEM_TEAMFOUNDATIONSERVERURI',
  'SYSTEM_TEAMPROJECT',
  'SYSTEM_TEAMPROJECTID',
  'SYSTEM_DEFINITIONID',
  'BUILD_DEFINITIONNAME',
  'SYSTEM_DEFINITIONNAME',
  'BUILD_BUILDNUMBER',
  'BUILD_BUILDID',
  'AGENT_JOBSTATUS',
  'agent.jobstatus',
  'AGENT_NAME',
  'AGENT_MACHINENAME',
  'SYSTEM_PULLREQUEST_PULLREQUESTNUMBER',
  'SYSTEM_PULLREQUEST_PULLREQUESTID',
  'SYSTEM_PULLREQUEST_SOURCEBRANCH',
  'SYSTEM_PULLREQUEST_TARGETBRANCH',
  'BUILD_SOURCEBRANCH',
  'BUILD_SOURCEBRANCHNAME',
  'BUILD_SOURCEVERSION',
  'BUILD_REPOSITORY_NAME',
  'BUILD_REPOSITORY_URI',
  'SYSTEM_JOBATTEMPT',
  'SYSTEM_STAGEDISPLAYNAME',
  'SYSTEM_STAGENAME',
  'SYSTEM_JOBDISPLAYNAME',
  'SYSTEM_PIPELINESTARTTIME',
  // Read by `summarize` only: where the summary file is written.
  'AGENT_TEMPDIRECTORY',
] as const;

/** `AGENT_JOBSTATUS` values (the job's status so far) → the build-result vocabulary. */
const JOB_STATUS = {
  succeeded: 'SUCCESS',
  succeededwithissues: 'UNSTABLE',
  failed: 'FAILURE',
  canceled: 'ABORTED',
  cancelled: 'ABORTED',
} as const;

/**
 * The server (collection) URI, ending with `/`: the URL templates concatenate
 * `${server}${project}`. The collection URI first: in release pipelines the server URI can
 * point to `vsrm`.
 */
function serverUri(r: Resolution): Traced | undefined {
  const uri = r.read(
    'SYSTEM_COLLECTIONURI',
    'SYSTEM_TEAMFOUNDATIONCOLLECTIONURI',
    'SYSTEM_TEAMFOUNDATIONSERVERURI',
  );
  if (uri === undefined || uri.value.endsWith('/')) return uri;
  return { value: `${uri.value}/`, origin: `${uri.origin} + "/"` };
}

/**
 * The Azure Pipelines adapter. `AGENT_JOBSTATUS` gives the job's result so far, so the
 * upload needs no `--build-result` here.
 */
export const azurePipelines = {
  id: 'azure-pipelines',
  name: 'Azure Pipelines',
  docsUrl: 'https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables',
  envVars: ENV_VARS,
  secretEnvVars: ['SYSTEM_ACCESSTOKEN'],
  detect: (env: Env): boolean =>
    anySet(
      env,
      'TF_BUILD',
      'BUILD_BUILDURI',
      'SYSTEM_TEAMFOUNDATIONSERVERURI',
      'SYSTEM_TEAMFOUNDATIONCOLLECTIONURI',
    ),
  resolve(env: Env): ResolvedCi {
    const r = new Resolution('azure-pipelines', env);
    const server = serverUri(r);
    r.set('ciServerUrl', server);

    // Project names may contain spaces: URL-encode them; the id needs no encoding.
    const projectName = r.read('SYSTEM_TEAMPROJECT');
    const project: Traced | undefined = projectName
      ? { value: encodeURIComponent(projectName.value), origin: 'SYSTEM_TEAMPROJECT (URL-encoded)' }
      : r.read('SYSTEM_TEAMPROJECTID');
    const definitionId = r.read('SYSTEM_DEFINITIONID');
    const buildId = r.read('BUILD_BUILDID');
    if (server && project && definitionId) {
      r.set(
        'ciJobUrl',
        `${server.value}${project.value}/_build?definitionId=${definitionId.value}`,
        `${server.origin} + ${project.origin} + "/_build?definitionId=" + ${definitionId.origin}`,
      );
    }
    if (server && project && buildId) {
      r.set(
        'ciBuildUrl',
        `${server.value}${project.value}/_build/results?buildId=${buildId.value}`,
        `${server.origin} + ${project.origin} + "/_build/results?buildId=" + ${buildId.origin}`,
      );
    }
    r.set('ciJobName', r.read('BUILD_DEFINITIONNAME', 'SYSTEM_DEFINITIONNAME'));
    r.set('ciBuildNumber', r.read('BUILD_BUILDNUMBER', 'BUILD_BUILDID'));
    r.set(
      'ciBuildResult',
      derive(r.read('AGENT_JOBSTATUS', 'agent.jobstatus'), (status) =>
        mapBuildResult(status, JOB_STATUS),
      ),
    );
    r.set('ciExecutedOn', r.read('AGENT_NAME', 'AGENT_MACHINENAME'));

    r.set(
      'pullRequest',
      r.read('SYSTEM_PULLREQUEST_PULLREQUESTNUMBER', 'SYSTEM_PULLREQUEST_PULLREQUESTID'),
    );
    // A PR build (a PR number, or the PR source branch set) takes the PR's source branch,
    // even when it is unset: BUILD_SOURCEBRANCH then holds a merge ref or the target.
    const prSource = r.read('SYSTEM_PULLREQUEST_SOURCEBRANCH');
    const isPullRequest = r.get('pullRequest') !== undefined || prSource !== undefined;
    const sourceBranch = r.read('BUILD_SOURCEBRANCH', 'BUILD_SOURCEBRANCHNAME');
    r.set('branch', derive(isPullRequest ? prSource : sourceBranch, normalizeBranch));
    r.set('targetBranch', derive(r.read('SYSTEM_PULLREQUEST_TARGETBRANCH'), normalizeBranch));
    r.set('commit', r.read('BUILD_SOURCEVERSION'));
    r.set('tag', derive(r.read('BUILD_SOURCEBRANCH'), tagFromRef));

    r.set('repository', r.read('BUILD_REPOSITORY_NAME'));
    r.set('repositoryUrl', derive(r.read('BUILD_REPOSITORY_URI'), stripCredentials));
    r.set('pipelineId', buildId);
    r.set('attempt', r.read('SYSTEM_JOBATTEMPT'));
    r.set('stage', r.read('SYSTEM_STAGEDISPLAYNAME', 'SYSTEM_STAGENAME'));
    r.set('step', r.read('SYSTEM_JOBDISPLAYNAME'));
    return r.done({ buildStartedAt: parseTimestamp(r.value('SYSTEM_PIPELINESTARTTIME')) });
  },
  // Loaded when used: its file and process built-ins stay out of `xltv --help`.
  summarize: async (...args: Parameters<typeof summarizeForAzure>) =>
    (await import('./summary.js')).summarizeForAzure(...args),
} satisfies CiAdapter;

export default azurePipelines;
