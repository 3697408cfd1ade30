// The main thread's side of the upload thread (src/startup/upload-thread.ts); the thread
// itself, signals and terminals are tested end to end (test/e2e/signals.test.ts,
// test/e2e/terminal.test.ts) with the built bin.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runUploadThread } from '../../src/startup/upload-thread.js';

const dir = mkdtempSync(join(tmpdir(), 'xltv-upload-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

function workerFile(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

describe('runUploadThread', () => {
  it('runs the thread with the arguments and a capped young generation, and takes its exit code', async () => {
    const file = workerFile(
      'report.mjs',
      [
        "import { getHeapStatistics } from 'node:v8';",
        "import { writeFileSync } from 'node:fs';",
        `writeFileSync(${JSON.stringify(join(dir, 'report.json'))}, JSON.stringify({`,
        '  argv: process.argv.slice(2),',
        '  heapLimit: getHeapStatistics().heap_size_limit,',
        '}));',
        'process.exitCode = 7;',
      ].join('\n'),
    );
    const crashes: Error[] = [];
    let inProcess = 0;
    await runUploadThread(
      ['upload', 'results/**'],
      file,
      (error) => crashes.push(error),
      async () => {
        inProcess++;
      },
    );
    expect(process.exitCode).toBe(7);
    expect(crashes).toEqual([]);
    expect(inProcess).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      argv: string[];
      heapLimit: number;
    };
    expect(report.argv).toEqual(['upload', 'results/**']);
    // The thread's heap limit is its own: smaller than this thread's by the young generation.
    expect(report.heapLimit).toBeLessThan(getHeapStatistics().heap_size_limit);
    // No signal listener is left behind.
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });

  it('reports a thread that failed, and exits 1', async () => {
    const crashes: Error[] = [];
    await runUploadThread(
      ['upload'],
      workerFile('throws.mjs', "throw new Error('broken upload thread');"),
      (error) => crashes.push(error),
      () => Promise.resolve(),
    );
    expect(process.exitCode).toBe(1);
    expect(crashes.map((error) => error.message)).toEqual(['broken upload thread']);
  });

  it('runs the upload on this thread when no thread can be made', async () => {
    let inProcess = 0;
    await runUploadThread(
      ['upload'],
      'not/an/absolute/path.mjs', // Worker refuses it at once
      () => undefined,
      async () => {
        inProcess++;
        process.exitCode = 4;
      },
    );
    expect(inProcess).toBe(1);
    expect(process.exitCode).toBe(4);
  });
});
