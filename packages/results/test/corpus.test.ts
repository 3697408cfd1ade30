/**
 * Every file of the corpus (test/corpus/<format>/…) read through `inspect()` and compared with
 * its expected counts in test/corpus/expected.json, one flat entry per corpus path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInspector, inspect } from '../src/index.js';
import type { FileResults } from '../src/index.js';

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));

/** What the manifest states about one file; absent fields are absent from the results too. */
interface Expected {
  readonly format: string | null;
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  readonly flaky: number;
  readonly durationMs?: number;
  readonly earliest?: string;
  readonly latest?: string;
  /** The problems' codes, in order. */
  readonly problems: readonly string[];
}

const manifest = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;

/** A file's results in the manifest's shape. */
function asExpected(results: FileResults): Expected {
  return {
    format: results.format ?? null,
    tests: results.tests,
    passed: results.passed,
    failed: results.failed,
    errors: results.errors,
    skipped: results.skipped,
    flaky: results.flaky,
    ...(results.durationMs === undefined ? {} : { durationMs: results.durationMs }),
    ...(results.earliest === undefined ? {} : { earliest: results.earliest.toISOString() }),
    ...(results.latest === undefined ? {} : { latest: results.latest.toISOString() }),
    problems: results.problems.map((problem) => problem.code),
  };
}

function corpusFiles(dir = CORPUS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return corpusFiles(path);
    return [relative(CORPUS, path).split(sep).join('/')];
  });
}

const files = Object.keys(manifest);

describe('the result corpus', () => {
  it('lists every corpus file in the manifest', () => {
    expect(
      corpusFiles()
        .filter((file) => file !== 'expected.json')
        .sort(),
    ).toEqual([...files].sort());
  });

  it.each(files)('%s', (file) => {
    const results = inspect(file, readFileSync(join(CORPUS, file)));
    expect(asExpected(results)).toEqual(manifest[file]);
  });

  it.each(files)('%s gives the same results in 1-byte chunks', (file) => {
    const bytes = readFileSync(join(CORPUS, file));
    const inspector = createInspector(file);
    for (let i = 0; i < bytes.length; i++) inspector.write(bytes.subarray(i, i + 1));
    expect(inspector.end()).toEqual(inspect(file, bytes));
  });
});
