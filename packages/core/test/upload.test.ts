/**
 * `upload()`, the use case, against a real @xltv/receiver over HTTP: options are checked
 * before anything is sent, events come in order, the receipt says what the server stored,
 * and a failure rejects with its receipt (or resolves with it under `softFail`).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';
import { Resolution, type CiAdapter, type Env } from '../src/adapter/index.js';
import { failure } from './helpers/errors.js';
import { upload, type UploadEvent, type UploadOptions } from '../src/index.js';

/** A CI of the tests' own, built with the adapter kit. */
const testCi: CiAdapter = {
  id: 'test-ci',
  name: 'Test CI',
  docsUrl: 'https://ci.example.com/docs',
  envVars: ['TEST_CI', 'TEST_CI_BUILD', 'TEST_CI_URL'],
  secretEnvVars: ['TEST_CI_TOKEN'],
  options: { testNote: { description: 'note the upload', skipped: 'no note' } },
  detect: (env: Env) => env.TEST_CI === 'true',
  resolve: (env: Env) => {
    const r = new Resolution('test-ci', env);
    return r
      .set('ciBuildNumber', r.read('TEST_CI_BUILD'))
      .set('ciBuildUrl', r.read('TEST_CI_URL'))
      .done();
  },
  afterUpload: async (context) =>
    context.options.testNote === true ? { done: `noted ${context.outcome.status}` } : undefined,
};
const ciEnv = {
  TEST_CI: 'true',
  TEST_CI_BUILD: '41',
  TEST_CI_URL: 'https://ci.example.com/41',
  TEST_CI_TOKEN: 'ci-token-0123456789',
};

let receiver: Receiver;
let work: string;
let requests = 0;

beforeAll(async () => {
  receiver = await startReceiver({
    contextRoot: '/xltest',
    user: 'uploader',
    password: 'pass-word-0123',
    specs: [
      {
        id: 'unit',
        title: 'Unit tests',
        testTool: { name: 'xlt.JUnit', defaultSearchPattern: 'results/**/*.xml' },
      },
    ],
    log: () => void requests++,
  });
  work = await mkdtemp(join(tmpdir(), 'xltv-core-upload-'));
  await mkdir(join(work, 'results', 'nested'), { recursive: true });
  await writeFile(
    join(work, 'results', 'TEST-a.xml'),
    '<testsuite name="a" tests="1"><testcase name="t"/></testsuite>',
  );
  await writeFile(
    join(work, 'results', 'nested', 'TEST-b.xml'),
    '<testsuite name="b"><testcase name="t"/></testsuite>',
  );
});
afterAll(async () => {
  await receiver.close();
  await rm(work, { recursive: true, force: true });
});
afterEach(() => receiver.clearFaults());

/** The options of a good upload of `results/`, plus `extra`. */
function options(extra: Partial<UploadOptions> = {}): UploadOptions {
  return {
    url: receiver.url,
    username: 'uploader',
    password: 'pass-word-0123',
    testSpec: 'unit',
    include: ['results/**/*.xml'],
    baseDir: work,
    retries: 1,
    ...extra,
  };
}

let fresh = 0;

/**
 * A directory of results never uploaded before (the receiver answers 304 to files it has):
 * `results/TEST-<n>.xml`, as `baseDir`.
 */
async function freshResults(): Promise<string> {
  const dir = join(work, `fresh-${++fresh}`);
  await mkdir(join(dir, 'results'), { recursive: true });
  await writeFile(
    join(dir, 'results', `TEST-${fresh}.xml`),
    `<testsuite name="${fresh}"><testcase name="t"/></testsuite>`,
  );
  return dir;
}

describe('upload: options are checked before anything is sent', () => {
  it.each([
    ['a URL that is not http(s)', { url: 'ftp://bob:hunter22@host/x' }, 'INVALID_URL', 'url'],
    ['a proxy that is not a URL', { proxy: 'proxy:3128' }, 'INVALID_URL', 'proxy'],
    ['no URL', { url: undefined }, 'INVALID_OPTION', 'url'],
    ['no test specification', { testSpec: undefined }, 'INVALID_OPTION', 'testSpec'],
    ['retries out of range', { retries: 21 }, 'INVALID_OPTION', 'retries'],
    ['a level out of range', { level: 10 }, 'INVALID_OPTION', 'level'],
    ['a zero timeout', { timeoutMs: 0 }, 'INVALID_OPTION', 'timeoutMs'],
    ['a title and an id', { testSpecTitle: 'Unit tests' }, 'INVALID_OPTION', 'testSpecTitle'],
    [
      'a title without a project',
      { testSpec: undefined, testSpecTitle: 'T' },
      'INVALID_OPTION',
      'testSpecTitle',
    ],
    ['a build result nobody uses', { buildResult: 'green' }, 'INVALID_OPTION', 'buildResult'],
    ['a blank file name', { saveRequest: ' ' }, 'INVALID_OPTION', 'saveRequest'],
    [
      'include as a string',
      { include: 'a.xml' as unknown as string[] },
      'INVALID_OPTION',
      'include',
    ],
    ['an unknown adapter id', { adapter: 'nope' }, 'UNKNOWN_CI', 'adapter'],
  ] as const)('rejects %s', async (_name, extra, code, option) => {
    const before = requests;
    const error = await failure(upload(options(extra)));
    expect(error.code).toBe(code);
    expect(error.details.option).toBe(option);
    expect(JSON.stringify(error.details)).not.toContain('hunter22');
    expect(requests, 'requests made').toBe(before);
  });

  it('names only the type of a value of the wrong type, never the value (it may be a secret)', async () => {
    const error = await failure(upload(options({ password: 98_765_432 as unknown as string })));
    expect(error.details).toEqual({
      option: 'password',
      rule: 'type',
      type: 'string',
      received: 'number',
    });
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain('98765432');
  });

  it('needs a test tool to create a missing test specification', async () => {
    const error = await failure(
      upload(
        options({
          testSpec: undefined,
          projectTitle: 'P',
          testSpecTitle: 'T',
          createMissing: true,
        }),
      ),
    );
    expect(error.details).toMatchObject({
      option: 'testTool',
      rule: 'missing',
      when: 'createMissing',
    });
  });
});

describe('upload: a good upload', () => {
  it('imports with the CI metadata, tells each step in order, and returns the receipt', async () => {
    const events: UploadEvent[] = [];
    const receipt = await upload(
      options({
        adapters: [testCi],
        env: ciEnv,
        meta: { team: 'core' },
        adapterOptions: { testNote: true },
        onEvent: (event) => events.push(event),
      }),
    );
    const stored = receiver.imports.at(-1);
    expect(stored?.metadata).toEqual({
      ciBuildNumber: '41',
      ciBuildUrl: 'https://ci.example.com/41',
      source: 'test-ci',
      team: 'core',
    });
    expect(stored?.entries.map((entry) => entry.path).sort()).toEqual([
      'results/TEST-a.xml',
      'results/nested/TEST-b.xml',
    ]);
    expect(receipt).toMatchObject({
      status: 'imported',
      url: `${receiver.url}/api/internal/import/unit`,
      testRunIds: stored?.testRunIds,
      files: 2,
      metadata: stored?.metadata,
      attempts: 1,
      warnings: [],
    });
    expect(receipt.bytes.zip).toBe(stored?.zip.size);
    const types = events.map((event) => event.type).filter((type) => type !== 'progress');
    expect(types).toEqual(['metadata', 'files', 'results', 'body', 'sending', 'sent', 'ci-done']);
    expect(events).toContainEqual({ type: 'ci-done', adapter: testCi, done: 'noted imported' });
    expect(events.some((event) => event.type === 'progress')).toBe(true);
  });

  it('reads no environment unless given one', async () => {
    process.env.XLTV_CI_BUILD_NUMBER = '77';
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    try {
      const receipt = await upload(options());
      expect(receipt.metadata).toEqual({ source: 'local' });
    } finally {
      delete process.env.XLTV_CI_BUILD_NUMBER;
      delete process.env.HTTPS_PROXY;
    }
  });

  it('takes the test specification by title on the v1 endpoint, creating it with createMissing', async () => {
    const receipt = await upload(
      options({
        testSpec: undefined,
        projectTitle: 'Library',
        testSpecTitle: 'Created by a library',
        createMissing: true,
        testTool: 'xlt.JUnit',
      }),
    );
    expect(receipt.status).toBe('imported');
    expect(receipt.url).toMatch(/\/api\/v1\/projects\/[^/]+\/testspecifications\/[^/]+\/testruns$/);
  });

  it("uses the test specification's default pattern when no include is given", async () => {
    const events: UploadEvent[] = [];
    const receipt = await upload(
      options({
        include: undefined,
        baseDir: await freshResults(),
        onEvent: (event) => events.push(event),
      }),
    );
    expect(receipt).toMatchObject({ status: 'imported', files: 1 });
    expect(events).toContainEqual({
      type: 'pattern',
      testSpec: 'unit',
      pattern: 'results/**/*.xml',
    });
    const unknown = options({ include: undefined, testSpec: 'no-such-spec', dryRun: true });
    expect((await failure(upload(unknown))).code).toBe('NO_PATTERNS');
  });

  it('answers nothing-new when the same files come again', async () => {
    const baseDir = await freshResults();
    expect((await upload(options({ baseDir }))).status).toBe('imported');
    expect((await upload(options({ baseDir }))).status).toBe('nothing-new');
  });

  it('dry-runs without a server, and writes the exact body with saveRequest', async () => {
    const before = requests;
    const saved = join(work, 'request.bin');
    const receipt = await upload({
      include: ['results/**/*.xml'],
      baseDir: work,
      dryRun: true,
      saveRequest: saved,
      meta: { team: 'dry' },
    });
    expect(receipt).toMatchObject({ status: 'dry-run', files: 2, metadata: { team: 'dry' } });
    expect(receipt.url).toBeUndefined();
    expect(requests).toBe(before);
    const body = await readFile(saved);
    expect(body.includes(Buffer.from('{"source":"local","team":"dry"}'))).toBe(true);
    expect(receipt.bytes.zip).toBeGreaterThan(0);
  });
});

describe('upload: failures', () => {
  it('rejects with the failed receipt attached, and resolves with it under softFail', async () => {
    const error = await failure(upload(options({ testSpec: 'missing', meta: { a: 1 } })));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.receipt).toMatchObject({
      status: 'failed',
      files: 2,
      attempts: 1,
      metadata: { source: 'local', a: 1 },
      error: { code: 'NOT_FOUND', status: 404 },
    });
    const soft = await upload(options({ testSpec: 'missing', softFail: true }));
    expect(soft).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
  });

  it('retries a transient failure, with a RETRY warning, and counts the attempts', async () => {
    receiver.inject({ type: 'fail', status: 503, count: 1 });
    const warnings: string[] = [];
    const receipt = await upload(
      options({
        baseDir: await freshResults(),
        onEvent: (event) => {
          if (event.type === 'warning') warnings.push(event.warning.code);
        },
      }),
    );
    expect(receipt).toMatchObject({ status: 'imported', attempts: 2 });
    expect(warnings).toEqual(['RETRY']);
    expect(receipt.warnings.map((warning) => warning.code)).toEqual(['RETRY']);
  });

  it('rejects with ABORTED when the signal fires, even under softFail', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(upload(options({ signal: controller.signal, softFail: true })));
    expect(error.code).toBe('ABORTED');
  });

  it('keeps every secret out of the receipt', async () => {
    const receipt = await upload(
      options({
        url: receiver.url.replace('://', '://uploader:pass-word-0123@'),
        password: undefined,
        username: undefined,
        adapters: [testCi],
        env: ciEnv,
        meta: { echo: `pass-word-0123 ${ciEnv.TEST_CI_TOKEN}` },
        baseDir: await freshResults(),
      }),
    );
    expect(receipt.status).toBe('imported');
    const text = JSON.stringify(receipt);
    expect(text).not.toContain('pass-word-0123');
    expect(text).not.toContain(ciEnv.TEST_CI_TOKEN);
    expect(receipt.url).toBe(`${receiver.url}/api/internal/import/unit`);
  });

  it('warns about an adapter option the CI does not have, and still uploads', async () => {
    const receipt = await upload(
      options({ adapterOptions: { testNote: true }, baseDir: await freshResults() }),
    );
    expect(receipt.status).toBe('imported');
    expect(receipt.warnings).toMatchObject([
      { code: 'CI_OPTION_UNSUPPORTED', details: { option: 'testNote', ci: 'local' } },
    ]);
  });
});
