/**
 * The built bin at start-up: help and version load no HTTP, TLS or zip code; `env` in GitLab
 * CI asks the API; a closed or full pipe is handled as Node's streams handle it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, NODE, baseEnv, runXltv } from './helpers.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'xltv-startup-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('env in GitLab CI', () => {
  // A fake GitLab API on loopback fills what the environment leaves out.
  let gitlab: Server;
  let gitlabUrl: string;
  const requests: string[] = [];
  beforeAll(async () => {
    gitlab = createServer((request, response) => {
      const path = request.url ?? '';
      requests.push(path);
      response.setHeader('content-type', 'application/json');
      if (path === '/api/v4/job' && request.headers['job-token'] === 'job-token-0123456789') {
        response.end(
          JSON.stringify({
            id: 1001,
            name: 'unit',
            status: 'failed',
            stage: 'test',
            ref: 'feature/x',
            tag: false,
            web_url: `${gitlabUrl}/acme/shop/-/jobs/1001`,
            runner: { id: 7, description: 'runner-7' },
            pipeline: { id: 555, project_id: 42, sha: 'c0ffee' },
          }),
        );
      } else if (path.startsWith('/api/v4/projects/42/repository/commits/c0ffee/merge_requests')) {
        response.end(
          JSON.stringify([
            {
              iid: 9,
              state: 'opened',
              source_branch: 'feature/x',
              target_branch: 'main',
              project_id: 42,
            },
          ]),
        );
      } else {
        response.statusCode = 404;
        response.end('{"message":"404 Not Found"}');
      }
    });
    await new Promise<void>((resolve) => gitlab.listen(0, '127.0.0.1', resolve));
    gitlabUrl = `http://127.0.0.1:${(gitlab.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => gitlab.close(resolve)));

  it('xltv env --json in GitLab CI prints the API values', async () => {
    const env = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: `${gitlabUrl}/api/v4`,
      CI_PROJECT_ID: '42',
      CI_PROJECT_PATH: 'acme/shop',
      CI_JOB_ID: '1001',
      CI_COMMIT_SHA: 'c0ffee',
      CI_COMMIT_REF_NAME: 'feature/x',
      CI_JOB_TOKEN: 'job-token-0123456789',
      XLTV_GITLAB_TOKEN: 'glpat-startup-0123456789',
    };
    requests.length = 0;
    const built = await runXltv(['env', '--json'], { env, cwd: scratch });
    expect(built.code, built.stderr).toBe(0);
    expect(requests.length, 'the bin called the API').toBeGreaterThanOrEqual(2);
    const origins = (built.json as { origins: Record<string, string> }).origins;
    expect(origins).toMatchObject({ stage: 'api', pullRequest: 'api', ciExecutedOn: 'api' });
  });
});

describe('what help and version load', () => {
  const HEAVY = ['http', 'https', 'tls', 'zlib', 'fs/promises'];

  it.each([{ args: ['--help'] }, { args: ['--version'] }, { args: ['upload', '--help'] }])(
    'xltv $args loads no HTTP, TLS, zip or file-reading built-in',
    ({ args }) => {
      // process.moduleLoadList names every built-in loaded so far.
      const probe = join(scratch, 'loaded.cjs');
      writeFileSync(
        probe,
        "process.on('exit', () => require('node:fs').writeSync(2, `\\nLOADED ${process.moduleLoadList.join(',')}\\n`));\n",
      );
      const run = spawnSync(NODE, ['--require', probe, BUILT_CLI, ...args], {
        encoding: 'utf8',
        env: baseEnv(),
      });
      expect(run.status, run.stderr).toBe(0);
      const loaded = (/^LOADED (.*)$/m.exec(run.stderr)?.[1] ?? '').split(',');
      expect(loaded, 'the probe ran').toContain('NativeModule fs');
      for (const builtin of HEAVY) {
        expect(loaded, builtin).not.toContain(`NativeModule ${builtin}`);
      }
    },
  );
});

describe('pipes', () => {
  it.each([['--help'], ['env', '--ci', 'none']])(
    'xltv %s exits 0 quietly when the reader has gone (EPIPE)',
    async (...args) => {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(NODE, [BUILT_CLI, ...args], {
          env: baseEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(run).toEqual({ code: 0, stderr: '' });
    },
  );

  it.skipIf(process.platform === 'win32')(
    'writes everything, in order, to a full non-blocking pipe (EAGAIN)',
    async () => {
      // A FIFO whose write end is non-blocking and already full: the bin's first write fails
      // with EAGAIN and the rest must go through Node's stream, which waits for the reader.
      const fifo = join(scratch, 'fifo');
      spawnSync('mkfifo', [fifo]);
      const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      let prefill = 0;
      const block = Buffer.alloc(4096, 'x');
      for (;;) {
        try {
          prefill += writeSync(writer, block);
        } catch {
          break;
        }
      }
      const child = spawn(NODE, [BUILT_CLI, 'upload', '--help'], {
        env: baseEnv(),
        stdio: ['ignore', writer, 'pipe'],
      });
      closeSync(writer);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Let the child hit the full pipe before draining it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const chunks: Buffer[] = [];
      const buffer = Buffer.alloc(65536);
      let done = false;
      void exited.then(() => (done = true));
      for (;;) {
        let count: number;
        try {
          count = readSync(reader, buffer);
        } catch {
          count = -1; // EAGAIN: nothing to read yet
        }
        if (count > 0) chunks.push(Buffer.from(buffer.subarray(0, count)));
        else if (count === 0 || done) break;
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
      closeSync(reader);
      const code = await exited;
      const output = Buffer.concat(chunks);
      const expected = (await runXltv(['upload', '--help'])).stdout;
      expect(code, stderr).toBe(0);
      expect(output.subarray(0, prefill).every((byte) => byte === 0x78)).toBe(true);
      expect(output.subarray(prefill).toString('utf8')).toBe(expected);
    },
  );
});
