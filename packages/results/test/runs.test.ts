/**
 * One build, one run: files whose timestamps belong to an earlier run (older than the newest
 * run's span, or than the build's start) are found, oldest first, one problem each.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_SPAN_MS, findManyRuns } from '../src/index.js';
import type { FileResults, InspectedFile } from '../src/index.js';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const T0 = Date.parse('2024-03-11T12:00:00.000Z');

/** A file whose results ran from `from` to `to` (ms after T0), or have no time. */
function file(name: string, from?: number, to = from): InspectedFile {
  const results: FileResults = {
    format: 'junit',
    tests: 1,
    passed: 1,
    failed: 0,
    errors: 0,
    skipped: 0,
    flaky: 0,
    durationMs: undefined,
    earliest: from === undefined ? undefined : new Date(T0 + from),
    latest: to === undefined ? undefined : new Date(T0 + to),
    problems: [],
  };
  return { file: name, results };
}

describe('findManyRuns', () => {
  it('finds nothing when every file lies within one run, or none has a time', () => {
    expect(findManyRuns([])).toEqual({ staleFiles: [], problems: [] });
    const oneRun = [file('a.xml', 0), file('b.xml', 2 * HOUR, 3 * HOUR), file('c.xml', 5 * HOUR)];
    expect(findManyRuns(oneRun)).toEqual({ staleFiles: [], problems: [] });
    expect(findManyRuns([file('x.json'), file('y.json')]).staleFiles).toEqual([]);
  });

  it('has six hours as the default span of one run', () => {
    expect(DEFAULT_RUN_SPAN_MS).toBe(6 * HOUR);
    expect(findManyRuns([file('old.xml', 0), file('new.xml', 6 * HOUR)]).staleFiles).toEqual([]);
    expect(findManyRuns([file('old.xml', 0), file('new.xml', 6 * HOUR + 1)]).staleFiles).toEqual([
      'old.xml',
    ]);
  });

  it('names the stale files oldest first, each with a MANY_RUNS problem giving both times', () => {
    const files = [
      file('yesterday-2.xml', -20 * HOUR),
      file('now-1.xml', 0, 10 * MINUTE),
      file('untimed.json'),
      file('yesterday-1.xml', -24 * HOUR, -23 * HOUR),
      file('now-2.xml', 30 * MINUTE),
    ];
    const found = findManyRuns(files);
    expect(found.staleFiles).toEqual(['yesterday-1.xml', 'yesterday-2.xml']);
    expect(found.problems).toEqual([
      {
        file: 'yesterday-1.xml',
        code: 'MANY_RUNS',
        message: expect.stringContaining('2024-03-10T13:00:00.000Z') as string,
      },
      {
        file: 'yesterday-2.xml',
        code: 'MANY_RUNS',
        message: expect.stringContaining('2024-03-10T16:00:00.000Z') as string,
      },
    ]);
    for (const problem of found.problems)
      expect(problem.message).toContain('2024-03-11T12:00:00.000Z');
  });

  it('keeps a long file that overlaps the newest run, and the files within it', () => {
    const files = [
      file('soak.jtl', -10 * HOUR, 1 * HOUR),
      file('early.xml', -8 * HOUR),
      file('now.xml', 1 * HOUR),
    ];
    expect(findManyRuns(files).staleFiles).toEqual(['early.xml']);
  });

  it('takes a custom span', () => {
    const files = [file('a.xml', 0), file('b.xml', 90 * MINUTE)];
    expect(findManyRuns(files, { runSpanMs: HOUR }).staleFiles).toEqual(['a.xml']);
    expect(findManyRuns(files, { runSpanMs: 2 * HOUR }).staleFiles).toEqual([]);
  });

  it('finds files older than the build, allowing five minutes of clock skew', () => {
    const buildStartedAt = new Date(T0);
    const files = [
      file('skewed.xml', -4 * MINUTE),
      file('earlier-build.xml', -6 * MINUTE),
      file('now.xml', 10 * MINUTE),
      file('untimed.json'),
    ];
    const found = findManyRuns(files, { buildStartedAt });
    expect(found.staleFiles).toEqual(['earlier-build.xml']);
    expect(found.problems[0]?.message).toContain('2024-03-11T11:54:00.000Z');
    expect(found.problems[0]?.message).toContain('build started at 2024-03-11T12:00:00.000Z');
  });

  it('finds every file stale when all are older than the build', () => {
    const files = [file('b.xml', -2 * HOUR), file('a.xml', -3 * HOUR)];
    expect(findManyRuns(files, { buildStartedAt: new Date(T0) }).staleFiles).toEqual([
      'a.xml',
      'b.xml',
    ]);
  });

  it('copes with many thousand files', () => {
    const files = Array.from({ length: 200_000 }, (_, i) => file(`f${i}.xml`, i));
    expect(findManyRuns([...files, file('old.xml', -7 * HOUR)]).staleFiles).toEqual(['old.xml']);
  });
});
