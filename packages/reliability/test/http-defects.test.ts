// The HTTP layer against servers that misbehave in ways a real receiver does not: an answer
// that trickles in, a proxy that echoes the request head, statuses past 599, answers that are
// not readable HTTP, a 200 that is someone's login page, and plain HTTP behind an https URL.
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { expectOrderlyExit, runCli } from './helpers/cli.js';
import { registerBasicCredentials, useLeakGuard } from './helpers/evidence.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs } from './helpers/tmp.js';
import { credentialEnv, resultsWorkspace, uploadArgs } from './helpers/upload.js';

useLeakGuard();
const servers: net.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    (server as http.Server).closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await closeReceivers();
});
afterAll(removeTempDirs);

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** An HTTP server that reads each request whole, then lets `answer` respond; counts POSTs. */
async function httpServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') count += 1;
    req.resume();
    req.on('end', () => answer(req, res));
  });
  return { url: await listen(server), requests: () => count };
}

/**
 * A TCP server that reads each Content-Length request whole, then writes `answer` itself;
 * counts POSTs (the CLI may look the spec up with a GET first).
 */
async function rawServer(
  answer: (socket: net.Socket) => void,
): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < headEnd + 4 + length) return;
      buffered = Buffer.alloc(0);
      if (head.startsWith('POST ')) count += 1;
      answer(socket);
    });
  });
  return { url: await listen(server), requests: () => count };
}

describe('--timeout bounds the whole wait for the answer', () => {
  it('a server that trickles its answer a byte at a time times out after --timeout', async () => {
    const timers: NodeJS.Timeout[] = [];
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      const drip = setInterval(() => res.write(' '), 250);
      timers.push(drip);
      res.on('close', () => clearInterval(drip));
    });
    try {
      const { dir } = await resultsWorkspace('trickle');
      const run = await runCli(uploadArgs(server.url, ['--timeout', '1', '--retries', '0']), {
        cwd: dir,
        timeoutMs: 20_000,
      });
      expectOrderlyExit(run);
      expect(run.code).toBe(1);
      expect(run.receipt).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: { code: 'TIMEOUT' },
      });
      expect(run.durationMs).toBeLessThan(12_000);
      expect(run.stderr).toMatch(/did not answer in time/);
    } finally {
      timers.forEach(clearInterval);
    }
  });
});

describe('a proxy that echoes the request head', () => {
  it('never shows its Proxy-Authorization token', async () => {
    const proxyUser = 'proxy-user';
    const proxyPassword = 'prx-Secret-7c41e9';
    registerBasicCredentials(proxyUser, proxyPassword);
    const proxy = await httpServer((req, res) => {
      // Head first: the client keeps only the start of an error body.
      const head = [
        `${req.method} ${req.url} HTTP/1.1`,
        `Proxy-Authorization: ${String(req.headers['proxy-authorization'])}`,
        `Host: ${String(req.headers.host)}`,
      ].join('\n');
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`Bad gateway for:\n${head}\n`);
    });
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = proxyUser;
    proxyUrl.password = proxyPassword;
    const { dir } = await resultsWorkspace('proxy-echo');
    const run = await runCli(
      uploadArgs('http://127.0.0.1:9', ['--proxy', proxyUrl.href, '--retries', '0']),
      { cwd: dir },
    );
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({ status: 'failed', error: { code: 'SERVER_ERROR' } });
    expect(proxy.requests()).toBe(1);
    const token = Buffer.from(`${proxyUser}:${proxyPassword}`).toString('base64');
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);
    // The echo is shown, masked.
    expect(run.stderr).toMatch(/Proxy-Authorization: Basic \*\*\*/);
  });
});

describe('statuses past 599 are no server errors', () => {
  it.each([600, 999])('%i: UNEXPECTED_RESPONSE after one attempt, no retry', async (status) => {
    const server = await httpServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('odd status');
    });
    const { dir } = await resultsWorkspace(`status-${status}`);
    const run = await runCli(uploadArgs(server.url, ['--retries', '2']), { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'UNEXPECTED_RESPONSE', status },
    });
    expect(server.requests()).toBe(1);
  });
});

describe('an answer that is not readable HTTP', () => {
  const answers: Record<string, (socket: net.Socket) => void> = {
    'a status line that is not HTTP': (socket) => socket.end('FOO/1.1 200 OK\r\n\r\n'),
    'oversized headers': (socket) =>
      socket.end(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 0\r\n\r\n`),
    'a 200 body cut short': (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"testRunId":');
      setTimeout(() => socket.end(), 50);
    },
    'a 200 body shorter than its Content-Length, then Connection: close': (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 100\r\n\r\n{}');
      setTimeout(() => socket.end(), 50);
    },
  };
  it.each(Object.keys(answers))(
    '%s: the request was sent and may have been imported',
    async (name) => {
      const server = await rawServer(answers[name]!);
      const { dir } = await resultsWorkspace('protocol');
      const run = await runCli(uploadArgs(server.url, ['--retries', '2']), { cwd: dir });
      expectOrderlyExit(run);
      expect(run.code).toBe(1);
      expect(run.receipt).toMatchObject({ status: 'failed', error: { code: 'NETWORK' } });
      expect(run.stderr).not.toMatch(/Cannot reach/);
      expect(run.stderr).toMatch(/sent/);
      expect(run.stderr).toMatch(/may have been imported/);
      // The server took the request and answered: repeating it is not what helps.
      expect(run.receipt?.attempts).toBe(1);
      expect(server.requests()).toBe(1);
    },
  );
});

describe('a 200 that is not XL TestView talking', () => {
  it.each([
    ['an HTML login page', 'text/html; charset=utf-8', '<html><title>Sign in to Portal</title>'],
    ['broken JSON', 'application/json', '{"testRunId": "Sign in to Portal'],
  ])('%s warns UNEXPECTED_RESPONSE with its first line', async (_name, type, firstLine) => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(`${firstLine}\n<body>second line</body>\n`);
    });
    const { dir } = await resultsWorkspace('captive');
    const run = await runCli(uploadArgs(server.url), { cwd: dir });
    expectOrderlyExit(run);
    const warnings = (run.receipt?.warnings ?? []) as { code: string }[];
    expect(warnings.map((warning) => warning.code)).toContain('UNEXPECTED_RESPONSE');
    expect(run.stderr).toContain(firstLine);
    expect(run.stderr).not.toContain('second line');

    // XL TestView's own answer (JSON, as the receiver gives it) is no such case.
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const real = await runCli(uploadArgs(receiver.url), {
      cwd: dir,
      env: credentialEnv(credentials),
    });
    expect(real.code).toBe(0);
    const realWarnings = (real.receipt?.warnings ?? []) as { code: string }[];
    expect(realWarnings.map((warning) => warning.code)).not.toContain('UNEXPECTED_RESPONSE');
  });
});

describe('https:// against a plain-HTTP server', () => {
  it('says the server may not speak TLS and suggests http://, not --ca-cert', async () => {
    const server = await httpServer((_req, res) => res.end('{}'));
    const httpsUrl = server.url.replace(/^http:/, 'https:');
    const { dir } = await resultsWorkspace('not-tls');
    const run = await runCli(uploadArgs(httpsUrl, ['--retries', '2']), { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'TLS' } });
    expect(run.stderr).toMatch(/may not speak https/);
    expect(run.stderr).toContain('http://');
    expect(run.stderr).not.toContain('--ca-cert');
    expect(run.stderr).not.toMatch(/wrong version number/);
  });
});
