/**
 * collectMetadata: the metadata an upload sends, layer by layer (adapter < API < XLTV_CI_* <
 * metaFile < meta < buildResult), with the origin of every value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Resolution, type CiAdapter, type Env } from '../src/adapter/index.js';
import { collectMetadata, type MetadataOptions } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'xltv-core-meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small CI whose API fills the job URL and, wrongly, a different build number. */
const fakeCi: CiAdapter = {
  id: 'fake-ci',
  name: 'Fake CI',
  docsUrl: 'https://example.com/docs',
  envVars: ['FAKE_CI', 'FAKE_BUILD', 'FAKE_URL'],
  options: { fakeNote: { description: 'note the upload', skipped: 'no note' } },
  detect: (env: Env) => env.FAKE_CI === 'yes',
  resolve: (env: Env) => {
    const r = new Resolution('fake-ci', env);
    return r
      .set('ciBuildNumber', r.read('FAKE_BUILD'))
      .set('ciBuildUrl', r.read('FAKE_URL'))
      .done();
  },
  enrich: async () => ({
    properties: { ciBuildNumber: '999', ciJobUrl: 'https://ci.example.com/job/x' },
  }),
};

/** Another CI, to choose by id. */
const otherCi: CiAdapter = {
  id: 'other-ci',
  name: 'Other CI',
  docsUrl: 'https://example.com/other',
  envVars: ['OTHER_JOB'],
  detect: () => false,
  resolve: (env: Env) => {
    const r = new Resolution('other-ci', env);
    return r.set('ciBuildNumber', r.read('OTHER_JOB')).done();
  },
};

function run(options: MetadataOptions, env: Env) {
  return collectMetadata({ adapters: [fakeCi, otherCi], ...options, env });
}

describe('collectMetadata', () => {
  it('sends source "local" and nothing else when no CI is detected', async () => {
    const collected = await run({}, {});
    expect(collected.metadata).toEqual({ source: 'local' });
    expect(collected.adapter).toBeUndefined();
    expect(collected.origins.source).toBe('no CI detected');
  });

  it('reads no environment unless given one', async () => {
    process.env.XLTV_CI_BUILD_NUMBER = '77';
    try {
      expect((await collectMetadata({})).metadata).toEqual({ source: 'local' });
    } finally {
      delete process.env.XLTV_CI_BUILD_NUMBER;
    }
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

  it('never calls the API with ciApi: false', async () => {
    const collected = await run({ ciApi: false }, { FAKE_CI: 'yes', FAKE_BUILD: '7' });
    expect(collected.metadata.ciJobUrl).toBeUndefined();
  });

  it('layers XLTV_CI_* < metaFile < meta < buildResult', async () => {
    const file = join(dir, 'meta.json');
    writeFileSync(file, JSON.stringify({ team: 'file', env: 'file', ciBuildResult: 'UNSTABLE' }));
    const collected = await run(
      { metaFile: file, meta: { env: 'flag', ciBuildResult: 'SUCCESS' }, buildResult: 'failure' },
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
      team: 'metaFile',
      env: 'meta',
      ciBuildResult: 'buildResult',
    });
  });

  it.each([
    ['success', 'SUCCESS'],
    ['Failed', 'FAILURE'],
    ['cancelled', 'ABORTED'],
    ['canceled', 'ABORTED'],
    ['unstable', 'UNSTABLE'],
    ['RUNNING', 'RUNNING'],
  ])('maps the build result %s to %s', async (given, expected) => {
    expect((await run({ buildResult: given }, {})).metadata.ciBuildResult).toBe(expected);
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

  it('sends no CI metadata with adapter "none", even from a CI and XLTV_CI_* variables', async () => {
    const collected = await run(
      { adapter: 'none', meta: { team: 'a' } },
      { FAKE_CI: 'yes', FAKE_BUILD: '7', XLTV_CI_BUILD_NUMBER: '5' },
    );
    expect(collected.metadata).toEqual({ source: 'local', team: 'a' });
    expect(collected.origins.source).toBe('adapter "none"');
  });

  it('uses the adapter given (object or id) instead of detecting', async () => {
    const env = { FAKE_CI: 'yes', OTHER_JOB: '31' };
    expect((await run({ adapter: 'other-ci' }, env)).metadata).toEqual({
      source: 'other-ci',
      ciBuildNumber: '31',
    });
    expect((await collectMetadata({ adapter: otherCi, env })).adapter?.id).toBe('other-ci');
  });

  it('warns about adapter options the CI does not have, or that cannot act without its API', async () => {
    const codes = async (options: MetadataOptions, env: Env) =>
      (await run(options, env)).warnings.map((warning) => [warning.code, warning.details?.option]);
    expect(await codes({ adapterOptions: { fakeNote: true } }, {})).toEqual([
      ['CI_OPTION_UNSUPPORTED', 'fakeNote'],
    ]);
    expect(
      await codes({ adapterOptions: { fakeNote: true }, ciApi: false }, { FAKE_CI: 'yes' }),
    ).toEqual([['CI_OPTION_NEEDS_API', 'fakeNote']]);
    expect(await codes({ adapterOptions: { fakeNote: true } }, { FAKE_CI: 'yes' })).toEqual([]);
  });

  it('rejects an unknown adapter id, a bad build result and invalid user metadata; keeps adapter warnings', async () => {
    await expect(run({ adapter: 'nope' }, {})).rejects.toMatchObject({
      code: 'UNKNOWN_CI',
      details: { value: 'nope', known: ['fake-ci', 'other-ci'] },
    });
    await expect(run({ buildResult: 'green' }, {})).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      details: { option: 'buildResult', rule: 'one-of', value: 'green' },
    });
    await expect(run({ meta: { _private: '1' } }, {})).rejects.toMatchObject({
      code: 'INVALID_METADATA',
    });
    await expect(run({ meta: { ciBuildUrl: 'not-a-url' } }, {})).rejects.toMatchObject({
      code: 'INVALID_METADATA',
    });
    const collected = await run({}, { FAKE_CI: 'yes', FAKE_URL: 'jenkins' });
    expect(collected.metadata.ciBuildUrl).toBeUndefined();
    expect(collected.warnings.map((warning) => warning.code)).toContain('ADAPTER_URL_DROPPED');
  });
});
