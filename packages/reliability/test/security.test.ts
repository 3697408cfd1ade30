// Secrets never surface; zip-slip and symlink escapes are impossible on both sides; the
// receiver only listens on loopback unless told otherwise.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startReceiver } from '@xltv/receiver';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FAKE_GITLAB_TOKEN, expectOrderlyExit, runCli } from './helpers/cli.js';
import { registerSecret, useLeakGuard } from './helpers/evidence.js';
import { junitXml, writeFileAt } from './helpers/fixtures.js';
import { buildZip, importBody } from './helpers/handzip.js';
import { RECEIVER_BIN } from './helpers/paths.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import { sha256 } from './helpers/zip.js';
import {
  SPEC_ID,
  credentialEnv,
  expectStoredExactly,
  resultsWorkspace,
  uploadArgs,
} from './helpers/upload.js';

useLeakGuard();
const servers: http.Server[] = [];
afterEach(async () => {
  await closeReceivers();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});
afterAll(removeTempDirs);

describe('secrets never surface', () => {
  it('credentials in the URL: redacted in stdout, stderr (--verbose), receipt, saved request', async () => {
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const { dir, files } = await resultsWorkspace('url-credentials');
    const url = new URL(receiver.url);
    url.username = credentials.username;
    url.password = credentials.password;
    const run = await runCli(
      [
        ...uploadArgs(url.toString().replace(/\/$/, ''), ['--verbose']),
        '--receipt',
        path.join(dir, 'receipt.json'),
        '--save-request',
        path.join(dir, 'request.bin'),
      ],
      { cwd: dir },
    );
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt?.url).toBe(`${receiver.url}/api/internal/import/${SPEC_ID}`);
    expect(receiver.imports[0]?.request.user).toBe(credentials.username);
    expect(JSON.parse(await readFile(path.join(dir, 'receipt.json'), 'utf8'))).toMatchObject({
      status: 'imported',
    });
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('a rejected password (401): exit 1, the user is named, the password is not', async () => {
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const wrong = `${credentials.password}-wrong`;
    registerSecret(wrong);
    registerSecret(Buffer.from(`${credentials.username}:${wrong}`).toString('base64'));
    const { dir } = await resultsWorkspace('wrong-password');
    const run = await runCli(uploadArgs(receiver.url, ['--verbose']), {
      cwd: dir,
      env: { XLTV_USERNAME: credentials.username, XLTV_PASSWORD: wrong },
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'UNAUTHORIZED', status: 401 },
    });
    expect(run.stderr).toContain(credentials.username);
    expect(receiver.imports).toHaveLength(0);
  });

  it('--dry-run --save-request with a password by env: the saved body holds no credential', async () => {
    const credentials = newCredentials();
    const { dir } = await resultsWorkspace('dry-run');
    const saved = path.join(dir, 'request.bin');
    const run = await runCli(
      uploadArgs('http://127.0.0.1:9', [
        '--dry-run',
        '--save-request',
        saved,
        '--password',
        credentials.password,
        '--username',
        credentials.username,
      ]),
      { cwd: dir },
    );
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt?.status).toBe('dry-run');
    const body = await readFile(saved);
    expect(body.toString('latin1')).toMatch(
      /^--[0-9A-Za-z'()+_,\-./:=?]+\r\nContent-Type: application\/json/,
    );
  });

  it('GitLab: the job token in CI_REPOSITORY_URL and echoed back by a hostile API never leaks', async () => {
    const jobToken = 'gljt-JOBtoken-4f1e2d3c5b6a79';
    registerSecret(jobToken);
    const seenTokens: string[] = [];
    // A fake GitLab that echoes whatever token it got in its error message.
    const gitlab = http.createServer((req, res) => {
      const token = String(req.headers['job-token'] ?? req.headers['private-token'] ?? '');
      seenTokens.push(token);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `401 Unauthorized: token ${token} is invalid` }));
    });
    servers.push(gitlab);
    await new Promise<void>((resolve) => gitlab.listen(0, '127.0.0.1', resolve));
    const glOrigin = `http://127.0.0.1:${(gitlab.address() as net.AddressInfo).port}`;
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const { dir, files } = await resultsWorkspace('gitlab');
    const gitlabEnv = {
      ...credentialEnv(credentials),
      GITLAB_CI: 'true',
      CI: 'true',
      CI_SERVER_URL: glOrigin,
      CI_API_V4_URL: `${glOrigin}/api/v4`,
      CI_PROJECT_ID: '17',
      CI_PROJECT_PATH: 'group/project',
      // No CI_PROJECT_URL: repositoryUrl then comes from the token-bearing clone URL.
      CI_REPOSITORY_URL: `http://gitlab-ci-token:${jobToken}@127.0.0.1/group/project.git`,
      CI_JOB_ID: '4242',
      CI_JOB_NAME: 'test',
      CI_JOB_URL: `${glOrigin}/group/project/-/jobs/4242`,
      CI_JOB_TOKEN: jobToken,
      CI_COMMIT_SHA: 'a'.repeat(40),
      CI_COMMIT_BRANCH: 'main',
      CI_PIPELINE_ID: '99',
    };
    const upload = await runCli(
      [
        'upload',
        'results/**',
        '--url',
        receiver.url,
        '--test-spec',
        SPEC_ID,
        '--json',
        '--verbose',
      ],
      { cwd: dir, env: gitlabEnv },
    );
    expectOrderlyExit(upload);
    expect(upload.code).toBe(0);
    expect(upload.receipt?.metadata).toMatchObject({ source: 'gitlab', ciBuildNumber: '4242' });
    expect(String(upload.receipt?.metadata?.repositoryUrl)).toMatch(
      /^http:\/\/127\.0\.0\.1\/group\/project/,
    );
    expect(receiver.imports[0]?.metadata.repositoryUrl).toBe(
      upload.receipt?.metadata?.repositoryUrl,
    );
    const env = await runCli(['env', '--json', '--verbose'], { cwd: dir, env: gitlabEnv });
    expect(env.code).toBe(0);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
    // Sending a token to GitLab's own API is fine; only these two may ever go there.
    expect(
      seenTokens.every(
        (token) => token === '' || token === jobToken || token === FAKE_GITLAB_TOKEN,
      ),
    ).toBe(true);
  });
});

describe('zip-slip and symlink escapes: the client', () => {
  it('symlinks to files or directories outside the base are skipped with a warning; inside ones are followed', async () => {
    const outside = await tempDir('outside');
    const passwdLike = 'root:x:0:0:root:/root:/bin/bash\nsecret-marker-9f8e7d6c\n';
    registerSecret('secret-marker-9f8e7d6c');
    await writeFile(path.join(outside, 'passwd'), passwdLike);
    await writeFile(path.join(outside, 'TEST-outside.xml'), junitXml('Outside', 'outside'));
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const { dir, files } = await resultsWorkspace('symlinks', 2);
    await symlink(path.join(outside, 'passwd'), path.join(dir, 'results', 'passwd.xml'));
    await symlink(outside, path.join(dir, 'results', 'linked-outside'));
    await symlink(
      '../../../../../../../../etc/hostname',
      path.join(dir, 'results', 'relative-escape.xml'),
    );
    const insideContent = junitXml('Inside', 'inside-target');
    await writeFileAt(dir, 'elsewhere/TEST-real.xml', insideContent);
    await symlink(
      path.join(dir, 'elsewhere', 'TEST-real.xml'),
      path.join(dir, 'results', 'TEST-link.xml'),
    );
    const expected = new Map(files);
    expected.set('results/TEST-link.xml', sha256(insideContent));
    const run = await runCli(uploadArgs(receiver.url), {
      cwd: dir,
      env: credentialEnv(credentials),
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt?.files).toBe(expected.size);
    const warningCodes = (run.receipt?.warnings ?? []).map(
      (warning) => (warning as { code: string }).code,
    );
    expect(warningCodes).toContain('SYMLINK_SKIPPED');
    await expectStoredExactly(receiver, receiver.imports[0]!, expected);
  });

  it.each([
    ['../outside/*.xml', 'a relative pattern climbing out of the base'],
    ['results/../../x/*.xml', 'a pattern that normalises to outside'],
    ['/etc/passwd', 'an absolute path outside the base'],
  ])('%s (%s) is refused before anything is sent: exit 2, UNSAFE_PATH', async (pattern) => {
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const { dir } = await resultsWorkspace('unsafe-pattern');
    const run = await runCli(
      ['upload', pattern, '--url', receiver.url, '--test-spec', SPEC_ID, '--ci', 'none', '--json'],
      { cwd: path.join(dir, 'results'), env: credentialEnv(credentials) },
    );
    expectOrderlyExit(run);
    expect(run.code).toBe(2);
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: { code: 'UNSAFE_PATH' },
    });
    expect(run.stderr).toContain('--base-dir');
    expect(receiver.imports).toHaveLength(0);
  });
});

describe('zip-slip: the receiver', () => {
  const marker = `evil-${process.pid}-${Date.now()}`;
  const cases: Array<[string, string | Buffer]> = [
    ['a leading parent segment (../x)', `../${marker}.xml`],
    ['a parent segment after a folder (a/../../x)', `results/../../${marker}.xml`],
    ['an absolute path (/tmp/x)', `/tmp/${marker}.xml`],
    ['a name that is not UTF-8', Buffer.from([0x72, 0x2f, 0xff, 0xfe, 0x2e, 0x78, 0x6d, 0x6c])],
  ];
  it.each(cases)(
    'an entry with %s is rejected with 400 and nothing is stored',
    async (_why, name) => {
      const credentials = newCredentials();
      const receiver = await startTestReceiver({
        user: credentials.username,
        password: credentials.password,
      });
      const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      const post = async (entryName: string | Buffer) => {
        const zip = buildZip([
          { name: 'results/TEST-ok.xml', data: junitXml('Ok', `${marker}-${String(entryName)}`) },
          { name: entryName, data: junitXml('Evil', marker) },
        ]);
        const { body, contentType } = importBody(zip);
        return fetch(`${receiver.url}/api/internal/import/${SPEC_ID}`, {
          method: 'POST',
          headers: { 'content-type': contentType, authorization, accept: 'application/json' },
          body,
        });
      };
      const response = await post(name);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as {
        status: number;
        errorCode?: string;
        message: string;
      };
      expect(answer.status).toBe(400);
      expect(answer.message).toBeTruthy();
      expect(receiver.imports).toHaveLength(0);
      for (const where of [path.dirname(receiver.dataDir ?? os.tmpdir()), '/tmp', '/']) {
        expect(existsSync(path.join(where, `${marker}.xml`))).toBe(false);
      }
      // Control: the very same hand-built zip with a clean second name is accepted.
      const control = await post('results/TEST-clean.xml');
      expect(control.status).toBe(200);
      expect(receiver.imports).toHaveLength(1);
    },
  );
});

describe('the receiver binds to loopback by default', () => {
  function externalIPv4(): string | undefined {
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const address of addresses ?? []) {
        if (address.family === 'IPv4' && !address.internal) return address.address;
      }
    }
    return undefined;
  }

  function connectable(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(port, host);
      socket.setTimeout(2000);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
  }

  it('startReceiver() without a host listens on 127.0.0.1 only', async () => {
    const receiver = await startReceiver({});
    try {
      expect(new URL(receiver.url).hostname).toBe('127.0.0.1');
      expect(await connectable('127.0.0.1', receiver.port)).toBe(true);
      const external = externalIPv4();
      if (external !== undefined) expect(await connectable(external, receiver.port)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('the xltv-receiver bin without --host prints and serves a 127.0.0.1 URL', async () => {
    const dataDir = await tempDir('bin');
    const child = spawn(process.execPath, [RECEIVER_BIN, '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          buffered += chunk;
          if (buffered.includes('\n')) resolve(buffered.split('\n')[0]!.trim());
        });
        child.once('exit', (code) => reject(new Error(`receiver exited ${code}`)));
      });
      const url = new URL(firstLine);
      expect(url.hostname).toBe('127.0.0.1');
      const external = externalIPv4();
      if (external !== undefined) expect(await connectable(external, Number(url.port))).toBe(false);
      expect(await connectable('127.0.0.1', Number(url.port))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
