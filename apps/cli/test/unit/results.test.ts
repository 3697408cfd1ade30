/**
 * Reading the result files, as the CLI shows it: the flags of `upload` and `inspect` mapped to
 * core's options, the line of counts, the RESULTS_* warnings and the refusal of
 * `--strict-results`, each in the CLI's words.
 */
import { describe, expect, it } from 'vitest';
import { XltvError, isXltvError, type Receipt } from '@xltv/core';
import { inspectFromFlags, uploadFromFlags } from '../../src/options.js';
import { exitCodeForError } from '../../src/boundary.js';
import { renderError } from '../../src/render/errors.js';
import {
  renderProblems,
  renderResultsLine,
  type ResultsSummary,
} from '../../src/render/results.js';
import { renderUploadSummary } from '../../src/render/upload.js';
import { PLAIN } from '../../src/render/style.js';
import { renderWarning } from '../../src/render/warnings.js';
import { Reporter } from '../../src/reporter.js';

function summary(overrides: Partial<ResultsSummary> = {}): ResultsSummary {
  return {
    files: 5,
    tests: 1234,
    passed: 1200,
    failed: 30,
    errors: 0,
    skipped: 4,
    flaky: 0,
    formats: { junit: 5 },
    problems: [],
    ...overrides,
  };
}

describe('flags → core options', () => {
  it('upload reads the files and shows summaries unless told not to', () => {
    const { options } = uploadFromFlags({}, [], {});
    expect(options).toMatchObject({ results: true, strictResults: false, summary: true });
    expect(options.runSpanMs).toBeUndefined();
    expect(options.summaryFile).toBeUndefined();
  });

  it('maps --no-results, --strict-results, --run-span, --no-summary and --summary-file', () => {
    const { options, origins } = uploadFromFlags(
      {
        results: false,
        strictResults: true,
        runSpan: '90m',
        summary: false,
        summaryFile: 'summary.md',
      },
      [],
      {},
    );
    expect(options).toMatchObject({
      results: false,
      strictResults: true,
      runSpanMs: 90 * 60_000,
      summary: false,
      summaryFile: 'summary.md',
    });
    expect(origins).toMatchObject({ runSpanMs: 'flag', summaryFile: 'flag' });
  });

  it('takes XLTV_RUN_SPAN and XLTV_SUMMARY_FILE when no flag is given, the flag over them', () => {
    const env = { XLTV_RUN_SPAN: '2h', XLTV_SUMMARY_FILE: '/tmp/s.md' };
    const fromEnv = uploadFromFlags({}, [], env);
    expect(fromEnv.options).toMatchObject({ runSpanMs: 7_200_000, summaryFile: '/tmp/s.md' });
    expect(fromEnv.origins).toMatchObject({
      runSpanMs: 'XLTV_RUN_SPAN',
      summaryFile: 'XLTV_SUMMARY_FILE',
    });
    const fromFlag = uploadFromFlags({ runSpan: '1d', summaryFile: 'here.md' }, [], env);
    expect(fromFlag.options).toMatchObject({ runSpanMs: 86_400_000, summaryFile: 'here.md' });
  });

  it('refuses a --run-span without a unit, naming the variable it came from', () => {
    let error: unknown;
    try {
      uploadFromFlags({}, [], { XLTV_RUN_SPAN: '6' });
    } catch (caught) {
      error = caught;
    }
    expect(isXltvError(error, 'INVALID_OPTION')).toBe(true);
    const rendered = renderError(error, { origins: { runSpanMs: 'XLTV_RUN_SPAN' } });
    expect(rendered.message).toContain('--run-span (XLTV_RUN_SPAN)');
    expect(rendered.message).toContain('a duration with a unit');
  });

  it('inspect takes the selection, the reading and the CI, and nothing of the server', () => {
    const { options, origins } = inspectFromFlags(
      {
        include: ['b/*.trx'],
        exclude: ['**/skip.xml'],
        baseDir: 'build',
        allowEmpty: true,
        maxFiles: '10',
        maxBytes: '2M',
        testTool: 'xlt.JUnit',
        strictResults: true,
        runSpan: '30m',
        summary: false,
        summaryFile: 'out.md',
        ci: 'github-actions',
      },
      ['a/*.xml'],
      { XLTV_URL: 'https://ignored.example.com' },
    );
    expect(options).toMatchObject({
      include: ['a/*.xml', 'b/*.trx'],
      exclude: ['**/skip.xml'],
      baseDir: 'build',
      allowEmpty: true,
      maxFiles: 10,
      maxBytes: 2 * 1024 ** 2,
      testTool: 'xlt.JUnit',
      strictResults: true,
      runSpanMs: 30 * 60_000,
      summary: false,
      summaryFile: 'out.md',
      adapter: 'github-actions',
    });
    expect(options.adapters?.length).toBeGreaterThan(20);
    expect(options).not.toHaveProperty('url');
    expect(origins).toMatchObject({ include: 'flag', adapter: 'flag' });
  });

  it('inspect reads XLTV_INCLUDE, XLTV_CI and the limits from the environment', () => {
    const { options } = inspectFromFlags({}, [], {
      XLTV_INCLUDE: 'x/*.xml',
      XLTV_CI: 'none',
      XLTV_MAX_FILES: '7',
    });
    expect(options).toMatchObject({
      include: ['x/*.xml'],
      adapter: 'none',
      maxFiles: 7,
      strictResults: false,
      summary: true,
    });
  });
});

describe('the line of counts', () => {
  it('groups digits en-US and names one format without its count', () => {
    expect(renderResultsLine(summary())).toBe(
      '1,234 tests: 1,200 passed, 30 failed, 4 skipped in 5 files (JUnit)',
    );
  });

  it('leaves out categories at zero, but passed', () => {
    expect(
      renderResultsLine(summary({ tests: 3, passed: 0, failed: 0, skipped: 3, files: 1 })),
    ).toBe('3 tests: 0 passed, 3 skipped in 1 file (JUnit)');
    expect(
      renderResultsLine(summary({ tests: 1, passed: 1, failed: 0, skipped: 0, files: 1 })),
    ).toBe('1 test: 1 passed in 1 file (JUnit)');
  });

  it('shows errors and flaky tests when there are any', () => {
    expect(
      renderResultsLine(
        summary({
          tests: 1_234_567,
          passed: 1_234_000,
          failed: 500,
          errors: 2,
          skipped: 65,
          flaky: 3,
        }),
      ),
    ).toBe(
      '1,234,567 tests: 1,234,000 passed (3 flaky), 500 failed, 2 errors, 65 skipped in 5 files (JUnit)',
    );
    expect(renderResultsLine(summary({ errors: 1 }))).toContain(', 1 error,');
  });

  it('counts each format when there are several, most files first, by display name', () => {
    const line = renderResultsLine(
      summary({ files: 1206, formats: { trx: 1, junit: 3, 'jmeter-csv': 1202 } }),
    );
    expect(line).toMatch(/ in 1,206 files \(JMeter CSV 1,202, JUnit 3, TRX 1\)$/);
    for (const [format, name] of [
      ['testng', 'TestNG'],
      ['nunit', 'NUnit'],
      ['cucumber', 'Cucumber'],
      ['jmeter-xml', 'JMeter XML'],
      ['gatling', 'Gatling'],
      ['fitnesse', 'FitNesse'],
    ] as const) {
      expect(renderResultsLine(summary({ formats: { [format]: 2 } }))).toMatch(
        new RegExp(` \\(${name}\\)$`),
      );
    }
  });

  it('has no parentheses when no file was in a known format', () => {
    expect(
      renderResultsLine(summary({ tests: 0, passed: 0, failed: 0, skipped: 0, formats: {} })),
    ).toBe('0 tests: 0 passed in 5 files');
  });

  it('is a row of the upload summary, and absent with --no-results', () => {
    const receipt: Receipt = {
      status: 'imported',
      testRunIds: ['run-1'],
      files: 5,
      bytes: { files: 1000, zip: 500 },
      results: summary(),
      metadata: {},
      attempts: 1,
      durationMs: 10,
      warnings: [],
    };
    const text = renderUploadSummary(receipt, { source: 'local' }, PLAIN);
    expect(text).toMatch(
      /\n {2}results +1,234 tests: 1,200 passed, 30 failed, 4 skipped in 5 files \(JUnit\)\n/,
    );
    const { results: _results, ...without } = receipt;
    expect(_results).toBeDefined();
    expect(renderUploadSummary(without, { source: 'local' }, PLAIN)).not.toContain('tests:');
  });

  it('lists problems with their position, and how many more there are', () => {
    const problems = Array.from({ length: 12 }, (_, index) => ({
      file: `r/${index}.xml`,
      code: 'MALFORMED' as const,
      message: 'unclosed tag',
      line: index + 1,
      column: 4,
    }));
    const lines = renderProblems(problems, 10);
    expect(lines[0]).toBe('r/0.xml:1:4: MALFORMED: unclosed tag');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('… and 2 more problems');
    expect(renderProblems([{ file: 'a.trx', code: 'EMPTY', message: 'no test' }])).toEqual([
      'a.trx: EMPTY: no test',
    ]);
  });
});

describe('RESULTS_* warnings name the count, the first files and the fix', () => {
  const files = ['r/a.trx', 'r/b.trx', 'r/c.trx', 'r/d.trx'];

  it('TOOL_MISMATCH names the format, the tool and what it reads', () => {
    expect(
      renderWarning({
        code: 'RESULTS_TOOL_MISMATCH',
        message: 'core default',
        details: { count: 3, files: files.slice(0, 3), format: 'trx', testTool: 'xlt.JUnit' },
      }),
    ).toBe(
      "3 files are TRX (r/a.trx, r/b.trx, r/c.trx) but the test specification's tool xlt.JUnit reads JUnit XML: fix --include or pick a TRX test specification.",
    );
  });

  it('TOOL_MISMATCH with a custom tool does not guess what it reads', () => {
    const text = renderWarning({
      code: 'RESULTS_TOOL_MISMATCH',
      message: 'core default',
      details: { count: 1, files: ['x.xml'], format: 'junit', testTool: 'acme.Custom' },
    });
    expect(text).toContain('1 file is JUnit (x.xml)');
    expect(text).toContain('acme.Custom does not read them');
  });

  it.each([
    [
      'RESULTS_MALFORMED',
      /^4 files are not well-formed \(r\/a.trx, r\/b.trx, r\/c.trx, …\).*--exclude.*--strict-results/,
    ],
    [
      'RESULTS_TRUNCATED',
      /^4 files are cut short \(r\/a.trx, .*, …\).*after the tests have finished/,
    ],
    ['RESULTS_EMPTY', /^4 files hold no test \(.*\): did the tests run\?/],
    [
      'RESULTS_UNKNOWN_FORMAT',
      /^4 files are in no result format XL TestView reads \(.*\)\. Narrow the patterns/,
    ],
    [
      'STALE_RESULTS_LEFT_OUT',
      /^--fresh-only left out 4 files of earlier test runs \(r\/a.trx, r\/b.trx, r\/c.trx, …\)\.$/,
    ],
  ])('%s', (code, words) => {
    const text = renderWarning({ code, message: 'core default', details: { count: 4, files } });
    expect(text).toMatch(words);
  });

  it('MANY_RUNS names the files of the earlier run and the three ways out', () => {
    const text = renderWarning({
      code: 'RESULTS_MANY_RUNS',
      message: 'core default',
      details: { code: 'MANY_RUNS', count: 2, files: ['old/a.xml', 'old/b.xml'] },
    });
    expect(text).toMatch(
      /^2 files hold results of an earlier test run than the newest \(old\/a.xml, old\/b.xml\)/,
    );
    expect(text).toMatch(/Clean the results directory.*--fresh-only.*--run-span/);
  });

  it('TOOL_MISMATCH without the format or the tool still says what to do', () => {
    const text = renderWarning({
      code: 'RESULTS_TOOL_MISMATCH',
      message: 'core default',
      details: { code: 'TOOL_MISMATCH', count: 2, files: ['a.trx', 'b.trx'] },
    });
    expect(text).toBe(
      "2 files are in a format the test specification's tool does not read (a.trx, b.trx): XL TestView would skip them. Fix --include, or pick a test specification whose tool reads them (`xltv specs` shows each one's tool).",
    );
  });

  it('LIMIT and COUNT_MISMATCH say what the counts miss', () => {
    const details = { count: 1, files: ['deep.xml'] };
    expect(renderWarning({ code: 'RESULTS_LIMIT', message: 'x', details })).toMatch(
      /^1 file was read only in part \(deep.xml\)/,
    );
    expect(renderWarning({ code: 'RESULTS_COUNT_MISMATCH', message: 'x', details })).toMatch(
      /^1 file states totals .* differ from the test cases it holds \(deep.xml\); the counts shown are those of the test cases\.$/,
    );
  });

  it('one file reads in the singular', () => {
    const text = renderWarning({
      code: 'RESULTS_EMPTY',
      message: 'core default',
      details: { count: 1, files: ['r/empty.xml'] },
    });
    expect(text).toMatch(/^1 file holds no test \(r\/empty.xml\)/);
  });
});

describe('--strict-results refusing to send', () => {
  const problems = Array.from({ length: 11 }, (_, index) => ({
    file: `r/f${index % 6}.xml`,
    code: index === 0 ? ('TOOL_MISMATCH' as const) : ('MALFORMED' as const),
    message: index === 0 ? 'xlt.Trx does not read JUnit' : 'unexpected end of tag',
    ...(index === 0 ? {} : { line: index, column: 2 }),
  }));
  const error = new XltvError('RESULTS_REFUSED', 'refused', { problems });

  it('lists the first ten problems and the fix', () => {
    const rendered = renderError(error);
    expect(rendered.message).toMatch(
      /^--strict-results refuses 6 result files with problems; nothing was sent:/,
    );
    expect(rendered.message).toContain(
      '\n    r/f0.xml: TOOL_MISMATCH: xlt.Trx does not read JUnit',
    );
    expect(rendered.message).toContain('\n    r/f3.xml:9:2: MALFORMED: unexpected end of tag');
    expect(rendered.message).not.toContain(':10:2:');
    expect(rendered.message).toContain('… and 1 more problem');
    expect(rendered.hint).toMatch(/Fix the files.*drop --strict-results/);
  });

  it('one problem reads in the singular', () => {
    const one = new XltvError('RESULTS_REFUSED', 'refused', { problems: problems.slice(1, 2) });
    expect(renderError(one).message).toBe(
      '--strict-results refuses 1 result file with a problem; nothing was sent:\n    r/f1.xml:1:2: MALFORMED: unexpected end of tag',
    );
  });

  it('exits 2, an input error found before anything was sent', () => {
    expect(exitCodeForError(error)).toBe(2);
  });
});

describe('--strict-results with --no-results', () => {
  it('names both switches and no value', () => {
    const rendered = renderError(
      new XltvError('INVALID_OPTION', 'strictResults: conflict', {
        option: 'strictResults',
        rule: 'conflict',
        with: 'results',
      }),
    );
    expect(rendered.message).toBe('--strict-results and --no-results exclude each other.');
    expect(rendered.hint).toBe('Drop one of them.');
  });
});

describe('inspect without patterns', () => {
  it('says to pass the files, not the name of an internal option', () => {
    const rendered = renderError(
      new XltvError('INVALID_OPTION', 'include: missing', { option: 'include', rule: 'missing' }),
    );
    expect(rendered.message).toBe(
      'No file patterns given: inspect needs the result files to read.',
    );
    expect(rendered.hint).toContain("xltv inspect 'build/test-results/**/*.xml'");
  });
});

describe('CI commands', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    const reporter = new Reporter(
      {
        env: {},
        stdout: { write: (chunk: string) => out.push(chunk) > 0 },
        stderr: { write: (chunk: string) => err.push(chunk) > 0 },
      },
      'quiet',
    );
    return { reporter, out, err };
  }

  it('go to stdout as they are, even with --quiet', () => {
    const { reporter, out, err } = capture();
    reporter.ciCommands(
      ['::notice title=XL TestView::1 test: 1 passed', '##vso[task.complete]'],
      false,
    );
    expect(out.join('')).toBe(
      '::notice title=XL TestView::1 test: 1 passed\n##vso[task.complete]\n',
    );
    expect(err).toEqual([]);
  });

  it('go to stderr when stdout carries JSON', () => {
    const { reporter, out, err } = capture();
    reporter.ciCommands(["##teamcity[buildStatisticValue key='tests' value='3']"], true);
    expect(out).toEqual([]);
    expect(err.join('')).toBe("##teamcity[buildStatisticValue key='tests' value='3']\n");
  });
});
