/**
 * `upload()` reads the results of the files it sends, against a real @xltv/receiver over
 * HTTP: the receipt's counts, the problems across files (the tool, older runs), `freshOnly`
 * leaving an older run out of the zip, `strictResults` refusing before anything is sent,
 * `results: false`, and the CI's summary with its commands and the summary file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';
import {
  Resolution,
  type AfterUploadContext,
  type CiAdapter,
  type Env,
  type SummaryContext,
} from '../src/adapter/index.js';
import { prepareImportBody } from '../src/multipart.js';
import type * as Multipart from '../src/multipart.js';
import { upload, type UploadEvent, type UploadOptions } from '../src/index.js';
import { failure } from './helpers/errors.js';

// The real body builder, watched: which options the upload gave it.
vi.mock('../src/multipart.js', async (importOriginal) => {
  const actual = await importOriginal<typeof Multipart>();
  return { ...actual, prepareImportBody: vi.fn(actual.prepareImportBody) };
});

const TRX_NS = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';
let unique = 0;

/** A JUnit file of 3 tests (1 passed, 1 failed, 1 skipped) run at `timestamp`. */
function junit(timestamp = new Date().toISOString().slice(0, 19)): string {
  const name = `suite-${++unique}-${Math.random()}`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuite name="${name}" tests="3" failures="1" errors="0" skipped="1" timestamp="${timestamp}">\n` +
    `  <testcase classname="${name}" name="passes" time="0.5"/>\n` +
    `  <testcase classname="${name}" name="fails" time="0.25"><failure message="no">at x</failure></testcase>\n` +
    `  <testcase classname="${name}" name="skips"><skipped/></testcase>\n` +
    `</testsuite>\n`
  );
}

/** A TRX file of 2 tests (1 passed, 1 failed). */
function trx(): string {
  const start = new Date().toISOString();
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<TestRun id="${++unique}-${Math.random()}" name="run" xmlns="${TRX_NS}">\n` +
    `  <Times creation="${start}" start="${start}" finish="${start}"/>\n` +
    `  <Results>\n` +
    `    <UnitTestResult testId="a" testName="A" outcome="Passed" duration="00:00:01.000" startTime="${start}"/>\n` +
    `    <UnitTestResult testId="b" testName="B" outcome="Failed" duration="00:00:00.500" startTime="${start}"/>\n` +
    `  </Results>\n` +
    `</TestRun>\n`
  );
}

/** A CI of the tests' own that records what core gives its hooks. */
const seen: { summary?: SummaryContext; afterUpload?: AfterUploadContext } = {};
const testCi: CiAdapter = {
  id: 'test-ci',
  name: 'Test CI',
  docsUrl: 'https://ci.example.com/docs',
  envVars: ['TEST_CI'],
  detect: (env: Env) => env.TEST_CI === 'true',
  resolve: (env: Env) => new Resolution('test-ci', env).done(),
  afterUpload: (context) => {
    seen.afterUpload = context;
    return Promise.resolve();
  },
  summarize: (context) => {
    seen.summary = context;
    return Promise.resolve({
      commands: [`::notice::${context.results.tests} tests`],
      done: 'the summary shows the results',
    });
  },
};

let receiver: Receiver;
let work: string;
/** The requests that reached the import endpoints. */
let posts = 0;

beforeAll(async () => {
  receiver = await startReceiver({
    specs: [
      {
        id: 'unit',
        title: 'Unit tests',
        testTool: { name: 'xlt.JUnit', defaultSearchPattern: 'results/**/*.xml' },
      },
    ],
    log: (line) => void (line.startsWith('POST') && posts++),
  });
  work = await mkdtemp(join(tmpdir(), 'xltv-core-results-'));
});
afterAll(async () => {
  await receiver.close();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  vi.mocked(prepareImportBody).mockClear();
  delete seen.summary;
  delete seen.afterUpload;
});

let dirs = 0;

/** A base directory holding `files` (name → content) under `results/`. */
async function results(files: Record<string, string>): Promise<string> {
  const dir = join(work, `run-${++dirs}`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, 'results', name, '..'), { recursive: true });
    await writeFile(join(dir, 'results', name), content);
  }
  return dir;
}

function options(baseDir: string, extra: Partial<UploadOptions> = {}): UploadOptions {
  return {
    url: receiver.url,
    testSpec: 'unit',
    include: ['results/**/*.xml', 'results/**/*.trx'],
    baseDir,
    retries: 0,
    ...extra,
  };
}

const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString().slice(0, 19);

describe('upload: the results of the files sent', () => {
  it('counts JUnit and TRX in the receipt, names the file the tool will not read, and tells afterUpload', async () => {
    const events: UploadEvent[] = [];
    const baseDir = await results({ 'TEST-a.xml': junit(), 'b.trx': trx() });
    const receipt = await upload(
      options(baseDir, {
        adapter: testCi,
        env: { TEST_CI: 'true' },
        onEvent: (event) => events.push(event),
      }),
    );
    expect(receipt.status).toBe('imported');
    expect(receipt.results).toMatchObject({
      files: 2,
      tests: 5,
      passed: 2,
      failed: 2,
      errors: 0,
      skipped: 1,
      formats: { junit: 1, trx: 1 },
    });
    expect(receipt.results?.problems).toEqual([
      expect.objectContaining({ file: 'results/b.trx', code: 'TOOL_MISMATCH' }),
    ]);
    expect(receipt.warnings).toContainEqual(
      expect.objectContaining({
        code: 'RESULTS_TOOL_MISMATCH',
        details: {
          code: 'TOOL_MISMATCH',
          count: 1,
          files: ['results/b.trx'],
          format: 'trx',
          testTool: 'xlt.JUnit',
        },
      }),
    );
    // The receipt's keys in their documented order: results after bytes.
    expect(Object.keys(receipt).slice(0, 7)).toEqual([
      'status',
      'url',
      'testRunIds',
      'files',
      'bytes',
      'results',
      'metadata',
    ]);
    const types = events.map((event) => event.type).filter((type) => type !== 'progress');
    expect(types.indexOf('results')).toBeGreaterThan(types.indexOf('files'));
    expect(types.indexOf('results')).toBeLessThan(types.indexOf('sending'));
    expect(seen.afterUpload?.outcome.results).toEqual(receipt.results);
  });

  it('reads the files while zipping them, from the bytes the zip reads', async () => {
    await upload(options(await results({ 'TEST-a.xml': junit() })));
    const given = vi.mocked(prepareImportBody).mock.calls[0]?.[0];
    expect(typeof given?.onInspected).toBe('function');
  });

  it('tells results from a streamed upload after sending', async () => {
    const events: UploadEvent[] = [];
    const receipt = await upload(
      options(await results({ 'TEST-a.xml': junit() }), {
        stream: true,
        onEvent: (event) => events.push(event),
      }),
    );
    expect(receipt.results).toMatchObject({ files: 1, tests: 3, failed: 1 });
    const types = events.map((event) => event.type);
    expect(types.indexOf('results')).toBeGreaterThan(types.indexOf('sent'));
  });

  it('finds an older run among the files (MANY_RUNS), and sends them all', async () => {
    const baseDir = await results({ 'TEST-old.xml': junit(twoDaysAgo), 'TEST-new.xml': junit() });
    const receipt = await upload(options(baseDir));
    expect(receipt.files).toBe(2);
    expect(receipt.results?.problems).toEqual([
      expect.objectContaining({ file: 'results/TEST-old.xml', code: 'MANY_RUNS' }),
    ]);
    expect(receipt.warnings.map((warning) => warning.code)).toContain('RESULTS_MANY_RUNS');
  });

  it.each([false, true])(
    'leaves the older run out of the zip with freshOnly (stream: %s)',
    async (stream) => {
      const baseDir = await results({
        'TEST-old.xml': junit(twoDaysAgo),
        'TEST-new.xml': junit(),
      });
      const receipt = await upload(options(baseDir, { freshOnly: true, stream }));
      expect(receipt.status).toBe('imported');
      const stored = receiver.imports.at(-1);
      expect(stored?.entries.map((entry) => entry.path)).toEqual(['results/TEST-new.xml']);
      expect(receipt).toMatchObject({ files: 1, results: { files: 1, tests: 3, problems: [] } });
      expect(receipt.bytes.files).toBe(
        Buffer.byteLength(await readFile(join(baseDir, 'results/TEST-new.xml'))),
      );
      expect(receipt.warnings).toContainEqual(
        expect.objectContaining({
          code: 'STALE_RESULTS_LEFT_OUT',
          details: { code: 'MANY_RUNS', count: 1, files: ['results/TEST-old.xml'] },
        }),
      );
    },
  );
});

describe('upload: results from before the build started', () => {
  const startedCi: CiAdapter = {
    ...testCi,
    resolve: (env: Env) =>
      new Resolution('test-ci', env).done({ buildStartedAt: new Date(Date.now() - 3600_000) }),
  };
  const ci = { adapter: startedCi, env: { TEST_CI: 'true' } };

  it('are an older run, and with freshOnly leaving every file out is NO_FILES', async () => {
    const files = { 'TEST-a.xml': junit(twoDaysAgo), 'TEST-b.xml': junit(twoDaysAgo) };
    const receipt = await upload(options(await results(files), ci));
    expect(receipt.results?.problems.map((problem) => problem.code)).toEqual([
      'MANY_RUNS',
      'MANY_RUNS',
    ]);
    const before = posts;
    const error = await failure(upload(options(await results(files), { ...ci, freshOnly: true })));
    expect(error.code).toBe('NO_FILES');
    expect(error.details).toMatchObject({ staleDropped: 2 });
    expect(posts - before, 'import requests').toBe(0);
  });
});

describe('upload: strictResults', () => {
  it.each([false, true])(
    'refuses a malformed file before anything is sent (stream: %s)',
    async (stream) => {
      const before = posts;
      const imports = receiver.imports.length;
      const baseDir = await results({
        'TEST-good.xml': junit(),
        'TEST-bad.xml': '<testsuite name="bad"><testcase name="x"></testsuite>',
      });
      const error = await failure(upload(options(baseDir, { strictResults: true, stream })));
      expect(error.code).toBe('RESULTS_REFUSED');
      expect(error.details.problems).toEqual([
        expect.objectContaining({ file: 'results/TEST-bad.xml', code: 'MALFORMED' }),
      ]);
      expect(error.receipt).toMatchObject({
        status: 'failed',
        error: { code: 'RESULTS_REFUSED' },
        results: { files: 2 },
      });
      expect(posts - before, 'import requests').toBe(0);
      expect(receiver.imports.length).toBe(imports);
    },
  );

  it('sends files whose problems it does not refuse (an empty file)', async () => {
    const baseDir = await results({ 'TEST-a.xml': junit(), 'TEST-empty.xml': '<testsuite/>' });
    const receipt = await upload(options(baseDir, { strictResults: true }));
    expect(receipt.status).toBe('imported');
    expect(receipt.results?.problems.map((problem) => problem.code)).toEqual(['EMPTY']);
  });
});

describe('upload: results: false', () => {
  it('reads nothing, and the receipt has no results', async () => {
    const events: UploadEvent[] = [];
    const receipt = await upload(
      options(await results({ 'TEST-empty.xml': `<testsuite name="${++unique}"/>` }), {
        results: false,
        onEvent: (event) => events.push(event),
      }),
    );
    expect(receipt.status).toBe('imported');
    expect('results' in receipt).toBe(false);
    expect(events.some((event) => event.type === 'results')).toBe(false);
    expect(receipt.warnings).toEqual([]);
    const given = vi.mocked(prepareImportBody).mock.calls[0]?.[0];
    expect(given).toBeDefined();
    expect(given && 'onInspected' in given).toBe(false);
  });

  it('cannot be strict without reading', async () => {
    const error = await failure(upload(options(work, { results: false, strictResults: true })));
    expect(error.details).toMatchObject({ option: 'strictResults', rule: 'conflict' });
    const file = await failure(upload(options(work, { results: false, summaryFile: 'x.md' })));
    expect(file.details).toMatchObject({ option: 'summaryFile', rule: 'conflict' });
    const span = await failure(upload(options(work, { runSpanMs: 0 })));
    expect(span.details).toMatchObject({ option: 'runSpanMs', rule: 'range' });
  });
});

describe('upload: summaries', () => {
  it("calls the adapter's summarize with the Markdown and the outcome; its commands become an event", async () => {
    const events: UploadEvent[] = [];
    const summaryFile = join(work, 'summary.md');
    const baseDir = await results({ 'TEST-a.xml': junit() });
    const receipt = await upload(
      options(relative(process.cwd(), baseDir), {
        adapter: testCi,
        env: { TEST_CI: 'true' },
        summaryFile,
        onEvent: (event) => events.push(event),
      }),
    );
    expect(seen.summary).toMatchObject({
      env: { TEST_CI: 'true' },
      // Absolute, whatever was given: the directory the problems' files are relative to.
      baseDir,
      results: receipt.results,
      outcome: { status: 'imported', testRunIds: receipt.testRunIds, targetUrl: receipt.url },
    });
    expect(seen.summary?.signal).toBeInstanceOf(AbortSignal);
    expect(seen.summary?.markdown).toBe(await readFile(summaryFile, 'utf8'));
    expect(seen.summary?.markdown).toMatch(/3/);
    expect(events).toContainEqual({ type: 'ci-commands', lines: ['::notice::3 tests'] });
    expect(events).toContainEqual({
      type: 'ci-done',
      adapter: testCi,
      done: 'the summary shows the results',
    });
  });

  it('shows the summary of a refused upload as failed, and none with summary: false', async () => {
    const baseDir = await results({ 'TEST-bad.xml': '<testsuite><testcase></testsuite>' });
    const ci = { adapter: testCi, env: { TEST_CI: 'true' } };
    await failure(upload(options(baseDir, { ...ci, strictResults: true })));
    expect(seen.summary?.outcome?.status).toBe('failed');
    delete seen.summary;
    const dry = await upload(
      options(await results({ 'TEST-a.xml': junit() }), { ...ci, summary: false, dryRun: true }),
    );
    expect(dry.results?.tests).toBe(3);
    expect(seen.summary).toBeUndefined();
  });

  it('warns when the summary file cannot be written, and still imports', async () => {
    const receipt = await upload(
      options(await results({ 'TEST-a.xml': junit() }), {
        summaryFile: join(work, 'no-such-dir', 'summary.md'),
      }),
    );
    expect(receipt.status).toBe('imported');
    expect(receipt.warnings).toContainEqual(
      expect.objectContaining({
        code: 'SUMMARY_FILE_FAILED',
        details: expect.objectContaining({ reason: 'ENOENT' }),
      }),
    );
  });
});
