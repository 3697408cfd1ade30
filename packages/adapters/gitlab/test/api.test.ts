import { afterEach, describe, expect, it } from 'vitest';
import { afterUploadCi, enrichCi, type AfterUploadContext, type Env } from '@xltv/core/adapter';
import gitlab from '../src/index.js';
import { NOTE_MARKER } from '../src/api.js';
import {
  jobRecord,
  mergeRequest,
  startFakeGitLab,
  type FakeGitLab,
  type Route,
} from './fake-gitlab.js';

const JOB_TOKEN = 'glcbt-64_JOBTOKENSECRET';
const API_TOKEN = 'glpat-APITOKENSECRET';
const SHA = '790efd9b96e59d9b3c3f1899284c85fa91efbcbc';

const servers: FakeGitLab[] = [];
async function fake(route: Route): Promise<FakeGitLab> {
  const server = await startFakeGitLab(route);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function enrich(env: Env, timeoutMs = 5000) {
  return enrichCi(gitlab, { env, resolved: gitlab.resolve(env), options: {} }, { timeoutMs });
}

function expectNoSecret(value: unknown): void {
  const json = JSON.stringify(value);
  expect(json).not.toContain(JOB_TOKEN);
  expect(json).not.toContain(API_TOKEN);
}

describe('gitlab enrich: the job record', () => {
  it('reads GET /job with the JOB-TOKEN header and fills what a filtered env lacks', async () => {
    const server = await fake((request) =>
      request.method === 'GET' && request.path === '/api/v4/job'
        ? { json: jobRecord() }
        : undefined,
    );
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: server.apiUrl, CI_JOB_TOKEN: JOB_TOKEN };

    const enrichment = await enrich(env);

    expect(enrichment.warnings ?? []).toEqual([]);
    expect(enrichment.properties).toEqual({
      ciServerUrl: 'https://gitlab.example.com',
      ciJobName: 'test: [unit]',
      ciJobUrl: 'https://gitlab.example.com/group/sub/app/-/jobs',
      ciBuildNumber: '8440686741',
      ciBuildUrl: 'https://gitlab.example.com/group/sub/app/-/jobs/8440686741',
      ciBuildResult: 'RUNNING',
      ciExecutedOn: '5-blue.saas-linux-small-amd64.runners-manager.gitlab.com/default',
      commit: SHA,
      pipelineId: '1555253304',
      stage: 'test',
      branch: 'feature/login',
      repositoryUrl: 'https://gitlab.example.com/group/sub/app',
    });
    expect(new Set(Object.values(enrichment.origins ?? {}))).toEqual(new Set(['api']));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['job-token']).toBe(JOB_TOKEN);
    expect(server.requests[0]?.headers['private-token']).toBeUndefined();
  });

  it('fills only what the environment lacks', async () => {
    const server = await fake(() => ({ json: jobRecord({ status: 'failed' }) }));
    const env = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: server.apiUrl,
      CI_JOB_TOKEN: JOB_TOKEN,
      CI_JOB_NAME: 'from-env',
      CI_JOB_STATUS: 'success',
      CI_COMMIT_SHA: SHA,
      CI_MERGE_REQUEST_IID: '3',
    };
    const { properties } = await enrich(env);
    expect(properties?.ciJobName).toBeUndefined();
    expect(properties?.ciBuildResult).toBeUndefined();
    expect(properties?.commit).toBeUndefined();
    expect(properties?.pullRequest).toBeUndefined();
    expect(properties?.ciBuildNumber).toBe('8440686741');
  });

  it('uses XLTV_GITLAB_TOKEN on GET /projects/:id/jobs/:id when there is no job token', async () => {
    const server = await fake((request) =>
      request.path === '/api/v4/projects/64734742/jobs/8440686741'
        ? { json: jobRecord({ tag: true, ref: 'v1.2.0' }) }
        : undefined,
    );
    const env = {
      GITLAB_CI: 'true',
      CI_SERVER_URL: server.origin,
      XLTV_GITLAB_TOKEN: API_TOKEN,
      CI_PROJECT_ID: '64734742',
      CI_JOB_ID: '8440686741',
    };
    const { properties, warnings } = await enrich(env);
    expect(warnings ?? []).toEqual([]);
    expect(properties?.tag).toBe('v1.2.0');
    expect(properties?.branch).toBeUndefined();
    expect(server.requests[0]?.headers['private-token']).toBe(API_TOKEN);
  });

  it('calls nothing without a token or an API URL', async () => {
    const server = await fake(() => ({ json: jobRecord() }));
    expect(await enrich({ GITLAB_CI: 'true', CI_API_V4_URL: server.apiUrl })).toEqual({
      properties: {},
      origins: {},
    });
    expect(await enrich({ GITLAB_CI: 'true', CI_JOB_TOKEN: JOB_TOKEN })).toEqual({
      properties: {},
      origins: {},
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('gitlab enrich: the merge request of a branch pipeline', () => {
  const branchEnv = (server: FakeGitLab): Env => ({
    GITLAB_CI: 'true',
    CI_API_V4_URL: server.apiUrl,
    CI_JOB_TOKEN: JOB_TOKEN,
    XLTV_GITLAB_TOKEN: API_TOKEN,
    CI_PROJECT_ID: '64734742',
    CI_PROJECT_PATH: 'group/sub/app',
    CI_COMMIT_BRANCH: 'feature/login',
    CI_COMMIT_SHA: SHA,
  });

  it('finds the open merge request of the commit with XLTV_GITLAB_TOKEN', async () => {
    const server = await fake((request) => {
      if (request.path === '/api/v4/job') return { json: jobRecord() };
      if (request.path === `/api/v4/projects/64734742/repository/commits/${SHA}/merge_requests`) {
        return {
          json: [
            mergeRequest({ iid: 5, state: 'merged', source_branch: 'feature/old' }),
            mergeRequest({ iid: 6, state: 'opened', source_branch: 'other' }),
            mergeRequest(),
          ],
        };
      }
      return undefined;
    });
    const { properties, origins, warnings } = await enrich(branchEnv(server));
    expect(warnings ?? []).toEqual([]);
    expect(properties).toMatchObject({ pullRequest: '7', targetBranch: 'main' });
    expect(origins?.pullRequest).toBe('api');
    const lookup = server.requests.find((request) => request.path.endsWith('/merge_requests'));
    expect(lookup?.headers['private-token']).toBe(API_TOKEN);
    expect(lookup?.headers['job-token']).toBeUndefined();
  });

  it('leaves the merge request out when the answer is ambiguous', async () => {
    const server = await fake((request) =>
      request.path.endsWith('/merge_requests')
        ? {
            json: [
              mergeRequest({ iid: 1, source_branch: 'a' }),
              mergeRequest({ iid: 2, source_branch: 'b' }),
            ],
          }
        : { json: jobRecord() },
    );
    const { properties } = await enrich(branchEnv(server));
    expect(properties?.pullRequest).toBeUndefined();
  });

  it('needs XLTV_GITLAB_TOKEN for the lookup (the job token may not call it)', async () => {
    const server = await fake(() => ({ json: jobRecord() }));
    const env = { ...branchEnv(server), XLTV_GITLAB_TOKEN: '' };
    const { properties } = await enrich(env);
    expect(properties?.pullRequest).toBeUndefined();
    expect(server.requests.map((request) => request.path)).toEqual(['/api/v4/job']);
  });

  it('takes CI_OPEN_MERGE_REQUESTS when it names exactly one of this project', async () => {
    const server = await fake(() => ({ json: jobRecord() }));
    const env = {
      ...branchEnv(server),
      CI_OPEN_MERGE_REQUESTS: 'group/sub/app!12,other/project!4',
    };
    const { properties, origins } = await enrich(env);
    expect(properties?.pullRequest).toBe('12');
    expect(origins?.pullRequest).toBe('CI_OPEN_MERGE_REQUESTS');
    expect(server.requests.some((request) => request.path.endsWith('/merge_requests'))).toBe(false);
  });

  it('does not look for a merge request in merge request or tag pipelines', async () => {
    const server = await fake(() => ({ json: jobRecord() }));
    await enrich({ ...branchEnv(server), CI_MERGE_REQUEST_IID: '7' });
    await enrich({ ...branchEnv(server), CI_COMMIT_BRANCH: '', CI_COMMIT_TAG: 'v1' });
    expect(server.requests.every((request) => request.path === '/api/v4/job')).toBe(true);
  });
});

describe('gitlab enrich: failures become warnings without secrets', () => {
  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
  ])('HTTP %i on GET /job', async (status, text) => {
    const server = await fake(() => ({ status, json: { message: `${status} ${text}` } }));
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: server.apiUrl, CI_JOB_TOKEN: JOB_TOKEN };
    const enrichment = await enrich(env);
    expect(enrichment.properties).toBeUndefined();
    expect(enrichment.warnings).toHaveLength(1);
    const [warning] = enrichment.warnings ?? [];
    expect(warning?.code).toBe('CI_API_FAILED');
    expect(warning?.message).toContain(`HTTP ${status}`);
    expect(warning?.message).toContain('GET /api/v4/job');
    expectNoSecret(enrichment);
  });

  it('HTTP 403 on the merge request lookup names that endpoint', async () => {
    const server = await fake((request) =>
      request.path === '/api/v4/job'
        ? { json: jobRecord() }
        : { status: 403, json: { message: '403 Forbidden' } },
    );
    const env = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: server.apiUrl,
      CI_JOB_TOKEN: JOB_TOKEN,
      XLTV_GITLAB_TOKEN: API_TOKEN,
      CI_PROJECT_ID: '64734742',
      CI_COMMIT_SHA: SHA,
    };
    const { warnings, properties } = await enrich(env);
    expect(properties).toBeUndefined();
    expect(warnings?.[0]?.message).toContain(
      `GET /api/v4/projects/64734742/repository/commits/${SHA}/merge_requests answered HTTP 403`,
    );
    expectNoSecret(warnings);
  });

  it('a stalled server: the time budget runs out, the request is aborted, no properties', async () => {
    const server = await fake(() => ({ stall: true }));
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: server.apiUrl, CI_JOB_TOKEN: JOB_TOKEN };
    const started = Date.now();
    const enrichment = await enrich(env, 300);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(enrichment.properties).toBeUndefined();
    expect(enrichment.warnings?.[0]?.code).toBe('CI_API_FAILED');
    expect(enrichment.warnings?.[0]?.message).toContain('timed out after 300 ms');
    expectNoSecret(enrichment);
    // The signal reached fetch: the client hung up instead of waiting on.
    expect(server.requests).toHaveLength(1);
    await server.requests[0]?.aborted;
  });

  it('never follows a redirect (the token header must not travel)', async () => {
    const elsewhere = await fake(() => ({ json: jobRecord() }));
    const server = await fake(() => ({
      status: 302,
      headers: { location: `${elsewhere.apiUrl}/job` },
    }));
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: server.apiUrl, CI_JOB_TOKEN: JOB_TOKEN };
    const { warnings, properties } = await enrich(env);
    expect(properties).toBeUndefined();
    expect(warnings?.[0]?.message).toContain('HTTP 302');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('an unreachable API is a warning too', async () => {
    const server = await fake(() => undefined);
    const apiUrl = server.apiUrl;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const { warnings } = await enrich({
      GITLAB_CI: 'true',
      CI_API_V4_URL: apiUrl,
      CI_JOB_TOKEN: JOB_TOKEN,
    });
    expect(warnings?.[0]?.message).toContain('GitLab API GET /api/v4/job failed');
    expectNoSecret(warnings);
  });
});

describe('gitlab afterUpload: one merge request note', () => {
  function uploadContext(
    env: Env,
    options: Record<string, unknown> = { gitlabMrNote: true },
    metadata: Record<string, unknown> = {},
    results?: AfterUploadContext['outcome']['results'],
  ) {
    const context: Omit<AfterUploadContext, 'signal'> = {
      env,
      resolved: gitlab.resolve(env),
      options,
      metadata,
      outcome: {
        status: 'imported',
        testRunIds: ['run-101', 'run-102'],
        files: 12,
        targetUrl: 'https://uploader:pw@xltv.example.com/api/internal/import/3',
        ...(results === undefined ? {} : { results }),
      },
    };
    return afterUploadCi(gitlab, context, { timeoutMs: 5000 });
  }

  const mrEnv = (server: FakeGitLab): Env => ({
    GITLAB_CI: 'true',
    CI_API_V4_URL: server.apiUrl,
    CI_JOB_TOKEN: JOB_TOKEN,
    XLTV_GITLAB_TOKEN: API_TOKEN,
    CI_PROJECT_ID: '64734742',
    CI_MERGE_REQUEST_IID: '7',
    CI_MERGE_REQUEST_PROJECT_ID: '64734742',
    CI_JOB_NAME: 'test',
    CI_JOB_ID: '8440686741',
    CI_JOB_URL: 'https://gitlab.example.com/group/sub/app/-/jobs/8440686741',
    CI_PIPELINE_ID: '1555253304',
    CI_PIPELINE_URL: 'https://gitlab.example.com/group/sub/app/-/pipelines/1555253304',
    CI_COMMIT_SHA: SHA,
  });

  const notesPath = '/api/v4/projects/64734742/merge_requests/7/notes';

  it('creates the note when there is none, with the marker and the outcome', async () => {
    const server = await fake((request) => {
      if (request.method === 'GET' && request.path === notesPath) {
        return {
          json: [
            { id: 1, body: 'LGTM', system: false },
            { id: 2, body: 'added 1 commit', system: true },
          ],
        };
      }
      if (request.method === 'POST' && request.path === notesPath)
        return { status: 201, json: { id: 3 } };
      return undefined;
    });
    const result = await uploadContext(mrEnv(server));
    expect(result.warnings ?? []).toEqual([]);
    const post = server.requests.find((request) => request.method === 'POST');
    expect(post?.headers['private-token']).toBe(API_TOKEN);
    const body = (post?.body as { body: string }).body;
    expect(body.startsWith(NOTE_MARKER)).toBe(true);
    expect(body).toContain('run-101, run-102');
    expect(body).toContain('| imported | 12 |');
    expect(body).toContain(
      '[test #8440686741](https://gitlab.example.com/group/sub/app/-/jobs/8440686741)',
    );
    expect(body).toContain('https://xltv.example.com/api/internal/import/3');
    expect(body).not.toContain('uploader:pw');
    expectNoSecret(server.requests.map((request) => request.body));
  });

  it('adds the counts of the files to the note when they were read', async () => {
    const server = await fake((request) => {
      if (request.method === 'GET' && request.path === notesPath) return { json: [] };
      if (request.method === 'POST' && request.path === notesPath)
        return { status: 201, json: { id: 3 } };
      return undefined;
    });
    const results = {
      files: 12,
      tests: 240,
      passed: 230,
      failed: 4,
      errors: 1,
      skipped: 5,
      flaky: 2,
      durationMs: 95_000,
      formats: { junit: 12 },
      problems: [{ file: 'a.xml', code: 'EMPTY' as const, message: 'no test' }],
    };
    const result = await uploadContext(mrEnv(server), undefined, undefined, results);
    expect(result.warnings ?? []).toEqual([]);
    const post = server.requests.find((request) => request.method === 'POST');
    const body = (post?.body as { body: string }).body;
    expect(body).toContain(
      [
        '| Tests | Passed | Failed | Errors | Skipped | Flaky | Duration |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| 240 | 230 | 4 | 1 | 5 | 2 | 1 min 35 s |',
        '',
        '1 problem found in the files.',
      ].join('\n'),
    );
  });

  it('leaves the counts out when the files were not read', async () => {
    const server = await fake((request) => {
      if (request.method === 'GET' && request.path === notesPath) return { json: [] };
      if (request.method === 'POST' && request.path === notesPath)
        return { status: 201, json: { id: 3 } };
      return undefined;
    });
    await uploadContext(mrEnv(server));
    const post = server.requests.find((request) => request.method === 'POST');
    expect((post?.body as { body: string }).body).not.toContain('| Tests |');
  });

  it('updates the earlier note instead of adding one, also when it is on a later page', async () => {
    const server = await fake((request, origin) => {
      if (request.method === 'GET' && request.path === notesPath) {
        if (request.query.get('page') === '2') {
          return { json: [{ id: 41, body: `${NOTE_MARKER}\nold summary`, system: false }] };
        }
        return {
          json: [{ id: 40, body: 'a review comment', system: false }],
          headers: { link: `<${origin}${notesPath}?page=2&per_page=100>; rel="next"` },
        };
      }
      if (request.method === 'PUT' && request.path === `${notesPath}/41`)
        return { json: { id: 41 } };
      return undefined;
    });
    const result = await uploadContext(mrEnv(server));
    expect(result.warnings ?? []).toEqual([]);
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET ${notesPath}`,
      `GET ${notesPath}`,
      `PUT ${notesPath}/41`,
    ]);
    expect(server.requests[0]?.query.get('per_page')).toBe('100');
    expect((server.requests[2]?.body as { body: string }).body).toContain('run-101');
  });

  it('finds the merge request of a branch pipeline through the commit', async () => {
    const server = await fake((request) => {
      if (request.path.endsWith('/merge_requests'))
        return { json: [mergeRequest({ project_id: 555, iid: 9 })] };
      if (
        request.method === 'GET' &&
        request.path === '/api/v4/projects/555/merge_requests/9/notes'
      )
        return { json: [] };
      if (
        request.method === 'POST' &&
        request.path === '/api/v4/projects/555/merge_requests/9/notes'
      ) {
        return { status: 201, json: { id: 1 } };
      }
      return undefined;
    });
    const env = {
      ...mrEnv(server),
      CI_MERGE_REQUEST_IID: '',
      CI_MERGE_REQUEST_PROJECT_ID: '',
      CI_COMMIT_BRANCH: 'feature/login',
    };
    const result = await uploadContext(env);
    expect(result.warnings ?? []).toEqual([]);
    expect(server.requests.at(-1)?.method).toBe('POST');
  });

  it('shows what was sent: metadata from the API or the user wins over the environment', async () => {
    const server = await fake((request) =>
      request.method === 'GET' ? { json: [] } : { status: 201, json: { id: 1 } },
    );
    const env = { ...mrEnv(server), CI_JOB_URL: '', CI_JOB_NAME: 'test' };
    await uploadContext(env, undefined, {
      ciJobName: 'nightly | full',
      ciBuildUrl: 'https://gitlab.example.com/group/sub/app/-/jobs/8440686741',
      testCount: 3,
    });
    const post = server.requests.find((request) => request.method === 'POST');
    expect((post?.body as { body: string }).body).toContain(
      '[nightly \\| full #8440686741](https://gitlab.example.com/group/sub/app/-/jobs/8440686741)',
    );
  });

  it('does nothing unless asked, and says why it cannot', async () => {
    const server = await fake(() => ({ json: [] }));
    expect(await uploadContext(mrEnv(server), {})).toEqual({});
    expect(server.requests).toHaveLength(0);

    const noToken = await uploadContext({ ...mrEnv(server), XLTV_GITLAB_TOKEN: '' });
    expect(noToken.warnings?.[0]).toMatchObject({
      code: 'CI_MR_NOTE_SKIPPED',
      details: { reason: 'no-token' },
    });
    expect(server.requests).toHaveLength(0);
  });

  it('a refused write is a warning naming the status and endpoint, never the token', async () => {
    const server = await fake((request) =>
      request.method === 'GET' ? { json: [] } : { status: 403, json: { message: '403 Forbidden' } },
    );
    const result = await uploadContext(mrEnv(server));
    expect(result.warnings?.[0]?.code).toBe('CI_API_FAILED');
    expect(result.warnings?.[0]?.message).toContain(`POST ${notesPath} answered HTTP 403`);
    expectNoSecret(result);
  });
});

describe('gitlab API calls go through the fetch core passes', () => {
  /** Core's fetch as a recording wrapper of the global one. */
  function recordingFetch() {
    const urls: string[] = [];
    const fetchFn = (url: string | URL, init?: RequestInit): Promise<Response> => {
      urls.push(String(url));
      return fetch(url, init);
    };
    return { urls, fetchFn };
  }

  it('enrich uses context.fetch when given', async () => {
    const server = await fake(() => ({ json: jobRecord() }));
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: server.apiUrl, CI_JOB_TOKEN: JOB_TOKEN };
    const { urls, fetchFn } = recordingFetch();
    const context = { env, resolved: gitlab.resolve(env), options: {}, fetch: fetchFn };
    const enrichment = await enrichCi(gitlab, context, { timeoutMs: 5000 });
    expect(enrichment.properties?.ciExecutedOn).toBeDefined();
    expect(urls).toEqual([`${server.apiUrl}/job`]);
  });

  it('afterUpload uses context.fetch when given', async () => {
    const server = await fake((request) =>
      request.method === 'GET' ? { json: [] } : { status: 201, json: { id: 1 } },
    );
    const env = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: server.apiUrl,
      XLTV_GITLAB_TOKEN: API_TOKEN,
      CI_PROJECT_ID: '42',
      CI_MERGE_REQUEST_IID: '7',
    };
    const { urls, fetchFn } = recordingFetch();
    const context: Omit<AfterUploadContext, 'signal'> = {
      env,
      resolved: gitlab.resolve(env),
      options: { gitlabMrNote: true },
      fetch: fetchFn,
      metadata: {},
      outcome: { status: 'imported', testRunIds: ['1'], files: 1, targetUrl: 'http://x.test' },
    };
    const result = await afterUploadCi(gitlab, context, { timeoutMs: 5000 });
    expect(result.warnings ?? []).toEqual([]);
    expect(urls.map((url) => new URL(url).pathname)).toEqual([
      '/api/v4/projects/42/merge_requests/7/notes',
      '/api/v4/projects/42/merge_requests/7/notes',
    ]);
  });
});
