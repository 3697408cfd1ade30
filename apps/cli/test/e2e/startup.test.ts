/**
 * The built bin's start-up fast paths (src/xltv.ts): help and version answered from the
 * build's snapshots and `env` run without commander must print exactly what the commander
 * program prints, byte for byte, with the same exit code; they must load no ES module (the
 * commander program and every command live in the ES module build), no stream for stdout,
 * and none of the heavy built-ins; and a closed or full pipe must be handled as Node's
 * streams handle it.
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
import { loadFixtures } from '@xltv/test-utils';
import type * as RenderSnapshots from '../../src/startup/render-snapshots.js';
import { BUILT_CLI, NODE, baseEnv, runXltv } from './helpers.js';

// The sources render commander's output in this process (vitest.e2e.config.ts defines the
// build's constants, src/meta.ts).
const { SNAPSHOT_ARGS, renderRun } =
  (await import('../../src/startup/render-snapshots.js')) as typeof RenderSnapshots;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'xltv-startup-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('help and version snapshots', () => {
  it.each(SNAPSHOT_ARGS.map((args) => ({ args, line: args.join(' ') })))(
    'xltv $line prints what commander prints',
    async ({ args }) => {
      const [built, commander] = await Promise.all([runXltv(args), renderRun(args)]);
      expect(built.stdout).toBe(commander.stdout);
      expect(built.stderr).toBe(commander.stderr);
      expect(built.code).toBe(commander.exitCode);
    },
  );
});

const adaptersDir = new URL('../../../../packages/adapters/', import.meta.url);

/** Environments for `env`: none, every adapter's first fixture, and colour forced. */
const ENV_CASES: { name: string; env: Record<string, string>; args: string[] }[] = [
  { name: 'no CI', env: {}, args: ['env'] },
  { name: '--ci none', env: {}, args: ['env', '--ci', 'none'] },
  { name: '--json --ci none', env: {}, args: ['env', '--json', '--ci', 'none'] },
  { name: 'colour forced', env: { FORCE_COLOR: '1' }, args: ['env', '--ci', 'none'] },
  {
    name: 'generic variables, --meta, --build-result',
    env: { XLTV_CI_SOURCE: 'my-ci', XLTV_CI_BUILD_NUMBER: '42', XLTV_PASSWORD: 'hunter2-secret' },
    args: ['env', '--meta', 'note=hunter2-secret', '--meta=a=b', '--build-result', 'failed'],
  },
  { name: 'unknown CI (exit 2)', env: {}, args: ['env', '--ci', 'bogus'] },
  { name: 'bad build result (exit 2)', env: {}, args: ['env', '--build-result', 'nope'] },
  { name: 'missing meta file (exit 2)', env: {}, args: ['env', '--meta-file', 'absent.json'] },
  { name: '--verbose with --quiet (exit 2)', env: {}, args: ['env', '--verbose', '--quiet'] },
  ...['github-actions', 'gitlab', 'jenkins', 'azure-pipelines', 'circleci'].map((id) => {
    const [fixture] = loadFixtures(new URL(`${id}/test/fixtures.json`, adaptersDir));
    if (!fixture) throw new Error(`no fixture for ${id}`);
    return { name: id, env: { ...fixture.env }, args: ['env', '--no-ci-api'] };
  }),
];

describe('env without commander', () => {
  it.each(ENV_CASES)('xltv env ($name) prints what the commander path prints', async (test) => {
    const [built, commander] = await Promise.all([
      runXltv(test.args, { env: test.env, cwd: scratch }),
      renderRun(test.args, test.env),
    ]);
    expect(built.stdout).toBe(commander.stdout);
    expect(built.stderr).toBe(commander.stderr);
    expect(built.code).toBe(commander.exitCode);
  });
});

describe('env without commander, GitLab API', () => {
  // The bin's env bundle loads @gitbeaker/rest from the ES module build
  // (dist/vendor-gitbeaker.mjs): a fake GitLab API on loopback fills what the environment
  // leaves out, for the bin and for the commander path alike.
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

  it('xltv env --json in GitLab CI prints what the commander path prints, API values included', async () => {
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
    const builtRequests = [...requests];
    const commander = await renderRun(['env', '--json'], env);
    expect(built.stdout).toBe(commander.stdout);
    expect(built.stderr).toBe(commander.stderr);
    expect(built.code).toBe(commander.exitCode);
    expect(builtRequests.length, 'the bin called the API').toBeGreaterThanOrEqual(2);
    const origins = (built.json as { origins: Record<string, string> }).origins;
    expect(origins).toMatchObject({ stage: 'api', pullRequest: 'api', ciExecutedOn: 'api' });
  });
});

describe('what the fast paths load', () => {
  const nodeMajor = Number(
    spawnSync(NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout,
  );
  const HEAVY = ['child_process', 'http', 'https', 'tls', 'zlib', 'net', 'stream', 'tty'];

  it.each([
    { args: ['--help'], heavy: [...HEAVY, 'fs/promises'] },
    { args: ['--version'], heavy: [...HEAVY, 'fs/promises'] },
    { args: ['upload', '--help'], heavy: [...HEAVY, 'fs/promises'] },
    // core's metadata module imports fs/promises (for --meta-file).
    { args: ['env', '--ci', 'none'], heavy: HEAVY },
  ])('xltv $args loads no ES module, no stdout stream and no heavy built-in', ({ args, heavy }) => {
    // process.moduleLoadList names every built-in loaded so far. The probe is CommonJS and
    // writes with fs.writeSync, so that it starts no ES module loader and no stream itself.
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
    // Node 22 and later set up the ES module loader for every program, CommonJS too; before,
    // only an ES module started it, which is what this shows on Node 20.
    if (nodeMajor < 22) {
      expect(loaded, 'the ES module loader').not.toContain(
        'NativeModule internal/modules/esm/translators',
      );
    }
    for (const builtin of heavy) {
      expect(loaded, builtin).not.toContain(`NativeModule ${builtin}`);
    }
  });
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
      const expected = (await renderRun(['upload', '--help'])).stdout;
      expect(code, stderr).toBe(0);
      expect(output.subarray(0, prefill).every((byte) => byte === 0x78)).toBe(true);
      expect(output.subarray(prefill).toString('utf8')).toBe(expected);
    },
  );
});
