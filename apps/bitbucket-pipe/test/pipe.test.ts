/**
 * The pipe as Bitbucket runs it: test/pipe.bats drives pipe.sh against a real receiver with the
 * CLI packed from this commit; pipe.yml and the Dockerfile are checked for what a pipe needs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startReceiver, type Receiver } from '@xltv/receiver';

const pipeDir = fileURLToPath(new URL('../', import.meta.url));
// Both resolved as the packages they are, wherever pnpm links them.
const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@xltv/cli/package.json'));
const bats = join(dirname(require.resolve('bats/package.json')), 'bin', 'bats');
const fixtures = join(pipeDir, '../../packages/adapters/bitbucket-pipelines/test/fixtures.json');
const password = 'bb-s3cret-password';
const cliVersion = (
  JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

let receiver: Receiver;
let tmp: string;
let tarball: string;

beforeAll(async () => {
  if (!existsSync(join(cliDir, 'dist', 'xltv.js'))) {
    throw new Error('apps/cli/dist is missing: build first (pnpm --filter @xltv/cli... build)');
  }
  tmp = mkdtempSync(join(tmpdir(), 'xltv-bitbucket-'));
  const packed = spawnSync('pnpm', ['pack', '--pack-destination', tmp], {
    cwd: cliDir,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`pnpm pack failed: ${packed.stderr}`);
  const name = readdirSync(tmp).find((file) => file.endsWith('.tgz'));
  if (!name) throw new Error(`pnpm pack wrote no tarball into ${tmp}`);
  tarball = join(tmp, name);
  receiver = await startReceiver({ contextRoot: '/xltest', user: 'ci', password, log: () => {} });
});

afterAll(async () => {
  await receiver?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Run bats with TAP output; asynchronous, since the receiver answers from this process. */
function runBats(
  files: string[],
  env: Record<string, string | undefined>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bats, ['--tap', ...files], { cwd: pipeDir, env, timeout: 150_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('pipe.sh', () => {
  it('passes test/pipe.bats against the receiver', async () => {
    const run = await runBats([join(pipeDir, 'test', 'pipe.bats')], {
      // Only what a step has: no node_modules/.bin (no xltv on PATH), no CI of our own.
      PATH: process.env.PATH?.split(':')
        .filter((dir) => !dir.includes('node_modules'))
        .join(':'),
      HOME: process.env.HOME ?? tmp,
      TMPDIR: tmpdir(),
      LANG: 'C.UTF-8',
      // Its own npm cache: the tarball installs once, offline, and nothing else is touched.
      npm_config_cache: join(tmp, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      XLTV_TEST_URL: receiver.url,
      XLTV_TEST_CLI: tarball,
      XLTV_TEST_FIXTURES: fixtures,
      XLTV_TEST_PASSWORD: password,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^1\.\.6$/m);
    expect(run.stdout).not.toMatch(/^not ok/m);
  }, 180_000);
});

describe('pipe.yml', () => {
  const pipe = parse(readFileSync(join(pipeDir, 'pipe.yml'), 'utf8')) as {
    name: string;
    image: string;
    category: string;
    description: string;
    variables: Array<{ name: string; default?: string; secret?: boolean }>;
  };
  const script = readFileSync(join(pipeDir, 'pipe.sh'), 'utf8');

  it('names the image of this release and a category', () => {
    const version = (
      JSON.parse(readFileSync(join(pipeDir, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(pipe.name).toBeTruthy();
    expect(pipe.description).toBeTruthy();
    expect(pipe.category).toBe('Testing');
    expect(pipe.image).toBe(`xltv/bitbucket-pipe:${version}`);
  });

  it('declares every variable pipe.sh and the CLI read, and no other', () => {
    const read = new Set(
      [...script.matchAll(/\$\{([A-Z][A-Z_]+?)(?::-[^}]*)?\}|^list ([A-Z_]+)/gm)].map(
        ([, a, b]) => a ?? b ?? '',
      ),
    );
    // Read by the CLI itself, from the pipe's environment.
    for (const name of ['XLTV_URL', 'XLTV_USERNAME', 'XLTV_PASSWORD']) read.add(name);
    expect(pipe.variables.map(({ name }) => name).sort()).toEqual([...read].sort());
    expect(pipe.variables.find(({ name }) => name === 'XLTV_PASSWORD')?.secret).toBe(true);
    expect(pipe.variables.find(({ name }) => name === 'XLTV_CLI_PACKAGE')?.default).toBe(
      `@xltv/cli@${cliVersion}`,
    );
    expect(script).toContain(`\${XLTV_CLI_PACKAGE:-@xltv/cli@${cliVersion}}`);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(pipeDir, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));

  it('pins the base image by exact version and the CLI of this release', () => {
    const from = instructions.filter((line) => line.startsWith('FROM '));
    expect(from).toHaveLength(1);
    expect(from[0]).toMatch(/^FROM node:\d+\.\d+\.\d+-[a-z0-9.-]+$/);
    expect(dockerfile).toContain(`@xltv/cli@${cliVersion} `);
    expect(dockerfile).not.toMatch(/@xltv\/cli(?!@\d+\.\d+\.\d+\s)/);
  });

  it('runs pipe.sh as a user other than root', () => {
    const users = instructions.filter((line) => line.startsWith('USER '));
    expect(users.at(-1)).toMatch(/^USER (?!root\b|0\b)\S+$/);
    expect(instructions).toContain('COPY --chmod=0755 pipe.sh /pipe.sh');
    expect(instructions.at(-1)).toBe('ENTRYPOINT ["/pipe.sh"]');
  });
});
