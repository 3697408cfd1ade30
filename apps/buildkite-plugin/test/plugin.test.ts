/**
 * The plugin as Buildkite runs it: test/pre-exit.bats drives hooks/pre-exit against a real
 * receiver with the CLI packed from this commit, and plugin.yml is checked against the shape
 * Buildkite's plugin schema asks for.
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

const pluginDir = fileURLToPath(new URL('../', import.meta.url));
// Both resolved as the packages they are, wherever pnpm links them.
const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@xltv/cli/package.json'));
const bats = join(dirname(require.resolve('bats/package.json')), 'bin', 'bats');
const fixtures = join(pluginDir, '../../packages/adapters/buildkite/test/fixtures.json');
const password = 'bk-s3cret-password';

let receiver: Receiver;
let tmp: string;
let tarball: string;

beforeAll(async () => {
  if (!existsSync(join(cliDir, 'dist', 'xltv.js'))) {
    throw new Error('apps/cli/dist is missing: build first (pnpm --filter @xltv/cli... build)');
  }
  tmp = mkdtempSync(join(tmpdir(), 'xltv-buildkite-'));
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

describe('hooks/pre-exit', () => {
  it('passes test/pre-exit.bats against the receiver', async () => {
    const run = await runBats([join(pluginDir, 'test', 'pre-exit.bats')], {
      // Only what a job has: no node_modules/.bin (no xltv on PATH), no CI of our own.
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

/** Run bats with TAP output; asynchronous, since the receiver answers from this process. */
function runBats(
  files: string[],
  env: Record<string, string | undefined>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bats, ['--tap', ...files], { cwd: pluginDir, env, timeout: 150_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface Property {
  type?: string;
  default?: unknown;
  oneOf?: Array<{ type: string }>;
}

describe('plugin.yml', () => {
  const plugin = parse(readFileSync(join(pluginDir, 'plugin.yml'), 'utf8')) as {
    name: string;
    description: string;
    author: string;
    requirements: string[];
    configuration: { properties: Record<string, Property>; additionalProperties: boolean };
  };

  it('has the fields of a Buildkite plugin and a closed configuration schema', () => {
    expect(plugin.name).toBeTruthy();
    expect(plugin.description).toBeTruthy();
    expect(plugin.author).toMatch(/^https:\/\//);
    expect(plugin.requirements).toEqual(['node', 'npx']);
    expect(plugin.configuration.additionalProperties).toBe(false);
    for (const [key, property] of Object.entries(plugin.configuration.properties)) {
      expect(key).toMatch(/^[a-z]+(-[a-z]+)*$/);
      const types = property.oneOf?.map(({ type }) => type) ?? [property.type];
      expect(types.every((type) => ['string', 'array', 'boolean'].includes(String(type)))).toBe(
        true,
      );
    }
    expect(plugin.configuration.properties.patterns?.oneOf?.map(({ type }) => type)).toEqual([
      'string',
      'array',
    ]);
  });

  it('pins the CLI of this release', () => {
    const cli = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const pinned = `@xltv/cli@${cli.version}`;
    expect(plugin.configuration.properties['cli-package']?.default).toBe(pinned);
    expect(readFileSync(join(pluginDir, 'hooks', 'pre-exit'), 'utf8')).toContain(
      `pkg=\${pkg:-${pinned}}`,
    );
  });

  it('reads every option the schema declares, and no other', () => {
    const hook = readFileSync(join(pluginDir, 'hooks', 'pre-exit'), 'utf8');
    const read = new Set(
      [...hook.matchAll(/(?:option|add_each --\w+) ([A-Z_]+)|prefix\}([A-Z_]+)"/g)].map(
        ([, a, b]) => (a ?? b ?? '').toLowerCase().replaceAll('_', '-'),
      ),
    );
    expect([...read].sort()).toEqual(Object.keys(plugin.configuration.properties).sort());
  });
});
