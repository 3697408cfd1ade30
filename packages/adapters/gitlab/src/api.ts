/**
 * GitLab REST API lookups (docs/ci-mapping.md §24), loaded lazily by the adapter so that a plain
 * `resolve` never loads `@gitbeaker/rest`. The gitbeaker resources run on a small requester
 * of our own, on the `fetch` core passes (it connects as the upload does: proxy, CA file): it
 * honours the caller's AbortSignal, never follows redirects (a token header must not travel
 * to another host), and its errors name the HTTP status and the endpoint, never a token.
 */
import type * as Gitbeaker from '@gitbeaker/rest';
import type { Commits, Jobs } from '@gitbeaker/rest';
import {
  XltvError,
  joinUrl,
  mapBuildResult,
  nonEmpty,
  normalizeBranch,
  normalizeTag,
  resultsTable,
  stripCredentials,
  urlOrigin,
  type AdapterFetch,
  type AfterUploadContext,
  type AfterUploadResult,
  type CiProperties,
  type EnrichContext,
  type Enrichment,
  type Env,
  type PropertyOrigins,
  type XltvErrorCode,
  type XltvWarning,
} from '@xltv/core/adapter';
import { GITLAB_JOB_STATUS } from './status.js';

/** The hidden marker that identifies the one note `afterUpload` keeps up to date. */
export const NOTE_MARKER = '<!-- xltv-upload -->';

type ResourceOptions = ConstructorParameters<typeof Jobs>[0];
type RequesterFn = NonNullable<ResourceOptions['requesterFn']>;
type Requester = ReturnType<RequesterFn>;
type ServiceOptions = Parameters<RequesterFn>[0];
type RequestOptions = NonNullable<Parameters<Requester['get']>[1]>;

/** The API root: `CI_API_V4_URL`, else `CI_SERVER_URL` + `/api/v4`; only http(s). */
export function apiRoot(env: Env): string | undefined {
  const explicit = nonEmpty(env['CI_API_V4_URL']);
  const server = nonEmpty(env['CI_SERVER_URL']);
  const root = explicit ?? (server !== undefined ? joinUrl(server, 'api/v4') : undefined);
  return urlOrigin(root) !== undefined ? root : undefined;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function queryString(params: Record<string, unknown> | undefined): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) query.append(`${snakeCase(key)}[]`, String(item));
    } else query.append(snakeCase(key), String(value));
  }
  return query.toString();
}

function errorCode(status: number): XltvErrorCode {
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'SERVER_ERROR';
  if (status >= 300 && status < 400) return 'REDIRECT';
  return 'UNEXPECTED_RESPONSE';
}

/**
 * A gitbeaker requester (`requesterFn`) on `fetchFn` (core's, else the global `fetch`):
 * requests go to `apiRoot` with the resource's auth header, abort with `signal`, and fail with
 * an {@link XltvError} whose message names the method, the endpoint path and the HTTP status.
 */
export function createRequester(
  apiRootUrl: string,
  signal: AbortSignal,
  fetchFn: AdapterFetch = fetch,
): RequesterFn {
  const base = apiRootUrl.endsWith('/') ? apiRootUrl : `${apiRootUrl}/`;
  return (service: ServiceOptions): Requester => {
    // gitbeaker builds `service.url` as `<host>/api/v4/<resource prefix>` (e.g. `projects`
    // for notes); keep the prefix, replace the host part with our API root.
    const marker = service.url.indexOf('/api/v4/');
    const prefix = marker === -1 ? '' : service.url.slice(marker + '/api/v4/'.length);
    const send = async (method: string, endpoint: string, options: RequestOptions = {}) => {
      const relative = [prefix, endpoint]
        .map((part) => part.replace(/^\/+|\/+$/g, ''))
        .filter((part) => part !== '')
        .join('/');
      const url = new URL(relative, base);
      url.search = queryString(options.searchParams);
      const path = url.pathname;
      const headers: Record<string, string> = { ...service.headers, accept: 'application/json' };
      for (const [name, value] of Object.entries(service.authHeaders))
        headers[name] = await value();
      let body: string | undefined;
      if (options.body !== undefined && !(options.body instanceof FormData)) {
        body = JSON.stringify(
          Object.fromEntries(Object.entries(options.body).map(([k, v]) => [snakeCase(k), v])),
        );
        headers['content-type'] = 'application/json';
      }
      const signals = options.signal ? [signal, options.signal] : [signal];
      let response: Response;
      try {
        response = await fetchFn(url, {
          method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.any(signals),
        });
      } catch (error) {
        const aborted = signal.aborted || options.signal?.aborted === true;
        throw new XltvError(
          aborted ? 'ABORTED' : 'NETWORK',
          `GitLab API ${method} ${path} ${aborted ? 'was aborted' : `failed: ${describe(error)}`}`,
          { method, endpoint: path },
          { cause: error },
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new XltvError(
          errorCode(response.status),
          `GitLab API ${method} ${path} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
          { method, endpoint: path, status: response.status },
        );
      }
      const contentType = response.headers.get('content-type') ?? '';
      const parsed: unknown =
        response.status === 204
          ? null
          : contentType.includes('json')
            ? await response.json()
            : await response.text();
      return {
        body: parsed,
        headers: Object.fromEntries(response.headers.entries()),
        status: response.status,
      };
    };
    // gitbeaker types each verb generically over the body; ours is whatever the server sent.
    return {
      get: (endpoint, options) => send('GET', endpoint, options),
      post: (endpoint, options) => send('POST', endpoint, options),
      put: (endpoint, options) => send('PUT', endpoint, options),
      patch: (endpoint, options) => send('PATCH', endpoint, options),
      delete: (endpoint, options) => send('DELETE', endpoint, options),
    } as Requester;
  };
}

/** A network error's cause, without any URL user info. */
function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const text = cause instanceof Error ? cause.message : String(cause);
  return stripCredentials(text);
}

// --- Defensive readers: the API's JSON is input, not a typed promise. ---

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

interface Api {
  readonly root: string;
  readonly jobToken: string | undefined;
  readonly token: string | undefined;
  readonly requesterFn: RequesterFn;
  readonly gitbeaker: typeof Gitbeaker;
}

async function openApi(
  env: Env,
  signal: AbortSignal,
  fetchFn: AdapterFetch | undefined,
): Promise<Api | undefined> {
  const root = apiRoot(env);
  const jobToken = nonEmpty(env['CI_JOB_TOKEN']);
  const token = nonEmpty(env['XLTV_GITLAB_TOKEN']);
  if (root === undefined || (jobToken === undefined && token === undefined)) return undefined;
  const gitbeaker = await import('@gitbeaker/rest');
  const requesterFn = createRequester(root, signal, fetchFn);
  return { root, jobToken, token, requesterFn, gitbeaker };
}

/** The job's own record: `GET /job` with the job token, else `GET /projects/:id/jobs/:id`. */
async function readJob(api: Api, env: Env): Promise<Record<string, unknown> | undefined> {
  const { Jobs } = api.gitbeaker;
  if (api.jobToken !== undefined) {
    const jobs = new Jobs({
      jobToken: api.jobToken,
      requesterFn: api.requesterFn,
      queryTimeout: null,
    });
    // Jobs.showConnectedJob() of gitbeaker 43.8.0 checks `headers['job-token']` while the
    // jobToken option fills `authHeaders`, so it always throws: ask the requester directly.
    return record((await jobs.requester.get('job')).body);
  }
  const project = nonEmpty(env['CI_PROJECT_ID']) ?? nonEmpty(env['CI_PROJECT_PATH']);
  const jobId = Number(nonEmpty(env['CI_JOB_ID']));
  if (api.token === undefined || project === undefined || !Number.isInteger(jobId))
    return undefined;
  const jobs = new Jobs({ token: api.token, requesterFn: api.requesterFn, queryTimeout: null });
  return record(await jobs.show(project, jobId));
}

/** Properties a job record tells (`GET /job`), before the "only where absent" filter. */
function fromJob(job: Record<string, unknown>): CiProperties {
  const properties: CiProperties = {};
  const webUrl = text(job['web_url']);
  const projectUrl = webUrl !== undefined ? /^(.+)\/-\/jobs\/\d+\/?$/.exec(webUrl)?.[1] : undefined;
  const runner = record(job['runner']);
  const pipeline = record(job['pipeline']);
  const commit = record(job['commit']);
  const ref = text(job['ref']);
  properties.ciServerUrl = urlOrigin(webUrl);
  properties.ciJobName = text(job['name']);
  properties.ciJobUrl = projectUrl !== undefined ? `${projectUrl}/-/jobs` : undefined;
  properties.ciBuildNumber = text(job['id']);
  properties.ciBuildUrl = urlOrigin(webUrl) !== undefined ? webUrl : undefined;
  properties.ciBuildResult = mapBuildResult(text(job['status']), GITLAB_JOB_STATUS);
  properties.ciExecutedOn = text(runner?.['description']) ?? text(runner?.['id']);
  properties.commit = text(commit?.['id']) ?? text(pipeline?.['sha']);
  properties.pipelineId = text(pipeline?.['id']);
  properties.stage = text(job['stage']);
  if (job['tag'] === true) properties.tag = normalizeTag(ref);
  else properties.branch = normalizeBranch(ref);
  properties.repositoryUrl = urlOrigin(projectUrl) !== undefined ? projectUrl : undefined;
  return properties;
}

/** `CI_OPEN_MERGE_REQUESTS` (`group/project!12,other/x!3`) entries as `{ project, iid }`. */
export function openMergeRequests(env: Env): { project: string; iid: string }[] {
  return (nonEmpty(env['CI_OPEN_MERGE_REQUESTS']) ?? '')
    .split(',')
    .map((entry) => /^\s*(.+)!(\d+)\s*$/.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ project: match[1] ?? '', iid: match[2] ?? '' }));
}

interface MergeRequestRef {
  readonly project: string;
  readonly iid: string;
  readonly targetBranch?: string | undefined;
}

/**
 * The open merge request of a commit (`GET /projects/:id/repository/commits/:sha/
 * merge_requests`). The job token may not call this endpoint (it is not in GitLab's job
 * token table), so it needs `XLTV_GITLAB_TOKEN`. With several open ones, the one whose source
 * branch is `branch`; still ambiguous: none (nothing is guessed).
 */
async function mergeRequestOfCommit(
  api: Api,
  project: string,
  sha: string,
  branch: string | undefined,
): Promise<MergeRequestRef | undefined> {
  if (api.token === undefined) return undefined;
  const commits: Commits = new api.gitbeaker.Commits({
    token: api.token,
    requesterFn: api.requesterFn,
    queryTimeout: null,
  });
  const list: unknown = await commits.allMergeRequests(project, sha);
  const open = (Array.isArray(list) ? list : [])
    .map(record)
    .filter((mr): mr is Record<string, unknown> => mr?.['state'] === 'opened');
  const onBranch = branch === undefined ? [] : open.filter((mr) => mr['source_branch'] === branch);
  const candidates = onBranch.length > 0 ? onBranch : open;
  const [only] = candidates;
  if (candidates.length !== 1 || only === undefined) return undefined;
  const iid = text(only['iid']);
  const mrProject = text(only['project_id']) ?? project;
  return iid === undefined
    ? undefined
    : { project: mrProject, iid, targetBranch: text(only['target_branch']) };
}

function projectOf(env: Env): string | undefined {
  return nonEmpty(env['CI_PROJECT_ID']) ?? nonEmpty(env['CI_PROJECT_PATH']);
}

/**
 * `enrich` of the GitLab adapter: the job's own record (job token, or `XLTV_GITLAB_TOKEN`)
 * and, in branch pipelines, the open merge request of the commit. Returns only properties
 * the environment lacked. Throws on any API failure (core turns it into a warning).
 */
export async function enrichFromApi(context: EnrichContext): Promise<Enrichment> {
  const { env, resolved, signal } = context;
  const have = resolved.properties;
  const found: CiProperties = {};
  const origins: PropertyOrigins = {};
  const api = await openApi(env, signal, context.fetch);

  const job = api ? await readJob(api, env) : undefined;
  if (job) Object.assign(found, fromJob(job));

  const known = { ...found, ...have };
  const isBranchPipeline = known.pullRequest === undefined && known.tag === undefined;
  if (isBranchPipeline) {
    const fromEnv = openMergeRequests(env).filter(
      (mr) => mr.project === nonEmpty(env['CI_PROJECT_PATH']),
    );
    const [onlyFromEnv] = fromEnv;
    const project = projectOf(env) ?? text(record(job?.['pipeline'])?.['project_id']);
    if (fromEnv.length === 1 && onlyFromEnv) {
      found.pullRequest = onlyFromEnv.iid;
      origins.pullRequest = 'CI_OPEN_MERGE_REQUESTS';
    } else if (api && project !== undefined && known.commit !== undefined) {
      const mr = await mergeRequestOfCommit(api, project, known.commit, known.branch);
      if (mr) {
        found.pullRequest = mr.iid;
        found.targetBranch = mr.targetBranch;
      }
    }
  }

  const properties: CiProperties = {};
  for (const [key, value] of Object.entries(found) as [keyof CiProperties, string | undefined][]) {
    if (value !== undefined && value !== '' && have[key] === undefined) {
      properties[key] = value;
      origins[key] ??= 'api';
    } else delete origins[key];
  }
  return { properties, origins };
}

function escapeMarkdown(value: string): string {
  return value.replace(/[\\|[\]<>*_`]/g, (char) => `\\${char}`);
}

/** What was sent (string values of the metadata) over what the environment resolved. */
function sentProperties(context: AfterUploadContext): CiProperties {
  const sent = Object.entries(context.metadata).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  return { ...context.resolved.properties, ...Object.fromEntries(sent) };
}

/** What the files held, when they were read: the counts table and how many problems. */
function resultsLines(results: AfterUploadContext['outcome']['results']): string[] {
  if (results === undefined) return [];
  const problems = results.problems.length;
  const note =
    problems === 0
      ? []
      : ['', `${problems} problem${problems === 1 ? '' : 's'} found in the files.`];
  return ['', resultsTable(results), ...note];
}

/** The note's Markdown: the marker, one table of the upload's outcome, then the counts. */
export function noteBody(context: AfterUploadContext): string {
  const { outcome, env } = context;
  const p = sentProperties(context);
  const status = outcome.status === 'imported' ? 'imported' : 'nothing new to import';
  const job =
    p.ciBuildUrl !== undefined
      ? `[${escapeMarkdown(p.ciJobName ?? 'job')} #${escapeMarkdown(p.ciBuildNumber ?? '')}](${p.ciBuildUrl})`
      : escapeMarkdown(p.ciJobName ?? '');
  const pipelineUrl = nonEmpty(env['CI_PIPELINE_URL']);
  const pipeline =
    p.pipelineId !== undefined
      ? pipelineUrl !== undefined && urlOrigin(pipelineUrl) !== undefined
        ? `[#${escapeMarkdown(p.pipelineId)}](${pipelineUrl})`
        : `#${escapeMarkdown(p.pipelineId)}`
      : '';
  const runs = outcome.testRunIds.map(escapeMarkdown).join(', ');
  return [
    NOTE_MARKER,
    '**XL TestView**: test results of this merge request’s latest upload',
    '',
    '| Result | Files | Test runs | Job | Pipeline | Commit | Server |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ${status} | ${outcome.files} | ${runs} | ${job} | ${pipeline} | ${escapeMarkdown((p.commit ?? '').slice(0, 8))} | ${escapeMarkdown(stripCredentials(outcome.targetUrl))} |`,
    ...resultsLines(outcome.results),
    '',
    '_Updated by `xltv upload` on every pipeline._',
  ].join('\n');
}

function skipped(reason: string, message: string): AfterUploadResult {
  const warning: XltvWarning = {
    code: 'CI_MR_NOTE_SKIPPED',
    message: `GitLab merge request note not posted: ${message}`,
    details: { ci: 'gitlab', reason },
  };
  return { warnings: [warning] };
}

/**
 * `afterUpload` of the GitLab adapter: post, or update, one note (found by
 * {@link NOTE_MARKER}) on the pipeline's merge request with `XLTV_GITLAB_TOKEN` (scope `api`;
 * the job token cannot write notes). Throws on any API failure.
 */
export async function upsertMergeRequestNote(
  context: AfterUploadContext,
): Promise<AfterUploadResult> {
  const { env, signal } = context;
  const token = nonEmpty(env['XLTV_GITLAB_TOKEN']);
  if (token === undefined) {
    return skipped(
      'no-token',
      'set XLTV_GITLAB_TOKEN to a token with the api scope (the job token cannot write notes)',
    );
  }
  const api = await openApi(env, signal, context.fetch);
  if (api === undefined) return skipped('no-api-url', 'CI_API_V4_URL and CI_SERVER_URL are unset');

  let target: MergeRequestRef | undefined;
  const iid = nonEmpty(env['CI_MERGE_REQUEST_IID']);
  const project = nonEmpty(env['CI_MERGE_REQUEST_PROJECT_ID']) ?? projectOf(env);
  if (iid !== undefined && project !== undefined) target = { project, iid };
  if (target === undefined) {
    const fromEnv = openMergeRequests(env).filter(
      (mr) => mr.project === nonEmpty(env['CI_PROJECT_PATH']),
    );
    if (fromEnv.length === 1) target = fromEnv[0];
  }
  const sent = sentProperties(context);
  const commit = sent.commit ?? nonEmpty(env['CI_COMMIT_SHA']);
  const ownProject = projectOf(env);
  if (target === undefined && ownProject !== undefined && commit !== undefined) {
    target = await mergeRequestOfCommit(api, ownProject, commit, sent.branch);
  }
  if (target === undefined) return skipped('no-merge-request', 'no open merge request found');

  const notes = new api.gitbeaker.MergeRequestNotes({
    token,
    requesterFn: api.requesterFn,
    queryTimeout: null,
  });
  const mrIid = Number(target.iid);
  const body = noteBody(context);
  const existing: unknown = await notes.all(target.project, mrIid, { perPage: 100 });
  const ours = (Array.isArray(existing) ? existing : [])
    .map(record)
    .find(
      (note) =>
        note?.['system'] !== true &&
        typeof note?.['body'] === 'string' &&
        note['body'].includes(NOTE_MARKER),
    );
  const noteId = Number(ours?.['id']);
  if (ours && Number.isInteger(noteId)) await notes.edit(target.project, mrIid, noteId, { body });
  else await notes.create(target.project, mrIid, body);
  return { done: 'the merge request note shows this upload' };
}
