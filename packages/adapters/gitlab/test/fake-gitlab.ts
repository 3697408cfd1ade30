/**
 * A loopback HTTP server that answers like the GitLab REST API documents (jobs, commits'
 * merge requests, merge request notes), records every request, and can be told to fail or
 * to stall.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
  /** Resolves when the client closed the request before an answer was sent. */
  readonly aborted: Promise<void>;
}

export interface Reply {
  readonly status?: number;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
  /** Never answer (the client must give up). */
  readonly stall?: boolean;
}

export type Route = (request: RecordedRequest, baseUrl: string) => Reply | undefined;

export interface FakeGitLab {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `origin + "/api/v4"`, what CI_API_V4_URL holds. */
  readonly apiUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Start the fake; `route` answers each request (undefined → 404 like GitLab). */
export async function startFakeGitLab(route: Route): Promise<FakeGitLab> {
  const requests: RecordedRequest[] = [];
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin);
      const raw = Buffer.concat(chunks).toString('utf8');
      const aborted = new Promise<void>((resolve) => {
        res.on('close', () => {
          if (!res.writableEnded) resolve();
        });
      });
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw === '' ? undefined : (JSON.parse(raw) as unknown),
        aborted,
      };
      requests.push(recorded);
      const reply = route(recorded, origin) ?? { status: 404, json: { message: '404 Not found' } };
      if (reply.stall) return;
      res.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        ...reply.headers,
      });
      res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    apiUrl: `${origin}/api/v4`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A job record as `GET /job` documents it (trimmed to the fields that matter here). */
export function jobRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 8440686741,
    name: 'test: [unit]',
    stage: 'test',
    status: 'running',
    ref: 'feature/login',
    tag: false,
    allow_failure: false,
    created_at: '2024-11-21T20:07:41.000Z',
    started_at: '2024-11-21T20:07:42.000Z',
    web_url: 'https://gitlab.example.com/group/sub/app/-/jobs/8440686741',
    commit: {
      id: '790efd9b96e59d9b3c3f1899284c85fa91efbcbc',
      short_id: '790efd9b',
      title: 'feat: login',
    },
    pipeline: {
      id: 1555253304,
      project_id: 64734742,
      ref: 'feature/login',
      sha: '790efd9b96e59d9b3c3f1899284c85fa91efbcbc',
      status: 'running',
    },
    runner: {
      id: 12270840,
      description: '5-blue.saas-linux-small-amd64.runners-manager.gitlab.com/default',
      active: true,
      is_shared: true,
      name: 'gitlab-runner',
    },
    user: { id: 1, username: 'example-user' },
    ...overrides,
  };
}

/** A merge request as the commits' `merge_requests` list documents it. */
export function mergeRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 99001,
    iid: 7,
    project_id: 64734742,
    title: 'Login',
    state: 'opened',
    source_branch: 'feature/login',
    target_branch: 'main',
    sha: '790efd9b96e59d9b3c3f1899284c85fa91efbcbc',
    web_url: 'https://gitlab.example.com/group/sub/app/-/merge_requests/7',
    ...overrides,
  };
}
