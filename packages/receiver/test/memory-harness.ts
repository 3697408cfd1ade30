/**
 * Streams a large generated upload to a receiver running in its own process (the built
 * `dist/bin.js`) and measures that process's peak resident memory (VmHWM in
 * /proc/<pid>/status, Linux) before and after: the honest way to show the receiver does not
 * hold the body in memory, since the test process itself holds nothing of it either.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { expect } from 'vitest';
import { builtBin, importHeaders, newBoundary } from './helpers.js';

/** Whether peak RSS of another process can be read here. */
export const CAN_MEASURE_PEAK_RSS = existsSync('/proc/self/status');

/** A receiver in a child process. */
export interface ChildReceiver {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<number | null>;
}

/** Start `dist/bin.js --port 0` (built first if needed). */
export async function startChildReceiver(args: string[] = []): Promise<ChildReceiver> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
    builtBin(),
    '--port',
    '0',
    '--quiet',
    ...args,
  ]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    void exited.then((code) => reject(new Error(`receiver exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Peak resident set size of a process so far, in bytes. */
export async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error('no VmHWM in /proc status');
  return Number(match[1]) * 1024;
}

/**
 * A 16 MB upload before the baseline: it loads every code path (yauzl, hashing) and lets the
 * heap and the allocator grow to their working size, so that what is measured afterwards is
 * growth with the upload's size, not the one-off cost of a first upload.
 */
export async function warmUp(url: string): Promise<void> {
  const response = await streamLargeUpload(url, [
    { name: 'warm/TEST-warm.xml', size: 16 * 1024 * 1024 },
  ]);
  if (response.status !== 200) throw new Error(`warm-up upload answered ${response.status}`);
}

/** The generated result files of {@link streamLargeUpload}, with their sha256 and test count. */
export interface GeneratedFile {
  readonly name: string;
  readonly size: number;
  sha256?: string;
  tests?: number;
}

const JUNIT_HEAD = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="big.Suite" timestamp="2026-01-02T10:00:00">\n',
);
const JUNIT_TAIL = Buffer.from('</testsuite>\n');
/** One test case; every one is the same (the reader counts them, it does not tell them apart). */
const TESTCASE = '<testcase classname="big.Suite" name="case" time="0.001"/>\n';
/** About 256 KiB of test cases, made once. */
const CASES_PER_CHUNK = Math.floor((256 * 1024) / TESTCASE.length);
const CASES_CHUNK = Buffer.from(TESTCASE.repeat(CASES_PER_CHUNK));

/**
 * A JUnit report of exactly `file.size` bytes: test cases (so the receiver's reader parses
 * every byte), then spaces up to the size. Sets `file.tests`.
 */
function* junitChunks(file: GeneratedFile): Generator<Buffer> {
  yield JUNIT_HEAD;
  let left = file.size - JUNIT_HEAD.length - JUNIT_TAIL.length;
  let tests = 0;
  while (left >= CASES_CHUNK.length) {
    yield CASES_CHUNK;
    left -= CASES_CHUNK.length;
    tests += CASES_PER_CHUNK;
  }
  const lastCases = Math.floor(left / TESTCASE.length);
  yield Buffer.from(TESTCASE.repeat(lastCases) + ' '.repeat(left - lastCases * TESTCASE.length));
  file.tests = tests + lastCases;
  yield JUNIT_TAIL;
}

/**
 * Upload `files` (JUnit reports of random test names), generated while sending (never
 * stored, never held whole): archiver (stored entries) zips them into a chunked multipart
 * body.
 */
export async function streamLargeUpload(
  url: string,
  files: GeneratedFile[],
): Promise<{ status: number; body: string; bytesSent: number }> {
  const zip = new ZipArchive({ store: true });
  for (const file of files) {
    const hash = createHash('sha256');
    const chunks = junitChunks(file);
    const content = new Readable({
      read() {
        const next = chunks.next();
        if (next.done) {
          file.sha256 = hash.digest('hex');
          this.push(null);
          return;
        }
        hash.update(next.value);
        this.push(next.value);
      },
    });
    zip.append(content, { name: file.name });
  }
  const finalized = zip.finalize();
  const boundary = newBoundary();
  let bytesSent = 0;
  async function* body(): AsyncGenerator<Buffer> {
    const head = Buffer.from(
      `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{"large":true}\r\n--${boundary}\r\nContent-Type: application/zip\r\n\r\n`,
    );
    bytesSent += head.length;
    yield head;
    for await (const chunk of zip as AsyncIterable<Buffer>) {
      bytesSent += chunk.length;
      yield chunk;
    }
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    bytesSent += tail.length;
    yield tail;
  }
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${url}/api/internal/import/memory`, {
      method: 'POST',
      agent: false,
      headers: importHeaders(boundary),
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    Readable.from(body()).pipe(req);
  });
  await finalized;
  return { ...response, bytesSent };
}

/** The stored import of the last upload, as `GET /imports` lists it. */
export async function lastImport(url: string): Promise<{
  entries: { path: string; size: number; sha256: string }[];
  results?: { files: number; tests: number; formats: Record<string, number> };
}> {
  const origin = new URL(url).origin;
  const list = await new Promise<string>((resolve, reject) => {
    http
      .get(`${origin}/imports`, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      })
      .on('error', reject);
  });
  const imports = JSON.parse(list) as Awaited<ReturnType<typeof lastImport>>[];
  const last = imports.at(-1);
  if (!last) throw new Error('no import stored');
  return last;
}

/**
 * The last stored import holds exactly `files`: each path with the size and sha256 sent, and
 * every test case read.
 */
export async function expectLastImportToHold(
  url: string,
  files: readonly GeneratedFile[],
): Promise<void> {
  const stored = await lastImport(url);
  expect(stored.entries).toEqual(
    files.map((file) => ({
      path: file.name,
      size: file.size,
      sha256: file.sha256,
      crc32: expect.any(Number),
    })),
  );
  expect(stored.results).toMatchObject({
    files: files.length,
    tests: files.reduce((sum, file) => sum + (file.tests ?? 0), 0),
    formats: { junit: files.length },
  });
}
