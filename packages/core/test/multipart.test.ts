import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { buffer as collect } from 'node:stream/consumers';
import { readdir, readFile, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectedFile } from '../src/files.js';
import type { Metadata } from '../src/metadata.js';
import { createBoundary, prepareImportBody, type ImportBody } from '../src/multipart.js';
import { liveTempDirectories } from '../src/tempfiles.js';
import { makeScratch, sampleFiles, type Scratch } from './helpers/files.js';
import { parseMime } from './helpers/mime.js';
import { compareWithSources, unzip } from './helpers/unzip.js';

const metadata: Metadata = {
  ciBuildNumber: '42',
  source: 'gitlab',
  ciJobName: 'Prüfung — 漢字 ✓',
  retries: 2,
  flaky: false,
  tags: ['a', 'b'],
};

/** Split a body laid out exactly as docs/protocol.md §2 says, or fail. */
function splitBody(body: Buffer, boundary: string): { json: Buffer; zip: Buffer } {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n`,
  );
  const middle = Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/zip\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  expect(body.subarray(0, head.length).equals(head)).toBe(true);
  expect(body.subarray(body.length - tail.length).equals(tail)).toBe(true);
  const middleAt = body.indexOf(middle, head.length);
  expect(middleAt).toBeGreaterThan(head.length);
  return {
    json: body.subarray(head.length, middleAt),
    zip: body.subarray(middleAt + middle.length, body.length - tail.length),
  };
}

/** The pieces `stream` gives, as given (an async iterator may join buffered ones). */
async function piecesOf(stream: Readable): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  stream.on('data', (piece: Buffer) => pieces.push(piece));
  await new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
  return pieces;
}

describe('createBoundary', () => {
  it('is random, at least 128 bits, and needs no quoting', () => {
    const boundaries = new Set(Array.from({ length: 200 }, () => createBoundary()));
    expect(boundaries.size).toBe(200);
    for (const boundary of boundaries) {
      expect(boundary).toMatch(/^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/);
      expect(boundary).toMatch(/^[0-9A-Za-z_-]+$/); // RFC 2045 token characters only
      // 'xltv-' + base64url of 24 bytes: 32 characters of 6 bits = 192 bits.
      expect(boundary.length - 'xltv-'.length).toBeGreaterThanOrEqual(22);
    }
  });
});

describe('prepareImportBody', () => {
  let scratch: Scratch;
  let files: SelectedFile[];
  let tmpDir: string;
  beforeAll(async () => {
    scratch = await makeScratch();
    // 200 kB that do not compress: a body of many pieces, whatever the piece size.
    const random = await scratch.file('reports/random.bin', randomBytes(200_000));
    files = [...(await sampleFiles(scratch)), random].sort((a, b) =>
      Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
    );
    tmpDir = await scratch.subdir('spool');
  });
  afterAll(async () => scratch.cleanup());

  async function checkBody(body: ImportBody, bytes: Buffer): Promise<void> {
    expect(body.contentType).toBe(`multipart/mixed; boundary=${body.boundary}`);
    const { json, zip } = splitBody(bytes, body.boundary);
    // Compact UTF-8: exactly JSON.stringify's output, non-ASCII as raw UTF-8 bytes.
    expect(json.equals(Buffer.from(JSON.stringify(metadata), 'utf8'))).toBe(true);
    expect(json.includes(Buffer.from('漢字', 'utf8'))).toBe(true);
    expect(json.toString('latin1')).not.toMatch(/\s"|":\s|\\u/);
    expect(body.zipBytes).toBe(zip.length);
    const archive = await unzip(zip);
    expect((await compareWithSources(archive, files)).mismatches).toEqual([]);

    // An independent parser agrees on the structure and the payloads.
    const parsed = await parseMime(body.contentType, bytes);
    try {
      expect(parsed.defects).toEqual([]);
      expect(parsed.boundary).toBe(body.boundary);
      expect(parsed.preamble).toBeNull();
      expect(parsed.epilogue ?? '').toBe('');
      expect(parsed.parts.map((p) => p.contentType)).toEqual([
        'application/json',
        'application/zip',
      ]);
      const [jsonPart, zipPart] = parsed.parts;
      expect(jsonPart!.headers).toEqual([['Content-Type', 'application/json; charset=utf-8']]);
      expect(zipPart!.headers).toEqual([['Content-Type', 'application/zip']]);
      expect(jsonPart!.defects).toEqual([]);
      expect(JSON.parse(await readFile(jsonPart!.file, 'utf8'))).toEqual(metadata);
      const fromPython = await unzip(zipPart!.file);
      expect((await compareWithSources(fromPython, files)).mismatches).toEqual([]);
    } finally {
      await parsed.cleanup();
    }
  }

  it('spools the exact multipart body to a temp file with an exact length', async () => {
    const body = await prepareImportBody({ metadata, files, tmpDir });
    try {
      expect(body.mode).toBe('spool');
      const spoolDirs = await readdir(tmpDir);
      expect(spoolDirs).toHaveLength(1);
      const first = await collect(body.open());
      const second = await collect(body.open());
      expect(first.equals(second)).toBe(true);
      expect(body.contentLength).toBe(first.length);
      await checkBody(body, first);
    } finally {
      await body.dispose();
    }
    expect(await readdir(tmpDir)).toEqual([]);
    expect(liveTempDirectories()).toEqual([]);
    expect(() => body.open()).toThrow();
  });

  it('reads a spooled body in small pieces, and fails cleanly when the file is gone', async () => {
    const body = await prepareImportBody({ metadata, files, tmpDir });
    try {
      // Small pieces: each is garbage once sent, and many large ones wait for V8's next
      // collection (see SpoolFileReader).
      const pieces = await piecesOf(body.open());
      expect(pieces.length).toBeGreaterThan(40);
      expect(Math.max(...pieces.map((piece) => piece.length))).toBe(4 * 1024);
      expect(Buffer.concat(pieces).length).toBe(body.contentLength);
      await checkBody(body, Buffer.concat(pieces));
      const [spoolDir] = await readdir(tmpDir);
      await rm(`${tmpDir}/${spoolDir}`, { recursive: true });
      await expect(collect(body.open())).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await body.dispose();
    }
  });

  it('streams a fresh zip on every open, with no length and no temp file', async () => {
    const body = await prepareImportBody({ metadata, files, tmpDir, mode: 'stream' });
    expect(body.contentLength).toBeUndefined();
    expect(body.zipBytes).toBeUndefined();
    const first = await collect(body.open());
    await checkBody(body, first);
    const second = await collect(body.open());
    expect(second.equals(first)).toBe(true); // same files, same mtimes: same bytes
    expect(await readdir(tmpDir)).toEqual([]);
    const pieces = await piecesOf(body.open());
    expect(Buffer.concat(pieces).equals(first)).toBe(true);
    await body.dispose();
  });

  it('removes the temp file when spooling fails or is aborted', async () => {
    const doomed = await scratch.file('doomed/TEST-x.xml', '<x/>');
    await rm(doomed.path);
    await expect(
      prepareImportBody({ metadata, files: [...files, doomed], tmpDir }),
    ).rejects.toMatchObject({ code: 'FILE_CHANGED', details: { path: doomed.path } });
    expect(await readdir(tmpDir)).toEqual([]);

    const big = await scratch.file('big/large.bin', Buffer.alloc(16 * 1024 * 1024, 'z'));
    const controller = new AbortController();
    const pending = prepareImportBody({
      metadata,
      files: [big],
      tmpDir,
      level: 9,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await readdir(tmpDir)).toEqual([]);
    expect(liveTempDirectories()).toEqual([]);
  });

  it('refuses bad options before touching the disk', async () => {
    await expect(prepareImportBody({ metadata, files, tmpDir, level: 12 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(
      prepareImportBody({ metadata, files: [{ ...files[0]!, name: '../escape.xml' }], tmpDir }),
    ).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(
      prepareImportBody({
        metadata,
        files: [{ ...files[0]!, name: 'a/\u0007.xml' }],
        tmpDir,
        mode: 'stream',
      }),
    ).rejects.toMatchObject({ code: 'UNSAFE_PATH', details: { reason: 'control character' } });
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it('removes spooled files on SIGINT and then leaves the signal to the application', async () => {
    const before = process.listeners('SIGINT');
    const body = await prepareImportBody({ metadata, files, tmpDir });
    const [spoolDir] = liveTempDirectories();
    expect(spoolDir).toBeDefined();
    expect(existsSync(spoolDir!)).toBe(true);
    expect(process.listeners('SIGINT').length).toBe(before.length + 1);
    let applicationSawIt = false;
    const application = (): void => {
      applicationSawIt = true;
    };
    process.on('SIGINT', application);
    try {
      process.emit('SIGINT', 'SIGINT');
    } finally {
      process.off('SIGINT', application);
    }
    expect(applicationSawIt).toBe(true);
    expect(existsSync(spoolDir!)).toBe(false);
    expect(liveTempDirectories()).toEqual([]);
    expect(process.listeners('SIGINT')).toEqual(before);
    await body.dispose();
  });
});
