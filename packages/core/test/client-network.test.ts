import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { XltvError } from '../src/errors.js';
import type { SelectedFile } from '../src/files.js';
import { chooseProxy, isNoProxy } from '../src/http/proxy.js';
import { prepareImportBody } from '../src/multipart.js';
import { makeScratch, sampleFiles, type Scratch } from './helpers/files.js';
import { startProxy, type TestProxy } from './helpers/proxy.js';
import { failure } from './helpers/errors.js';
import { startServer, type Route, type TestServer } from './helpers/server.js';
import { expectCompleteImport, testClient } from './helpers/upload.js';

const run = promisify(execFile);
const metadata = { ciBuildNumber: '1', source: 'local' };

/** Everything an error exposes, as one string, to search for leaked secrets. */
function exposed(error: XltvError): string {
  const cause = error.cause as (Error & { code?: string }) | undefined;
  return [
    error.message,
    JSON.stringify(error.details),
    cause?.message ?? '',
    String(error.stack),
  ].join('\n');
}

let scratch: Scratch;
let files: SelectedFile[];
let tmpDir: string;
const servers: TestServer[] = [];
const proxies: TestProxy[] = [];

beforeAll(async () => {
  scratch = await makeScratch();
  files = await sampleFiles(scratch);
  tmpDir = await scratch.subdir('spool');
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const proxy of proxies.splice(0)) await proxy.close();
});
afterAll(async () => scratch.cleanup());

async function serve(
  route: Route,
  tlsOptions?: { key: Buffer; cert: Buffer },
): Promise<TestServer> {
  const server = await startServer(route, tlsOptions);
  servers.push(server);
  return server;
}
async function proxy(): Promise<TestProxy> {
  const started = await startProxy();
  proxies.push(started);
  return started;
}
const accept: Route = async (ctx) => {
  await ctx.body();
  ctx.send(200, { testRunId: 'ok' });
};

describe('proxies', () => {
  it('NO_PROXY matching', () => {
    const target = new URL('http://build.corp.example:8080/x');
    expect(isNoProxy(target, 'corp.example')).toBe(true);
    expect(isNoProxy(target, '.corp.example')).toBe(true);
    expect(isNoProxy(target, '*.corp.example')).toBe(true);
    expect(isNoProxy(target, 'other.example, build.corp.example:8080')).toBe(true);
    expect(isNoProxy(target, 'build.corp.example:9090')).toBe(false);
    expect(isNoProxy(target, 'p.example.com, xample, corp')).toBe(false);
    expect(isNoProxy(target, 'example')).toBe(true); // any parent domain
    expect(isNoProxy(target, '*')).toBe(true);
    expect(isNoProxy(target, undefined)).toBe(false);
  });

  it('chooses the proxy by scheme; lower case wins; bare host:port means http', () => {
    const https = new URL('https://h/');
    const http = new URL('http://h/');
    expect(chooseProxy(https, undefined, { HTTPS_PROXY: 'p1:3128' })?.url.href).toBe(
      'http://p1:3128/',
    );
    expect(chooseProxy(https, undefined, { HTTP_PROXY: 'http://p2:1' })?.url.href).toBe(
      'http://p2:1/',
    );
    expect(chooseProxy(http, undefined, { HTTPS_PROXY: 'http://p1:1' })).toBeUndefined();
    expect(
      chooseProxy(http, undefined, { http_proxy: 'http://low:1', HTTP_PROXY: 'http://up:1' }),
    ).toMatchObject({
      source: 'http_proxy',
    });
    expect(
      chooseProxy(http, 'http://explicit:1', { HTTP_PROXY: 'http://env:1', NO_PROXY: 'h' }),
    ).toBeUndefined();
    expect(chooseProxy(http, undefined, { HTTP_PROXY: '  ' })).toBeUndefined();
    expect(() => chooseProxy(http, 'socks5://s:1', {})).toThrow(
      expect.objectContaining({ code: 'INVALID_URL' }),
    );
  });

  it('sends http uploads through an explicit proxy as absolute-form requests', async () => {
    const server = await serve(accept);
    const forward = await proxy();
    const client = testClient({
      url: `${server.url}/ctx`,
      proxy: forward.url,
      username: 'u',
      password: 'pw',
    });
    const prepared = await prepareImportBody({ metadata, files, tmpDir });
    try {
      expect((await client.importResults({ testSpecId: 'id 1' }, prepared)).status).toBe(
        'imported',
      );
    } finally {
      await prepared.dispose();
      await client.close();
    }
    expect(forward.seen).toEqual([
      {
        method: 'POST',
        target: `${server.url}/ctx/api/internal/import/id%201`,
        proxyAuthorization: undefined,
      },
    ]);
    expect(server.requests).toHaveLength(1);
    await expectCompleteImport(server.requests[0]!, metadata, files);
  });

  it('honours HTTP_PROXY from env, with proxy credentials, and NO_PROXY skips it', async () => {
    const server = await serve((ctx) => ctx.send(200, { version: '1' }));
    const forward = await proxy();
    const proxyUrl = forward.url.replace('http://', 'http://proxyuser:proxy%20pw@');
    const viaEnv = testClient({ url: server.url, env: { HTTP_PROXY: proxyUrl } });
    expect(await viaEnv.info()).toEqual({ version: '1' });
    await viaEnv.close();
    expect(forward.seen).toEqual([
      {
        method: 'GET',
        target: `${server.url}/api/v1/info`,
        proxyAuthorization: `Basic ${Buffer.from('proxyuser:proxy pw').toString('base64')}`,
      },
    ]);

    const bypass = testClient({
      url: server.url,
      env: { HTTP_PROXY: proxyUrl, NO_PROXY: 'example.com,127.0.0.1' },
    });
    expect(await bypass.info()).toEqual({ version: '1' });
    await bypass.close();
    expect(forward.seen).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('never shows proxy credentials in errors', async () => {
    const forward = await proxy();
    const proxyUrl = forward.url.replace('http://', 'http://pu:proxy-secret-1@');
    // The proxy cannot reach this closed port: it drops the connection.
    const closed = await serve((ctx) => ctx.send(200));
    const deadUrl = closed.url;
    await servers.pop()!.close();
    const client = testClient({ url: deadUrl, proxy: proxyUrl, retries: 0 });
    const error = await failure(client.info());
    await client.close();
    expect(error.code).toBe('NETWORK');
    expect(exposed(error)).not.toContain('proxy-secret-1');
    expect(error.details.proxy).toBe(`${forward.url}/`);
  });
});

describe('credentials never leak', () => {
  const password = 's3cr@t/ü pw';
  const credentialUrl = (base: string): string =>
    base.replace('://', `://alice:${encodeURIComponent(password)}@`);
  const forms = [
    password,
    encodeURIComponent(password),
    Buffer.from(`alice:${password}`, 'utf8').toString('base64'),
  ];

  it('sends URL credentials as Basic auth and keeps them out of results and errors', async () => {
    const server = await serve(async (ctx) => {
      await ctx.body();
      if (ctx.captured.index === 0) ctx.send(401, { message: `bad password ${password}` });
      else ctx.send(302, undefined, { location: credentialUrl('http://elsewhere.example/login') });
    });
    const client = testClient({ url: credentialUrl(`${server.url}/ctx/`) });
    const prepared = await prepareImportBody({ metadata, files, tmpDir });
    try {
      const unauthorized = await failure(client.importResults({ testSpecId: 's' }, prepared));
      expect(unauthorized.code).toBe('UNAUTHORIZED');
      expect(unauthorized.details.username).toBe('alice');
      const redirected = await failure(client.importResults({ testSpecId: 's' }, prepared));
      expect(redirected.code).toBe('REDIRECT');
      expect(redirected.details.location).toBe('http://elsewhere.example/login');
      for (const error of [unauthorized, redirected]) {
        for (const form of forms) expect(exposed(error)).not.toContain(form);
        expect(String(error.details.url)).toBe(`${server.url}/ctx/api/internal/import/s`);
      }
    } finally {
      await prepared.dispose();
      await client.close();
    }
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${forms[2]}`);
    expect(client.importUrl({ testSpecId: 's' })).not.toContain('alice');
    expect(client.redact(`x ${forms[2]} ${password}`)).toBe('x *** ***');
  });

  it('keeps credentials out of network errors', async () => {
    const server = await serve((ctx) => ctx.send(200));
    const url = credentialUrl(server.url);
    await servers.pop()!.close();
    const client = testClient({ url, retries: 0 });
    const error = await failure(client.checkConnection());
    await client.close();
    expect(error.code).toBe('NETWORK');
    for (const form of forms) expect(exposed(error)).not.toContain(form);
  });
});

describe('timeouts', () => {
  it('times out a connection whose TLS handshake never completes (connect timeout)', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket)); // accepts, never speaks
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const client = testClient({
      url: `https://127.0.0.1:${port}`,
      connectTimeoutMs: 200,
      retries: 1,
    });
    try {
      const error = await failure(client.info());
      expect(error.code).toBe('TIMEOUT');
      expect(error.details).toMatchObject({ phase: 'connect', attempts: 2 });
    } finally {
      await client.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('TLS', () => {
  let tlsFiles: { key: Buffer; cert: Buffer; certFile: string } | undefined;
  beforeAll(async () => {
    const dir = await scratch.subdir('tls');
    try {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ]);
      tlsFiles = {
        key: await readFile(path.join(dir, 'key.pem')),
        cert: await readFile(path.join(dir, 'cert.pem')),
        certFile: path.join(dir, 'cert.pem'),
      };
    } catch {
      tlsFiles = undefined; // no openssl: the TLS cases below are skipped
    }
  });

  it('fails with TLS for an untrusted certificate, and succeeds with --ca-cert or --insecure', async (context) => {
    if (!tlsFiles) return context.skip();
    const server = await serve((ctx) => ctx.send(200, { version: 'tls' }), tlsFiles);
    const strict = testClient({ url: server.url, retries: 2 });
    const error = await failure(strict.info());
    await strict.close();
    expect(error.code).toBe('TLS');
    expect(String(error.details.reason)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect(error.details.attempts).toBe(1);

    const withCa = testClient({ url: server.url, caCertFile: tlsFiles.certFile });
    expect(await withCa.info()).toEqual({ version: 'tls' });
    await withCa.close();

    const insecure = testClient({ url: server.url, insecure: true });
    expect(await insecure.info()).toEqual({ version: 'tls' });
    await insecure.close();
  });

  it('tunnels https through a proxy with CONNECT', async (context) => {
    if (!tlsFiles) return context.skip();
    const server = await serve(accept, tlsFiles);
    const forward = await proxy();
    const client = testClient({
      url: server.url,
      caCertFile: tlsFiles.certFile,
      env: { HTTPS_PROXY: forward.url },
    });
    const prepared = await prepareImportBody({ metadata, files, tmpDir, mode: 'stream' });
    expect((await client.importResults({ testSpecId: 'x' }, prepared)).status).toBe('imported');
    await client.close();
    expect(forward.seen).toEqual([
      { method: 'CONNECT', target: `127.0.0.1:${server.port}`, proxyAuthorization: undefined },
    ]);
    await expectCompleteImport(server.requests[0]!, metadata, files);
  });

  it('reports an unreadable or non-PEM CA file', async () => {
    const missing = testClient({
      url: 'https://127.0.0.1:1',
      caCertFile: path.join(tmpDir, 'nope.pem'),
    });
    expect((await failure(missing.info())).code).toBe('UNREADABLE_FILE');
    const notPem = testClient({ url: 'https://127.0.0.1:1', caCertFile: files[0]!.path });
    expect((await failure(notPem.info())).code).toBe('INVALID_OPTION');
  });
});

describe('a large spooled upload', () => {
  it('sends 20 MB with an exact Content-Length without holding the body in memory', async () => {
    const size = 20 * 1024 * 1024;
    const big = await scratch.file('large/TEST-huge.bin', pseudoRandom(size));
    const gc = exposeGc();
    // Live Buffer memory sampled by the receiving side every 2 MB, after a full GC (so garbage
    // does not count). V8 frees ArrayBuffers on a background thread, so a single sample can
    // still count garbage: the median is the robust measure. A body held in memory would keep
    // every sample at 20 MB or more above the baseline.
    const samples: number[] = [];
    let baseline = 0;
    let received = 0;
    let nextSampleAt = 0;
    let bodyHash = '';
    const server = await serve((ctx) => {
      const hash = createHash('sha256');
      ctx.req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        hash.update(chunk);
        if (ctx.req.method === 'POST' && received >= nextSampleAt) {
          nextSampleAt += 2 * 1024 * 1024;
          gc();
          samples.push(process.memoryUsage().arrayBuffers - baseline);
        }
      });
      ctx.req.on('end', () => {
        bodyHash = hash.digest('hex');
        ctx.send(200, { testRunId: 'big' });
      });
    });
    const client = testClient({ url: server.url });
    // Warm up first: undici's HTTP parser is WebAssembly, whose memory counts as ArrayBuffer.
    await client.checkConnection();
    const prepared = await prepareImportBody({ metadata, files: [big], tmpDir, level: 1 });
    let spooledHash: string;
    try {
      const spoolFile = path.join(tmpDir, (await readdir(tmpDir))[0]!, 'body.multipart');
      spooledHash = await hashFile(spoolFile);
      expect((await stat(spoolFile)).size).toBe(prepared.contentLength);
      gc();
      baseline = process.memoryUsage().arrayBuffers;
      expect((await client.importResults({ testSpecId: 'big' }, prepared)).testRunIds).toEqual([
        'big',
      ]);
    } finally {
      await prepared.dispose();
      await client.close();
    }
    // Random data does not compress: the zip is at least as large as the file.
    expect(prepared.zipBytes).toBeGreaterThan(size);
    const upload = server.requests[1]!;
    expect(upload.headers['content-length']).toBe(String(prepared.contentLength));
    expect(received).toBe(prepared.contentLength);
    expect(bodyHash).toBe(spooledHash);
    // The body was never held whole (sender and receiver share this process).
    expect(samples.length).toBeGreaterThanOrEqual(10);
    const median = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    expect(median).toBeLessThan(size / 4);
    // Generous: a full GC every 2 MB is slow while other packages' tests share the 2 cores.
  }, 180_000);
});

/** V8's full garbage collection, made callable without --expose-gc. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function pseudoRandom(size: number): Buffer {
  const data = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += 32) {
    createHash('sha256').update(String(offset)).digest().copy(data, offset);
  }
  return data;
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
