/**
 * The `xltv-receiver` command, run as a real process from the built `dist/bin.js`.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiverZip,
  builtBin,
  importHeaders,
  jsonPart,
  multipartBody,
  newBoundary,
  request,
  zipPart,
} from './helpers.js';

let bin: string;
let directory: string;
beforeAll(async () => {
  bin = builtBin();
  directory = await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-cli-'));
}, 120_000);
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly stderr: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

/** Start the command and wait for the first stdout line (the URL). */
function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })),
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (!before.includes('\n') && stdout.includes('\n')) {
        resolve({ child, url: stdout.split('\n')[0] ?? '', stderr: () => stderr, exit });
      }
    });
    void exit.then(({ code }) =>
      reject(new Error(`exited with ${code} before printing a URL: ${stderr}`)),
    );
  });
}

function runToEnd(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('xltv-receiver', () => {
  it('prints its base URL first, serves, and exits 0 on SIGTERM after finishing a request in flight', async () => {
    const running = await start(['--port', '0', '--context-root', '/xltest']);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/xltest$/);
    const origin = new URL(running.url).origin;
    const info = await request(`${running.url}/api/v1/info`);
    expect(info.status).toBe(200);
    await request(`${origin}/__control/faults`, {
      body: JSON.stringify({ type: 'delay', ms: 800 }),
    });
    const zip = await archiverZip([{ name: 'TEST-a.xml', content: '<testsuite/>' }]);
    const boundary = newBoundary();
    const inFlight = request(`${running.url}/api/internal/import/${encodeURIComponent('a spec')}`, {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [jsonPart({ via: 'cli' }), zipPart(zip)]),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    const exit = await running.exit;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.stdout).toBe(`${running.url}\n`);
    expect(running.stderr()).toContain('POST /xltest/api/internal/import/a%20spec → 200');
  });

  it('keeps imports in --data-dir across runs', async () => {
    const dataDir = path.join(directory, 'data');
    const first = await start(['--port', '0', '--data-dir', dataDir, '--quiet']);
    const zip = await archiverZip([{ name: 'TEST-kept.xml', content: '<testsuite name="kept"/>' }]);
    const boundary = newBoundary();
    const response = await request(`${first.url}/api/internal/import/kept`, {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [jsonPart({ kept: true }), zipPart(zip)]),
    });
    expect(response.status).toBe(200);
    first.child.kill('SIGINT');
    expect((await first.exit).code).toBe(0);
    expect(first.stderr()).toBe('');

    const second = await start(['--port', '0', '--data-dir', dataDir, '--quiet']);
    const list = JSON.parse((await request(`${new URL(second.url).origin}/imports`)).body) as {
      metadata: unknown;
      testRunIds: string[];
    }[];
    expect(list.map((record) => record.metadata)).toEqual([{ kept: true }]);
    expect(list[0]?.testRunIds).toEqual([
      (JSON.parse(response.body) as { testRunId: string }).testRunId,
    ]);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
  });

  it('requires Basic credentials with --user and XLTV_RECEIVER_PASSWORD, and a specs file', async () => {
    const specs = path.join(directory, 'specs.json');
    await writeFile(specs, JSON.stringify([{ id: 'only', project: { id: 'p', title: 'P' } }]));
    const running = await start(
      ['--port', '0', '--user', 'u', '--specs', specs, '--max-upload-bytes', '100'],
      {
        XLTV_RECEIVER_PASSWORD: 'secret',
      },
    );
    try {
      const denied = await request(`${running.url}/api/v1/info`);
      expect(denied.status).toBe(401);
      expect(denied.headers['www-authenticate']).toBe('Basic realm="XL TestView"');
      const authorization = `Basic ${Buffer.from('u:secret').toString('base64')}`;
      const listing = await request(`${running.url}/api/internal/testspecifications/extended`, {
        headers: { authorization },
      });
      expect(Object.keys(JSON.parse(listing.body) as object)).toEqual(['only']);
      const unknown = await request(`${running.url}/api/internal/import/other`, {
        headers: { authorization, ...importHeaders('b') },
        body: '--b--\r\n',
      });
      expect(unknown.status).toBe(404);
      const big = await request(`${running.url}/api/internal/import/only`, {
        headers: { authorization, ...importHeaders('b') },
        body: Buffer.alloc(200),
      });
      expect(big.status).toBe(413);
      expect(running.stderr()).not.toContain('secret');
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  it('reads results unless --no-read-results: a TRX file to an xlt.JUnit specification', async () => {
    const specs = path.join(directory, 'junit-specs.json');
    await writeFile(specs, JSON.stringify({ unit: { testTool: { name: 'xlt.JUnit' } } }));
    const trx =
      '<?xml version="1.0"?>\n<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results><UnitTestResult testName="a" outcome="Passed"/></Results></TestRun>\n';
    const zip = await archiverZip([{ name: 'TestResults/run.trx', content: trx }]);
    const send = (url: string): ReturnType<typeof request> => {
      const boundary = newBoundary();
      return request(`${url}/api/internal/import/unit`, {
        headers: importHeaders(boundary),
        body: multipartBody(boundary, [jsonPart({}), zipPart(zip)]),
      });
    };
    for (const [args, status] of [
      [[], 422],
      [['--no-read-results'], 200],
    ] as const) {
      const running = await start(['--port', '0', '--quiet', '--specs', specs, ...args]);
      try {
        const response = await send(running.url);
        expect(response.status, `${args.join(' ')} ${response.body}`).toBe(status);
        if (status === 422) expect(response.body).toContain('nothing xlt.JUnit reads');
      } finally {
        running.child.kill('SIGTERM');
        await running.exit;
      }
    }
  });

  it('serves HTTPS with --https --tls-cert --tls-key', async () => {
    const openssl = spawnSync('openssl', ['version']);
    if (openssl.status !== 0) return;
    const cert = path.join(directory, 'cert.pem');
    const key = path.join(directory, 'key.pem');
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    expect(made.status).toBe(0);
    const running = await start(['--port', '0', '--https', '--tls-cert', cert, '--tls-key', key]);
    try {
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const response = await request(`${running.url}/api/v1/info`, { ca: await readFile(cert) });
      expect(response.status).toBe(200);
      await expect(request(`${running.url}/api/v1/info`)).rejects.toThrow(
        /self[- ]signed|certificate/i,
      );
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  it('exits 2 with a message for bad options', () => {
    for (const [args, message] of [
      [['--bogus'], /Unknown option/],
      [['--port', 'x'], /--port must be an integer/],
      [['--port', '70000'], /--port must be an integer/],
      [['--user', 'u'], /--user and --password/],
      [['--https'], /--https needs --tls-cert and --tls-key/],
      [['--specs', path.join(directory, 'missing.json')], /ENOENT|no such file/],
    ] as const) {
      const result = runToEnd([...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('--help prints the options', () => {
    const result = runToEnd(['--help']);
    expect(result.status).toBe(0);
    for (const option of [
      '--port',
      '--host',
      '--data-dir',
      '--specs',
      '--context-root',
      '--max-upload-bytes',
      '--no-read-results',
      '--https',
    ]) {
      expect(result.stdout).toContain(option);
    }
  });

  it('exits 1 when the port is taken', async () => {
    const running = await start(['--port', '0']);
    try {
      const port = new URL(running.url).port;
      const result = runToEnd(['--port', port]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/EADDRINUSE/);
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });
});
