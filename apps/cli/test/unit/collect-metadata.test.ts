import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Resolution, type CiAdapter, type Env } from '@xltv/core';
import { collectMetadata } from '../../src/collect-metadata.js';
import { resolveMetadataOptions, type RawMetadataFlags } from '../../src/options.js';
import { ADAPTERS } from '../../src/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'xltv-cli-meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small CI whose API fills the job URL and, wrongly, a different build number. */
const fakeCi: CiAdapter = {
  id: 'fake-ci',
  name: 'Fake CI',
  docsUrl: 'https://example.com/docs',
  envVars: ['FAKE_CI', 'FAKE_BUILD', 'FAKE_URL'],
  detect: (env: Env) => env.FAKE_CI === 'yes',
  resolve: (env: Env) =>
    new Resolution('fake-ci', env)
      .set('ciBuildNumber', new Resolution('fake-ci', env).read('FAKE_BUILD'))
      .set('ciBuildUrl', new Resolution('fake-ci', env).read('FAKE_URL'))
      .done(),
  enrich: async () => ({
    properties: { ciBuildNumber: '999', ciJobUrl: 'https://ci.example.com/job/x' },
  }),
};

function run(
  flags: RawMetadataFlags,
  env: Env,
  adapters: readonly CiAdapter[] = [fakeCi, ...ADAPTERS],
) {
  return collectMetadata(resolveMetadataOptions(flags, env), adapters, env);
}

describe('the metadata pipeline', () => {
  it('sends source "local" and nothing else when no CI is detected', async () => {
    const collected = await run({}, {});
    expect(collected.metadata).toEqual({ source: 'local' });
    expect(collected.adapter).toBeUndefined();
    expect(collected.origins.source).toBe('no CI detected');
  });

  it('uses the detected adapter, and lets its API fill only the gaps', async () => {
    const collected = await run({}, { FAKE_CI: 'yes', FAKE_BUILD: '7' });
    expect(collected.adapter?.id).toBe('fake-ci');
    expect(collected.metadata).toMatchObject({
      source: 'fake-ci',
      ciBuildNumber: '7',
      ciJobUrl: 'https://ci.example.com/job/x',
    });
    expect(collected.origins).toMatchObject({ ciBuildNumber: 'FAKE_BUILD', ciJobUrl: 'api' });
  });

  it('never calls the API with --no-ci-api', async () => {
    const collected = await run({ ciApi: false }, { FAKE_CI: 'yes', FAKE_BUILD: '7' });
    expect(collected.metadata.ciJobUrl).toBeUndefined();
  });

  it('layers generic XLTV_CI_* < --meta-file < --meta < --build-result', async () => {
    const file = join(dir, 'meta.json');
    writeFileSync(file, JSON.stringify({ team: 'file', env: 'file', ciBuildResult: 'UNSTABLE' }));
    const collected = await run(
      { metaFile: file, meta: ['env=flag', 'ciBuildResult=SUCCESS'], buildResult: 'failure' },
      { FAKE_CI: 'yes', FAKE_BUILD: '7', XLTV_CI_BUILD_NUMBER: '8' },
    );
    expect(collected.metadata).toMatchObject({
      source: 'fake-ci',
      ciBuildNumber: '8',
      team: 'file',
      env: 'flag',
      ciBuildResult: 'FAILURE',
    });
    expect(collected.origins).toMatchObject({
      ciBuildNumber: 'XLTV_CI_BUILD_NUMBER',
      team: 'meta-file',
      env: 'flag',
      ciBuildResult: 'flag',
    });
  });

  it('gives source "generic" (or XLTV_CI_SOURCE) when only XLTV_CI_* variables describe the CI', async () => {
    const generic = await run(
      {},
      { XLTV_CI_BUILD_NUMBER: '5', XLTV_CI_BUILD_URL: 'https://ci.example.com/5' },
    );
    expect(generic.metadata).toEqual({
      source: 'generic',
      ciBuildNumber: '5',
      ciBuildUrl: 'https://ci.example.com/5',
    });
    expect(generic.generic).toBe(true);
    const named = await run({}, { XLTV_CI_SOURCE: 'gocd', XLTV_CI_BUILD_NUMBER: '5' });
    expect(named.metadata).toEqual({ source: 'gocd', ciBuildNumber: '5' });
    expect(named.origins.source).toBe('XLTV_CI_SOURCE');
  });

  it('sends no CI metadata with --ci none, even from a CI and XLTV_CI_* variables', async () => {
    const collected = await run(
      { ci: 'none', meta: ['team=a'] },
      { FAKE_CI: 'yes', FAKE_BUILD: '7', XLTV_CI_BUILD_NUMBER: '5' },
    );
    expect(collected.metadata).toEqual({ source: 'local', team: 'a' });
    expect(collected.origins.source).toBe('--ci none');
  });

  it('uses the adapter chosen by --ci / XLTV_CI instead of detecting', async () => {
    const collected = await run({}, { XLTV_CI: 'gitlab', FAKE_CI: 'yes', CI_JOB_ID: '31' }, [
      fakeCi,
      ...ADAPTERS,
    ]);
    expect(collected.adapter?.id).toBe('gitlab');
    expect(collected.metadata.source).toBe('gitlab');
  });

  it('rejects an unknown --ci, invalid user metadata, and keeps adapter warnings', async () => {
    await expect(run({ ci: 'nope' }, {})).rejects.toMatchObject({
      code: 'UNKNOWN_CI',
      details: { value: 'nope' },
    });
    await expect(run({ meta: ['_private=1'] }, {})).rejects.toMatchObject({
      code: 'INVALID_METADATA',
    });
    await expect(run({ meta: ['ciBuildUrl=not-a-url'] }, {})).rejects.toMatchObject({
      code: 'INVALID_METADATA',
    });
    const collected = await run({}, { FAKE_CI: 'yes', FAKE_URL: 'jenkins' });
    expect(collected.metadata.ciBuildUrl).toBeUndefined();
    expect(collected.warnings.map((warning) => warning.code)).toContain('ADAPTER_URL_DROPPED');
  });
});
