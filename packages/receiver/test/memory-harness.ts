/**
 * Streams a large generated upload to a receiver running in its own process (the built
 * `dist/bin.js`) and measures that process's peak resident memory (VmHWM in
 * /proc/<pid>/status, Linux) before and after: the honest way to show the receiver does not
 * hold the body in memory, since the test process itself holds nothing of it either.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
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

/** The generated result files of {@link streamLargeUpload}, with their sha256. */
export interface GeneratedFile {
  readonly name: string;
  readonly size: number;
  sha256?: string;
}

/**
 * Upload `files` of random bytes, generated while sending (never stored, never held whole):
 * archiver (stored entries) zips them into a chunked multipart body.
 */
export async function streamLargeUpload(
  url: string,
  files: GeneratedFile[],
): Promise<{ status: number; body: string; bytesSent: number }> {
  const zip = new ZipArchive({ store: true });
  for (const file of files) {
    const hash = createHash('sha256');
    let produced = 0;
    const content = new Readable({
      read() {
        if (produced >= file.size) {
          file.sha256 = hash.digest('hex');
          this.push(null);
          return;
        }
        const chunk = randomBytes(Math.min(256 * 1024, file.size - produced));
        produced += chunk.length;
        hash.update(chunk);
        this.push(chunk);
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
export async function lastImport(
  url: string,
): Promise<{ entries: { path: string; size: number; sha256: string }[] }> {
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
  const imports = JSON.parse(list) as {
    entries: { path: string; size: number; sha256: string }[];
  }[];
  const last = imports.at(-1);
  if (!last) throw new Error('no import stored');
  return last;
}

/** The last stored import holds exactly `files`: each path with the size and sha256 sent. */
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
}
