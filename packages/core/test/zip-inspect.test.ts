// Every file inspected while it is zipped, on the zip's worker threads, from the bytes the
// zip reads: one result per file, right even when a file is many blocks spread over the
// pool, and the zip's bytes the same with inspection or without, for any number of workers.
import { randomBytes } from 'node:crypto';
import { buffer as collect } from 'node:stream/consumers';
import type { FileResults } from '@xltv/results';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SelectedFile } from '../src/files.js';
import { prepareImportBody } from '../src/multipart.js';
import { createZipStream } from '../src/zip.js';
import { makeScratch, type Scratch } from './helpers/files.js';
import { unzip } from './helpers/unzip.js';

const BLOCK_BYTES = 4 * 1024;

interface Counts {
  readonly tests: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
}

/** A JUnit report of `counts.tests` cases: failures, errors and skips first, the rest passed. */
function junit(suite: string, counts: Counts): string {
  const cases: string[] = [];
  for (let n = 0; n < counts.tests; n++) {
    const name = `  <testcase classname="${suite}" name="case ${n} ${'x'.repeat(n % 50)}" time="0.01"`;
    if (n < counts.failed)
      cases.push(`${name}><failure message="no">at line ${n}</failure></testcase>`);
    else if (n < counts.failed + counts.errors)
      cases.push(`${name}><error message="boom"/></testcase>`);
    else if (n < counts.failed + counts.errors + counts.skipped)
      cases.push(`${name}><skipped/></testcase>`);
    else cases.push(`${name}/>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${suite}" tests="${counts.tests}" failures="${counts.failed}" errors="${counts.errors}" skipped="${counts.skipped}" timestamp="2026-12-01T10:00:00">\n${cases.join('\n')}\n</testsuite>\n`;
}

/**
 * `size` random bytes behind a NUL, so no run can take them for XML or JSON (about one in a
 * hundred random buffers starts with `<`, `{`, `[` or blanks before them).
 */
function binary(size: number): Buffer {
  return Buffer.concat([Buffer.from([0]), randomBytes(size - 1)]);
}

function expectCounts(results: FileResults | undefined, counts: Counts): void {
  expect(results).toMatchObject({
    format: 'junit',
    ...counts,
    passed: counts.tests - counts.failed - counts.errors - counts.skipped,
    problems: [],
  });
}

/** Zip `files`, collecting what each is found to hold, by index. */
async function zipAndInspect(
  files: readonly SelectedFile[],
  options: { workers: number; level?: number; blockBytes?: number },
): Promise<{ zip: Buffer; inspected: Map<number, FileResults>; calls: number[] }> {
  const inspected = new Map<number, FileResults>();
  const calls: number[] = [];
  const stream = await createZipStream(files, {
    level: options.level ?? 1,
    workers: options.workers,
    blockBytes: options.blockBytes ?? BLOCK_BYTES,
    onInspected: (index, results) => {
      calls.push(index);
      inspected.set(index, results);
    },
  });
  return { zip: await collect(stream), inspected, calls };
}

describe('createZipStream with onInspected', () => {
  let scratch: Scratch;
  /** Small JUnit reports, an empty file, a file of no result format, and big reports. */
  let files: SelectedFile[];
  const small: Counts[] = [
    { tests: 3, failed: 1, errors: 0, skipped: 1 },
    { tests: 1, failed: 0, errors: 0, skipped: 0 },
    { tests: 7, failed: 2, errors: 1, skipped: 0 },
  ];
  // Hundreds of cases: each report is dozens of 4 KiB blocks.
  const big: Counts[] = [
    { tests: 1500, failed: 17, errors: 3, skipped: 40 },
    { tests: 900, failed: 0, errors: 9, skipped: 1 },
    { tests: 1200, failed: 100, errors: 0, skipped: 0 },
  ];

  beforeAll(async () => {
    scratch = await makeScratch();
    files = [
      await scratch.file('a/TEST-one.xml', junit('one', small[0]!)),
      await scratch.file('a/TEST-two.xml', junit('two', small[1]!)),
      await scratch.file('b/big-0.xml', junit('big0', big[0]!)),
      await scratch.file('b/empty.xml', ''),
      await scratch.file('b/big-1.xml', junit('big1', big[1]!)),
      await scratch.file('c/notes.bin', binary(3 * BLOCK_BYTES + 5)),
      await scratch.file('c/TEST-three.xml', junit('three', small[2]!)),
      await scratch.file('d/big-2.xml', junit('big2', big[2]!)),
    ];
  });
  afterAll(async () => scratch.cleanup());

  it('reports every file once, by its index in files, with what it holds', async () => {
    expect(files[2]!.size).toBeGreaterThan(20 * BLOCK_BYTES);
    const { inspected, calls } = await zipAndInspect(files, { workers: 4 });
    expect([...calls].sort((a, b) => a - b)).toEqual(files.map((_, index) => index));
    expectCounts(inspected.get(0), small[0]!);
    expectCounts(inspected.get(1), small[1]!);
    expectCounts(inspected.get(2), big[0]!);
    expect(inspected.get(3)?.problems.map((problem) => problem.code)).toEqual(['EMPTY']);
    expectCounts(inspected.get(4), big[1]!);
    expect(inspected.get(5)).toMatchObject({ format: undefined, tests: 0 });
    expect(inspected.get(5)?.problems.map((problem) => problem.code)).toEqual(['UNKNOWN_FORMAT']);
    expectCounts(inspected.get(6), small[2]!);
    expectCounts(inspected.get(7), big[2]!);
    // A Date crosses from the worker as a Date.
    expect(inspected.get(0)?.earliest).toBeInstanceOf(Date);
  });

  it('inspects the bytes that are zipped, stored as deflated', async () => {
    const { zip, inspected } = await zipAndInspect(files, { workers: 2, level: 0 });
    expectCounts(inspected.get(2), big[0]!);
    expectCounts(inspected.get(7), big[2]!);
    const { entries } = await unzip(zip);
    expect(entries.map((entry) => entry.name)).toEqual(files.map((file) => file.name));
    expect(entries.every((entry) => entry.method === 0 && entry.crcOk)).toBe(true);
  });

  it('keeps the zip byte for byte the same with and without inspection, for 1, 2 and 4 workers', async () => {
    const plain = await collect(
      await createZipStream(files, { workers: 1, blockBytes: BLOCK_BYTES }),
    );
    for (const workers of [1, 2, 4]) {
      const { zip, inspected } = await zipAndInspect(files, { workers });
      expect(zip.equals(plain), `${workers} workers`).toBe(true);
      expectCounts(inspected.get(2), big[0]!);
      const without = await collect(
        await createZipStream(files, { workers, blockBytes: BLOCK_BYTES }),
      );
      expect(without.equals(plain), `${workers} workers, not inspected`).toBe(true);
    }
  });

  it('inspects many big entries interleaved with small ones on a single worker', async () => {
    const many: SelectedFile[] = [];
    const expected: Counts[] = [];
    for (let i = 0; i < 12; i++) {
      const counts =
        i % 3 === 0
          ? { tests: 400 + i * 10, failed: i, errors: 1, skipped: 2 }
          : { tests: 2, failed: i % 2, errors: 0, skipped: 0 };
      expected.push(counts);
      many.push(
        await scratch.file(`many/${String(i).padStart(2, '0')}.xml`, junit(`m${i}`, counts)),
      );
    }
    const { inspected, calls } = await zipAndInspect(many, { workers: 1 });
    expect(calls).toEqual(many.map((_, index) => index));
    expected.forEach((counts, index) => expectCounts(inspected.get(index), counts));
  });

  it('gives the inspector blocks that stay as read while it holds them', async () => {
    // Blank space longer than a few blocks: the inspector keeps the first blocks until it
    // sees what kind of file this is, while the worker reads the next ones.
    const counts = { tests: 40, failed: 3, errors: 0, skipped: 2 };
    const report = junit('blank', counts).replace(/^<\?xml[^>]*>\n/, ' '.repeat(3000));
    const file = await scratch.file('blank-start.xml', report);
    const { inspected } = await zipAndInspect([file], { workers: 1, blockBytes: 1024 });
    expectCounts(inspected.get(0), counts);
  });

  it('has every file inspected when a spooled body is ready', async () => {
    const seen = new Map<number, FileResults>();
    const body = await prepareImportBody({
      metadata: {},
      files,
      tmpDir: await scratch.subdir('spool'),
      onInspected: (index, results) => seen.set(index, results),
    });
    try {
      expect([...seen.keys()].sort((a, b) => a - b)).toEqual(files.map((_, index) => index));
      expectCounts(seen.get(7), big[2]!);
    } finally {
      await body.dispose();
    }
  });
});

describe('inspection that cannot be done', () => {
  afterEach(() => {
    vi.doUnmock('./setup/inspect-worker-url.js');
    vi.resetModules();
  });

  it('fails loudly when the inspecting worker is missing', async () => {
    vi.resetModules();
    vi.doMock('./setup/inspect-worker-url.js', () => ({
      INSPECT_WORKER_URL: new URL('file:///nonexistent/xltv/zip-worker.js'),
    }));
    const { createZipStream: zipWithoutWorker } = await import('../src/zip.js');
    await expect(zipWithoutWorker([], { onInspected: () => undefined })).rejects.toMatchObject({
      code: 'ZIP_FAILED',
      details: { worker: 'file:///nonexistent/xltv/zip-worker.js' },
    });
  });
});
