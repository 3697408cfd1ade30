import { readdir } from 'node:fs/promises';
import { buffer as collect } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetryInfo } from '../src/client.js';
import type { SelectedFile } from '../src/files.js';
import type { Metadata } from '../src/metadata.js';
import { prepareImportBody, type ImportBody } from '../src/multipart.js';
import { makeScratch, sampleFiles, type Scratch } from './helpers/files.js';
import { failure } from './helpers/errors.js';
import { startServer, type Route, type TestServer } from './helpers/server.js';
import { expectCompleteImport, testClient } from './helpers/upload.js';

const metadata: Metadata = { ciBuildNumber: '7', source: 'local', ciJobName: 'nightly ü' };

describe('XltvClient.importResults over loopback', () => {
  let scratch: Scratch;
  let files: SelectedFile[];
  let tmpDir: string;
  const servers: TestServer[] = [];
  const bodies: ImportBody[] = [];

  beforeAll(async () => {
    scratch = await makeScratch();
    files = await sampleFiles(scratch);
    tmpDir = await scratch.subdir('spool');
  });
  afterEach(async () => {
    for (const body of bodies.splice(0)) await body.dispose();
    for (const server of servers.splice(0)) await server.close();
    expect(await readdir(tmpDir)).toEqual([]);
  });
  afterAll(async () => scratch.cleanup());

  async function serve(route: Route): Promise<TestServer> {
    const server = await startServer(route);
    servers.push(server);
    return server;
  }
  async function body(mode: 'spool' | 'stream' = 'spool', selection = files): Promise<ImportBody> {
    const prepared = await prepareImportBody({ metadata, files: selection, tmpDir, mode });
    bodies.push(prepared);
    return prepared;
  }

  it('spool mode: Content-Length, unquoted boundary, pre-emptive UTF-8 Basic auth, exact body', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(200, { testRunId: 'run-1' });
    });
    const client = testClient({
      url: `${server.url}/xltest///`,
      username: 'jürgen',
      password: 'pässwörd',
    });
    const prepared = await body('spool');
    const result = await client.importResults({ testSpecId: 'spec with space/1' }, prepared);
    await client.close();

    expect(result).toEqual({
      status: 'imported',
      testRunIds: ['run-1'],
      httpStatus: 200,
      attempts: 1,
      url: `${server.url}/xltest/api/internal/import/spec%20with%20space%2F1`,
    });
    const [request] = server.requests;
    expect(server.requests).toHaveLength(1);
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/xltest/api/internal/import/spec%20with%20space%2F1');
    expect(request!.headers['content-type']).toBe(`multipart/mixed; boundary=${prepared.boundary}`);
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from('jürgen:pässwörd', 'utf8').toString('base64')}`,
    );
    expect(request!.headers['user-agent']).toBe('xltv-test/1 (local)');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers['content-length']).toBe(String(prepared.contentLength));
    expect(request!.headers['transfer-encoding']).toBeUndefined();
    expect(request!.body!.length).toBe(prepared.contentLength);
    await expectCompleteImport(request!, metadata, files);
  });

  it('stream mode: chunked, no Content-Length; v1 endpoint with a project id; array of run ids', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(201, { testRunId: ['a', 'b'] });
    });
    const client = testClient({ url: server.url });
    const prepared = await body('stream');
    const result = await client.importResults(
      { testSpecId: 'spec/9', projectId: 'proj 1' },
      prepared,
    );
    await client.close();
    expect(result.testRunIds).toEqual(['a', 'b']);
    expect(result.httpStatus).toBe(201);
    const [request] = server.requests;
    expect(request!.url).toBe('/api/v1/projects/proj%201/testspecifications/spec%2F9/testruns');
    expect(request!.headers['transfer-encoding']).toBe('chunked');
    expect(request!.headers['content-length']).toBeUndefined();
    expect(request!.headers.authorization).toBeUndefined();
    expect(prepared.zipBytes).toBeGreaterThan(0);
    await expectCompleteImport(request!, metadata, files);
  });

  it('stream mode stays chunked when the whole body is buffered before it is sent', async () => {
    // undici gives a stream that has already ended a Content-Length of what it buffered; a
    // small zip can be complete before the connection is up (seen with Node 24).
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(200, { testRunId: 'r' });
    });
    const client = testClient({ url: server.url });
    const prepared = await body('stream');
    const bytes = await collect(prepared.open());
    const ended: ImportBody = {
      ...prepared,
      open() {
        // Everything buffered and the end seen, not yet read: a fast small zip.
        const stream = new Readable({ read() {} });
        stream.push(bytes);
        stream.push(null);
        return stream;
      },
    };
    await client.importResults({ testSpecId: 's' }, ended);
    await client.close();
    const [request] = server.requests;
    expect(request!.headers['transfer-encoding']).toBe('chunked');
    expect(request!.headers['content-length']).toBeUndefined();
    expect(request!.body!.equals(bytes)).toBe(true);
  });

  it('accepts an empty 200 body', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(200);
    });
    const client = testClient({ url: server.url });
    const result = await client.importResults({ testSpecId: 's' }, await body());
    await client.close();
    expect(result).toMatchObject({ status: 'imported', testRunIds: [], attempts: 1 });
  });

  for (const mode of ['spool', 'stream'] as const) {
    it(`${mode}: retries 503 twice, sending a complete fresh body every time`, async () => {
      const server = await serve(async (ctx) => {
        await ctx.body();
        if (ctx.captured.index < 2) ctx.send(503, { message: 'busy' });
        else ctx.send(200, { testRunId: ['r'] });
      });
      const retries: RetryInfo[] = [];
      const client = testClient({ url: server.url, onRetry: (info) => retries.push(info) });
      const result = await client.importResults({ testSpecId: 's' }, await body(mode));
      await client.close();
      expect(result).toMatchObject({ status: 'imported', attempts: 3, testRunIds: ['r'] });
      expect(server.requests).toHaveLength(3);
      expect(retries.map((r) => [r.attempt, r.reason, r.status])).toEqual([
        [2, 'HTTP 503', 503],
        [3, 'HTTP 503', 503],
      ]);
      for (const request of server.requests) await expectCompleteImport(request, metadata, files);
    });
  }

  it('honours Retry-After (seconds)', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      if (ctx.captured.index === 0) ctx.send(429, undefined, { 'retry-after': '1' });
      else ctx.send(200, { testRunId: 'x' });
    });
    const retries: RetryInfo[] = [];
    const times: number[] = [];
    const client = testClient({ url: server.url, onRetry: (info) => retries.push(info) });
    const prepared = await body();
    const started = Date.now();
    const original = prepared.open.bind(prepared);
    const timed = { ...prepared, open: () => (times.push(Date.now() - started), original()) };
    const result = await client.importResults({ testSpecId: 's' }, timed);
    await client.close();
    expect(result.attempts).toBe(2);
    expect(retries).toEqual([{ attempt: 2, delayMs: 1000, reason: 'HTTP 429', status: 429 }]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('gives up after the retries with SERVER_ERROR, attempts and status', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(502, { message: 'bad gateway' });
    });
    const client = testClient({ url: server.url, retries: 2 });
    const error = await failure(client.importResults({ testSpecId: 's' }, await body()));
    await client.close();
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.details).toMatchObject({ status: 502, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  const refusals: [number, string, Record<string, unknown>][] = [
    [400, 'BAD_REQUEST', { serverMessage: 'broken zip', errorCode: 'E_ZIP', serverStatus: 400 }],
    [422, 'UNPROCESSABLE', { serverMessage: 'no test results', errorCode: 'E_NONE' }],
    [401, 'UNAUTHORIZED', { username: 'ann' }],
    [402, 'LICENSE_REQUIRED', {}],
    [404, 'NOT_FOUND', { testSpecId: 's' }],
    [413, 'PAYLOAD_TOO_LARGE', {}],
  ];
  for (const [status, code, details] of refusals) {
    it(`maps ${status} to ${code} without retrying`, async () => {
      const server = await serve(async (ctx) => {
        await ctx.body();
        const message = typeof details.serverMessage === 'string' ? details.serverMessage : 'no';
        const errorCode = typeof details.errorCode === 'string' ? details.errorCode : 'X';
        ctx.send(status, { message, status, errorCode });
      });
      const client = testClient({ url: server.url, username: 'ann', password: 'topsecret' });
      const error = await failure(client.importResults({ testSpecId: 's' }, await body()));
      await client.close();
      expect(error.code).toBe(code);
      expect(error.details).toMatchObject({ status, attempts: 1, ...details });
      expect(server.requests).toHaveLength(1);
      expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain('topsecret');
    });
  }

  it('reports an unknown status with a short body excerpt', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.res.writeHead(418, { 'content-type': 'text/plain' });
      ctx.res.end(`I'm a teapot ${'x'.repeat(5000)}`);
    });
    const client = testClient({ url: server.url });
    const error = await failure(client.importResults({ testSpecId: 's' }, await body()));
    await client.close();
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.details.status).toBe(418);
    expect(String(error.details.bodyExcerpt)).toMatch(/^I'm a teapot x+$/);
    expect(String(error.details.bodyExcerpt).length).toBeLessThan(1000);
  });

  it('treats 304 as nothing new', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(304);
    });
    const client = testClient({ url: server.url });
    const result = await client.importResults({ testSpecId: 's' }, await body());
    await client.close();
    expect(result).toMatchObject({ status: 'nothing-new', httpStatus: 304, attempts: 1 });
  });

  it('treats 304 after a lost response as already imported', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      // Attempt 1: the whole body arrived (and was imported), then the response is lost.
      if (ctx.captured.index === 0) ctx.req.socket.destroy();
      else ctx.send(304);
    });
    const retries: RetryInfo[] = [];
    const client = testClient({ url: server.url, onRetry: (info) => retries.push(info) });
    const result = await client.importResults({ testSpecId: 's' }, await body());
    await client.close();
    expect(result).toMatchObject({ status: 'already-imported', httpStatus: 304, attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.body!.length).toBe(server.requests[1]!.body!.length);
    expect(retries[0]?.reason).toMatch(/UND_ERR_SOCKET|ECONNRESET|EPIPE/);
  });

  it('reports a redirect with its Location and does not follow it', async () => {
    const target = await serve((ctx) => ctx.send(200, { testRunId: 'wrong' }));
    const server = await serve(async (ctx) => {
      await ctx.body();
      ctx.send(307, undefined, { location: `${target.url}/xltest/api/internal/import/s` });
    });
    const client = testClient({ url: server.url });
    const error = await failure(client.importResults({ testSpecId: 's' }, await body()));
    await client.close();
    expect(error.code).toBe('REDIRECT');
    expect(error.details).toMatchObject({
      status: 307,
      location: `${target.url}/xltest/api/internal/import/s`,
    });
    expect(server.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it('times out waiting for the response (TIMEOUT), retrying first', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body(); // and never answer
    });
    const client = testClient({ url: server.url, timeoutMs: 300, retries: 1 });
    const error = await failure(client.importResults({ testSpecId: 's' }, await body()));
    await client.close();
    expect(error.code).toBe('TIMEOUT');
    expect(error.details).toMatchObject({ attempts: 2, phase: 'response' });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with NETWORK after retrying a refused connection', async () => {
    const server = await serve((ctx) => ctx.send(200));
    const url = server.url;
    await servers.pop()!.close();
    const retries: RetryInfo[] = [];
    const client = testClient({ url, retries: 2, onRetry: (info) => retries.push(info) });
    const error = await failure(client.importResults({ testSpecId: 's' }, await body()));
    await client.close();
    expect(error.code).toBe('NETWORK');
    expect(error.details).toMatchObject({ attempts: 3, reason: 'ECONNREFUSED' });
    expect(retries).toHaveLength(2);
  });

  it('passes a file that changed during a streamed upload through as FILE_CHANGED, without retry', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body().catch(() => undefined);
      if (!ctx.res.destroyed) ctx.send(200);
    });
    const changed = await scratch.file('later/TEST-late.xml', '<late/>');
    const lying: SelectedFile = { ...changed, size: changed.size + 10 };
    const client = testClient({ url: server.url });
    const error = await failure(
      client.importResults({ testSpecId: 's' }, await body('stream', [...files, lying])),
    );
    await client.close();
    expect(error.code).toBe('FILE_CHANGED');
    expect(error.details).toMatchObject({ path: changed.path });
    expect(server.requests).toHaveLength(1);
  });

  for (const mode of ['spool', 'stream'] as const) {
    it(`${mode}: an upload aborted mid-body ends with ABORTED and leaves no temp file`, async () => {
      const big = await scratch.file(`abort-${mode}/blob.bin`, Buffer.alloc(6 * 1024 * 1024, 'q'));
      let received = 0;
      const controller = new AbortController();
      const server = await serve((ctx) => {
        ctx.req.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > 256 * 1024 && !controller.signal.aborted) {
            ctx.req.pause(); // a slow server: the client is still sending when it aborts
            controller.abort();
          }
        });
      });
      const prepared = await prepareImportBody({ metadata, files: [big], tmpDir, mode, level: 0 });
      const client = testClient({ url: server.url, signal: controller.signal });
      const error = await failure(client.importResults({ testSpecId: 's' }, prepared));
      await client.close();
      expect(error.code).toBe('ABORTED');
      expect(received).toBeLessThan(6 * 1024 * 1024);
      await prepared.dispose();
      expect(await readdir(tmpDir)).toEqual([]);
    });
  }
});
