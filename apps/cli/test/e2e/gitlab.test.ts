/**
 * GitLab specifics end to end, against a fake GitLab API on loopback: `--gitlab-mr-note`
 * posts one note on the merge request after the import (with XLTV_GITLAB_TOKEN, which never
 * shows in any output), and `--no-ci-api` makes no API call at all.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '@xltv/receiver';
import { receiptOf, receiver, removeDir, runXltv, workspaceWithExamples } from './helpers.js';

const TOKEN = 'glpat-e2e-NoteToken-0987654321';

interface Seen {
  method: string;
  path: string;
  token: string | undefined;
  body: string;
}

let ws: string;
let server: Receiver;
let gitlab: Server;
let gitlabUrl: string;
const seen: Seen[] = [];

async function read(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

beforeAll(async () => {
  ws = workspaceWithExamples();
  server = await receiver();
  gitlab = createServer((request, response) => {
    void read(request).then((body) => {
      const path = request.url ?? '';
      seen.push({
        method: request.method ?? '',
        path,
        token: request.headers['private-token'] as string | undefined,
        body,
      });
      response.setHeader('content-type', 'application/json');
      if (
        request.method === 'GET' &&
        path.startsWith('/api/v4/projects/42/merge_requests/7/notes')
      ) {
        response.end('[]');
      } else if (
        request.method === 'POST' &&
        path === '/api/v4/projects/42/merge_requests/7/notes'
      ) {
        response.statusCode = 201;
        response.end(JSON.stringify({ id: 1, body: 'ok' }));
      } else {
        response.statusCode = 404;
        response.end('{"message":"404 Not Found"}');
      }
    });
  });
  await new Promise<void>((resolve) => gitlab.listen(0, '127.0.0.1', resolve));
  gitlabUrl = `http://127.0.0.1:${(gitlab.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => gitlab.close(resolve));
  removeDir(ws);
});

function gitlabEnv(): Record<string, string> {
  return {
    GITLAB_CI: 'true',
    CI_SERVER_URL: gitlabUrl,
    CI_API_V4_URL: `${gitlabUrl}/api/v4`,
    CI_PROJECT_ID: '42',
    CI_PROJECT_PATH: 'acme/shop',
    CI_PROJECT_URL: `${gitlabUrl}/acme/shop`,
    CI_JOB_ID: '1001',
    CI_JOB_NAME: 'test',
    CI_JOB_URL: `${gitlabUrl}/acme/shop/-/jobs/1001`,
    CI_PIPELINE_ID: '555',
    CI_COMMIT_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    CI_MERGE_REQUEST_IID: '7',
    CI_MERGE_REQUEST_PROJECT_ID: '42',
    XLTV_GITLAB_TOKEN: TOKEN,
  };
}

describe('GitLab', () => {
  it('--gitlab-mr-note posts the upload on the merge request', async () => {
    seen.length = 0;
    const run = await runXltv(
      [
        'upload',
        'results/**/*.xml',
        '--url',
        server.url,
        '--test-spec',
        'mr',
        '--gitlab-mr-note',
        '--json',
        '--verbose',
      ],
      { cwd: ws, env: gitlabEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    const receipt = receiptOf(run);
    const post = seen.find((request) => request.method === 'POST');
    expect(post?.token).toBe(TOKEN);
    const note = new URLSearchParams(post?.body).get('body') ?? JSON.parse(post?.body ?? '{}').body;
    expect(note).toContain(receipt.testRunIds[0]);
    expect(note).toContain('imported');
    expect(run.stderr).toContain('merge request note shows this upload');
    expect(receipt.metadata).toMatchObject({
      source: 'gitlab',
      pullRequest: '7',
      pipelineId: '555',
    });
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('--no-ci-api calls no GitLab API, and says why no note was posted', async () => {
    seen.length = 0;
    const run = await runXltv(
      [
        'upload',
        'results/**/*.json',
        '--url',
        server.url,
        '--test-spec',
        'mr',
        '--gitlab-mr-note',
        '--no-ci-api',
      ],
      { cwd: ws, env: gitlabEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(seen).toEqual([]);
    expect(run.stderr).toMatch(/--no-ci-api forbids; no note was posted/);
  });

  it('--gitlab-mr-note outside GitLab warns and still uploads', async () => {
    const run = await runXltv(
      [
        'upload',
        'results/testng/*.xml',
        '--url',
        server.url,
        '--test-spec',
        'mr-elsewhere',
        '--gitlab-mr-note',
      ],
      {
        cwd: ws,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/--gitlab-mr-note works in GitLab CI\/CD only/);
  });
});
