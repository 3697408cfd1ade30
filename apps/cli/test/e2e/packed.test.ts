/**
 * The packed CLI: `pnpm pack`, then `npm i --offline` of that one tarball into an empty
 * directory (global setup). It needs nothing else from any registry, its bin works, and it
 * behaves as the built one: every exit code, receipts, CI detection.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { baseEnv, receiptOf, runXltv, workspaceAndReceiver } from './helpers.js';

const setup = workspaceAndReceiver();

const packed = { flavour: 'packed' as const };

describe('the packed CLI', () => {
  it('installs alone: no dependencies, only @xltv/cli in node_modules', () => {
    const dir = inject('packedDir');
    const manifest = JSON.parse(
      readFileSync(join(dir, 'node_modules/@xltv/cli/package.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
    expect(readdirSync(join(dir, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      '@xltv',
    ]);
    expect(readdirSync(join(dir, 'node_modules/@xltv'))).toEqual(['cli']);
  });

  it('runs through its bin, as npx does', () => {
    const bin = join(inject('packedDir'), 'node_modules', '.bin', 'xltv');
    const result = spawnSync(bin, ['--version'], { env: baseEnv(), encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('imports (0), then finds nothing new (3)', async () => {
    const args = [
      'upload',
      'results/**/*.xml',
      'results/**/*.json',
      '--url',
      setup.server.url,
      '--test-spec',
      'packed',
      '--json',
    ];
    const first = await runXltv(args, { ...packed, cwd: setup.ws });
    expect(first.code, first.stderr).toBe(0);
    expect(receiptOf(first)).toMatchObject({
      status: 'imported',
      files: 4,
      testRunIds: setup.server.imports[0]?.testRunIds,
    });
    const second = await runXltv(args, { ...packed, cwd: setup.ws });
    expect(second.code).toBe(3);
    expect(receiptOf(second).status).toBe('nothing-new');
  });

  it('streams, and dry-runs', async () => {
    const stream = await runXltv(
      [
        'upload',
        'results/junit/*.xml',
        '--url',
        setup.server.url,
        '--test-spec',
        'packed-stream',
        '--stream',
      ],
      {
        ...packed,
        cwd: setup.ws,
      },
    );
    expect(stream.code, stream.stderr).toBe(0);
    expect(setup.server.imports.at(-1)?.request.transfer).toBe('chunked');
    const dry = await runXltv(['upload', 'results/**/*.xml', '--dry-run', '--json'], {
      ...packed,
      cwd: setup.ws,
    });
    expect(receiptOf(dry).status).toBe('dry-run');
  });

  it('exits 2 on bad input and 1 on a failed upload', async () => {
    const usage = await runXltv(
      ['upload', 'none/*.xml', '--url', setup.server.url, '--test-spec', 'x', '--json'],
      { ...packed, cwd: setup.ws },
    );
    expect(usage.code).toBe(2);
    expect(receiptOf(usage).error?.code).toBe('NO_FILES');
    setup.server.inject({ type: 'fail', status: 500, count: 2 });
    const failed = await runXltv(
      [
        'upload',
        'results/**/*.xml',
        '--url',
        setup.server.url,
        '--test-spec',
        'x',
        '--retries',
        '1',
        '--json',
      ],
      {
        ...packed,
        cwd: setup.ws,
      },
    );
    expect(failed.code).toBe(1);
    expect(receiptOf(failed)).toMatchObject({
      attempts: 2,
      error: { code: 'SERVER_ERROR', status: 500 },
    });
  });

  it('detects a CI', async () => {
    const run = await runXltv(['env', '--json', '--no-ci-api'], {
      ...packed,
      env: { GITLAB_CI: 'true', CI_JOB_ID: '7', CI_SERVER_URL: 'https://gitlab.example.com' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ ci: { id: 'gitlab' }, metadata: { source: 'gitlab' } });
  });
});
