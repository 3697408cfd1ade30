// The GitLab API lookups (docs/ci-mapping.md §24) reach GitLab the way the upload reaches XL
// TestView: through --proxy or HTTP(S)_PROXY, minus NO_PROXY for the GitLab host, and trusting
// --ca-cert or --insecure. Behind a corporate proxy they would otherwise fail without a sound.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectOrderlyExit, runCli } from './helpers/cli.js';
import { registerSecret, useLeakGuard } from './helpers/evidence.js';
import { startCountingProxy, type CountingProxy } from './helpers/proxy.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { makeSelfSignedCert, type SelfSigned } from './helpers/tls.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import { SPEC_ID, credentialEnv, resultsWorkspace } from './helpers/upload.js';

useLeakGuard();

/** Only the job record tells this runner: it proves the lookup reached the fake GitLab. */
const RUNNER = 'proxied-runner-3f9c';
const JOB_TOKEN = 'gljt-ProxyJobToken-8d2c41';

interface FakeGitLab {
  readonly origin: string;
  readonly port: number;
  /** `METHOD path` of each request, in order. */
  readonly requests: string[];
}

let cert: SelfSigned;
let proxy: CountingProxy | undefined;
const servers: http.Server[] = [];

beforeAll(async () => {
  cert = await makeSelfSignedCert(await tempDir('gitlab-tls'));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await closeReceivers();
});
afterAll(removeTempDirs);

/** A GitLab API on loopback answering the job's record, its merge requests and notes. */
async function startGitLab(tls: boolean): Promise<FakeGitLab> {
  const requests: string[] = [];
  const handler: http.RequestListener = (req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push(`${req.method} ${path}`);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && path === '/api/v4/job') {
        res.end(
          JSON.stringify({
            id: 4242,
            name: 'test',
            stage: 'test',
            status: 'running',
            ref: 'main',
            tag: false,
            runner: { id: 7, description: RUNNER },
          }),
        );
      } else if (req.method === 'GET' && /\/(merge_requests|notes)$/.test(path)) {
        res.end('[]');
      } else if (req.method === 'POST' && path.endsWith('/notes')) {
        res.statusCode = 201;
        res.end(JSON.stringify({ id: 1, body: 'ok' }));
      } else {
        res.statusCode = 404;
        res.end('{"message":"404 Not Found"}');
      }
    });
  };
  const server = tls
    ? https.createServer({ cert: cert.certPem, key: cert.keyPem }, handler)
    : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, requests };
}

function gitlabEnv(gitlab: FakeGitLab): Record<string, string> {
  registerSecret(JOB_TOKEN);
  return {
    GITLAB_CI: 'true',
    CI: 'true',
    CI_SERVER_URL: gitlab.origin,
    CI_API_V4_URL: `${gitlab.origin}/api/v4`,
    CI_PROJECT_ID: '17',
    CI_PROJECT_PATH: 'group/project',
    CI_JOB_ID: '4242',
    CI_JOB_NAME: 'test',
    CI_JOB_TOKEN: JOB_TOKEN,
    CI_COMMIT_SHA: 'a'.repeat(40),
    CI_COMMIT_BRANCH: 'main',
    CI_PIPELINE_ID: '99',
  };
}

/** The codes of the receipt's warnings. */
function warningCodes(warnings: unknown[] | undefined): string[] {
  return (warnings ?? []).map((warning) => String((warning as { code?: unknown }).code));
}

/** An upload as a GitLab job; `extraEnv` may name the receiver's port (for NO_PROXY). */
async function uploadFromGitLab(
  gitlab: FakeGitLab,
  extraArgs: readonly string[],
  extraEnv: (receiverPort: number) => Record<string, string>,
) {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  const { dir } = await resultsWorkspace('gitlab-proxy');
  const args = ['upload', 'results/**', '--url', receiver.url, '--test-spec', SPEC_ID];
  const run = await runCli([...args, '--json', '--verbose', ...extraArgs], {
    cwd: dir,
    env: { ...credentialEnv(credentials), ...gitlabEnv(gitlab), ...extraEnv(receiver.port) },
  });
  expectOrderlyExit(run);
  expect(run.code, run.stderr).toBe(0);
  expect(warningCodes(run.receipt?.warnings), run.stderr).not.toContain('CI_API_FAILED');
  expect(gitlab.requests).toContain('GET /api/v4/job');
  // The enrichment arrived at the server: only the API knew the runner.
  expect(receiver.imports).toHaveLength(1);
  expect(receiver.imports[0]?.metadata).toMatchObject({ source: 'gitlab', ciExecutedOn: RUNNER });
  return { receiver, run };
}

describe('GitLab API lookups use the connection settings of the upload', () => {
  it('--proxy with credentials carries the job lookup and the merge-request note; NO_PROXY naming the XL TestView host exempts only that host', async () => {
    proxy = await startCountingProxy();
    const gitlab = await startGitLab(false);
    const secret = 'ProxyPw-5e1a77c0';
    registerSecret(secret);
    const proxyUrl = proxy.url.replace('http://', `http://proxy-user:${secret}@`);
    const { receiver, run } = await uploadFromGitLab(
      gitlab,
      ['--proxy', proxyUrl, '--gitlab-mr-note'],
      (receiverPort) => ({ CI_MERGE_REQUEST_IID: '7', NO_PROXY: `127.0.0.1:${receiverPort}` }),
    );
    const notes = `${gitlab.origin}/api/v4/projects/17/merge_requests/7/notes`;
    expect(proxy.forwarded).toContain(`${gitlab.origin}/api/v4/job`);
    expect(proxy.forwarded).toContain(notes);
    expect(gitlab.requests).toContain('POST /api/v4/projects/17/merge_requests/7/notes');
    expect(warningCodes(run.receipt?.warnings)).not.toContain('CI_MR_NOTE_SKIPPED');
    expect(proxy.forwarded.filter((url) => url.startsWith(receiver.origin))).toEqual([]);
  });

  it('HTTPS_PROXY and --ca-cert: an https GitLab with a self-signed certificate is reached through a tunnel', async () => {
    proxy = await startCountingProxy();
    const gitlab = await startGitLab(true);
    const proxyUrl = proxy.url;
    await uploadFromGitLab(gitlab, ['--ca-cert', cert.certFile], () => ({
      HTTPS_PROXY: proxyUrl,
    }));
    // The receiver is plain http, which HTTPS_PROXY does not cover: the one tunnel is GitLab's.
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${gitlab.port}`]));
  });

  it('NO_PROXY naming the GitLab host bypasses the proxy for GitLab only; --insecure reaches its self-signed https', async () => {
    proxy = await startCountingProxy();
    const gitlab = await startGitLab(true);
    const proxyUrl = proxy.url;
    const { receiver } = await uploadFromGitLab(gitlab, ['--insecure'], () => ({
      HTTP_PROXY: proxyUrl,
      NO_PROXY: `127.0.0.1:${gitlab.port}`,
    }));
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.forwarded.length).toBeGreaterThan(0);
    expect(proxy.forwarded.every((url) => url.startsWith(receiver.origin))).toBe(true);
  });

  it('xltv env: the lookup goes through HTTP_PROXY and its values are shown', async () => {
    proxy = await startCountingProxy();
    const gitlab = await startGitLab(false);
    const run = await runCli(['env', '--json'], {
      cwd: await tempDir('gitlab-env'),
      env: { ...gitlabEnv(gitlab), HTTP_PROXY: proxy.url },
    });
    expectOrderlyExit(run, false);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as { metadata: Record<string, unknown> };
    expect(document.metadata).toMatchObject({ source: 'gitlab', ciExecutedOn: RUNNER });
    expect(proxy.forwarded).toContain(`${gitlab.origin}/api/v4/job`);
  });
});
