/**
 * The summary of many files (the receipt's `results`): sums, formats, every file's problems
 * with its name, then the problems found across files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findManyRuns, inspect, summarize } from '../src/index.js';
import type { InspectedFile } from '../src/index.js';

const corpus = (path: string): InspectedFile => ({
  file: path,
  results: inspect(path, readFileSync(new URL(`./corpus/${path}`, import.meta.url))),
});

describe('summarize', () => {
  it('adds up the files of several formats', () => {
    const files = [
      corpus('cucumber/cucumber-jvm.json'),
      corpus('jmeter-csv/results.csv'),
      corpus('gatling/2.2/simulation.log'),
      corpus('gatling/3.0/simulation.log'),
    ];
    expect(summarize(files)).toEqual({
      files: 4,
      tests: 7 + 5 + 4 + 3,
      passed: 2 + 3 + 3 + 2,
      failed: 3 + 2 + 1 + 1,
      errors: 0,
      skipped: 2,
      flaky: 0,
      durationMs: 50 + 31559 + 550 + 370,
      formats: { cucumber: 1, 'jmeter-csv': 1, gatling: 2 },
      problems: [],
    });
  });

  it("lists each file's problems under its name, then the extra ones as given", () => {
    const files = [
      corpus('cucumber/truncated.json'),
      corpus('cucumber/not-cucumber.json'),
      corpus('gatling/2.0/simulation.log'), // 2015: a run long before the 2024 one
      corpus('gatling/2.2/simulation.log'),
    ];
    const runs = findManyRuns(files);
    const summary = summarize(files, runs.problems);
    expect(summary.problems.map(({ file, code }) => [file, code])).toEqual([
      ['cucumber/truncated.json', 'TRUNCATED'],
      ['cucumber/not-cucumber.json', 'UNKNOWN_FORMAT'],
      ['gatling/2.0/simulation.log', 'MANY_RUNS'],
    ]);
    expect(summary.problems[0]).toMatchObject({
      line: expect.any(Number) as number,
      column: expect.any(Number) as number,
    });
    expect(summary.formats).toEqual({ cucumber: 1, gatling: 2 });
  });

  it('leaves durationMs out when no file gives one', () => {
    const summary = summarize([corpus('cucumber/no-features-ran.json')]);
    expect(summary).not.toHaveProperty('durationMs');
    expect(summary).toMatchObject({ files: 1, tests: 0, problems: [{ code: 'EMPTY' }] });
    expect(summarize([])).toMatchObject({ files: 0, tests: 0, formats: {}, problems: [] });
  });
});
