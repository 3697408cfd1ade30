/**
 * `inspect()`: the files an upload would send, read without a server: the summary, the
 * checks across files (a given tool, older runs), its warnings, strictness, and the CI's
 * summary with the summary file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resolution, type CiAdapter, type Env, type SummaryContext } from '../src/adapter/index.js';
import { inspect, type InspectEvent } from '../src/index.js';
import { failure } from './helpers/errors.js';

const TRX_NS = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';

function junit(timestamp: string, tests = 2): string {
  const cases = Array.from({ length: tests }, (_, n) =>
    n === 0
      ? `<testcase name="t0"><failure message="no"/></testcase>`
      : `<testcase name="t${n}" time="0.1"/>`,
  );
  return `<testsuite name="s" timestamp="${timestamp}">${cases.join('')}</testsuite>\n`;
}

const now = new Date().toISOString().slice(0, 19);
const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString().slice(0, 19);
const trx =
  `<TestRun id="1" xmlns="${TRX_NS}"><Times start="${new Date().toISOString()}"/><Results>` +
  `<UnitTestResult testName="A" outcome="Passed"/><UnitTestResult testName="B" outcome="NotExecuted"/>` +
  `</Results></TestRun>`;

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xltv-core-inspect-'));
  await mkdir(join(work, 'results', 'old'), { recursive: true });
  await writeFile(join(work, 'results', 'TEST-a.xml'), junit(now, 3));
  await writeFile(join(work, 'results', 'TEST-b.xml'), junit(now, 2));
  await writeFile(join(work, 'results', 'c.trx'), trx);
  await writeFile(join(work, 'results', 'old', 'TEST-old.xml'), junit(twoDaysAgo));
  await writeFile(join(work, 'results', 'TEST-bad.xml'), '<testsuite><testcase></testsuite>');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('inspect', () => {
  it('reads the selected files and adds them up, with no server', async () => {
    const events: InspectEvent[] = [];
    const report = await inspect({
      include: ['results/*.xml', 'results/*.trx'],
      exclude: ['**/TEST-bad.xml'],
      baseDir: work,
      onEvent: (event) => events.push(event),
    });
    expect(report.files.map((file) => file.name)).toEqual([
      'results/TEST-a.xml',
      'results/TEST-b.xml',
      'results/c.trx',
    ]);
    expect(report.results).toMatchObject({
      files: 3,
      tests: 7,
      passed: 4,
      failed: 2,
      skipped: 1,
      formats: { junit: 2, trx: 1 },
      problems: [],
    });
    expect(report.warnings).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['files', 'results']);
  });

  it('names the files a given tool will not read, one warning for them all', async () => {
    const report = await inspect({
      include: ['results/*.xml', 'results/*.trx'],
      exclude: ['**/TEST-bad.xml'],
      baseDir: work,
      testTool: 'xlt.JUnit',
    });
    expect(report.results.problems).toEqual([
      expect.objectContaining({ file: 'results/c.trx', code: 'TOOL_MISMATCH' }),
    ]);
    expect(report.warnings).toEqual([
      expect.objectContaining({
        code: 'RESULTS_TOOL_MISMATCH',
        details: {
          code: 'TOOL_MISMATCH',
          count: 1,
          files: ['results/c.trx'],
          format: 'trx',
          testTool: 'xlt.JUnit',
        },
      }),
    ]);
  });

  it('finds an older run, and with strictResults rejects after showing the summary', async () => {
    const options = { include: ['results/**/*.xml'], baseDir: work, exclude: ['**/TEST-bad.xml'] };
    const report = await inspect(options);
    expect(report.results.problems).toEqual([
      expect.objectContaining({ file: 'results/old/TEST-old.xml', code: 'MANY_RUNS' }),
    ]);
    const summaryFile = join(work, 'strict.md');
    const error = await failure(inspect({ ...options, strictResults: true, summaryFile }));
    expect(error.code).toBe('RESULTS_REFUSED');
    expect(error.details.problems).toEqual(report.results.problems);
    expect(await readFile(summaryFile, 'utf8')).not.toBe('');
  });

  it('reports a malformed file as a problem, and refuses it when strict', async () => {
    const options = { include: ['results/TEST-bad.xml'], baseDir: work };
    const report = await inspect(options);
    expect(report.results.problems).toEqual([
      expect.objectContaining({ file: 'results/TEST-bad.xml', code: 'MALFORMED' }),
    ]);
    expect(report.warnings.map((warning) => warning.code)).toEqual(['RESULTS_MALFORMED']);
    expect((await failure(inspect({ ...options, strictResults: true }))).code).toBe(
      'RESULTS_REFUSED',
    );
  });

  it("calls the CI's summarize without an outcome, and writes the summary file", async () => {
    let seen: SummaryContext | undefined;
    const ci: CiAdapter = {
      id: 'test-ci',
      name: 'Test CI',
      docsUrl: 'https://ci.example.com/docs',
      envVars: ['TEST_CI'],
      detect: (env: Env) => env.TEST_CI === 'true',
      resolve: (env: Env) => new Resolution('test-ci', env).done(),
      summarize: (context) => {
        seen = context;
        return Promise.resolve({ commands: ["##teamcity[message text='hi']"] });
      },
    };
    const events: InspectEvent[] = [];
    const summaryFile = join(work, 'summary.md');
    const report = await inspect({
      include: ['results/TEST-a.xml'],
      // Relative: the adapter gets the absolute directory the files' names are relative to.
      baseDir: relative(process.cwd(), work),
      adapters: [ci],
      env: { TEST_CI: 'true' },
      summaryFile,
      onEvent: (event) => events.push(event),
    });
    expect(seen?.results).toEqual(report.results);
    expect(seen?.baseDir).toBe(work);
    expect(seen?.outcome).toBeUndefined();
    expect(seen?.markdown).toBe(await readFile(summaryFile, 'utf8'));
    expect(events.at(-1)).toEqual({
      type: 'ci-commands',
      lines: ["##teamcity[message text='hi']"],
    });

    seen = undefined;
    await inspect({
      include: ['results/TEST-a.xml'],
      baseDir: work,
      adapters: [ci],
      env: { TEST_CI: 'true' },
      summary: false,
    });
    expect(seen).toBeUndefined();
  });

  it('checks its options before reading anything', async () => {
    expect((await failure(inspect({ include: [] }))).details).toMatchObject({
      option: 'include',
      rule: 'missing',
    });
    const span = await failure(inspect({ include: ['x'], runSpanMs: -1 }));
    expect(span.details).toMatchObject({ option: 'runSpanMs', rule: 'range' });
    expect((await failure(inspect({ include: ['x'], adapter: 'nope' }))).code).toBe('UNKNOWN_CI');
  });
});
