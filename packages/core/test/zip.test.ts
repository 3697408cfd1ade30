import { randomBytes } from 'node:crypto';
import { buffer as collect } from 'node:stream/consumers';
import { rm, truncate, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl, { type Entry as YauzlEntry } from 'yauzl';
import { isXltvError, type XltvError } from '../src/errors.js';
import type { SelectedFile } from '../src/files.js';
import { createZipStream, entryNameProblem } from '../src/zip.js';
import { BLOCK_BYTES } from '../src/zip/format.js';
import { makeScratch, sampleFiles, type Scratch } from './helpers/files.js';
import { compareWithSources, unzip } from './helpers/unzip.js';

async function zipError(files: SelectedFile[], signal?: AbortSignal): Promise<XltvError> {
  try {
    await collect(await createZipStream(files, signal ? { signal } : {}));
  } catch (error) {
    if (isXltvError(error)) return error;
    throw error;
  }
  throw new Error('expected the zip to fail');
}

const UTF8_FLAG = 0x800;
const DATA_DESCRIPTOR_FLAG = 0x8;

interface EntryHeaders {
  name: string;
  descriptor: boolean;
  /** CRC and sizes as the local header (or, with a descriptor, the data descriptor) states them. */
  local: { crc: number; compressedSize: number; size: number };
  central: { crc: number; compressedSize: number; size: number };
  /** Fields that do not depend on how the entry was written. */
  kind: { versionMadeBy: number; externalFileAttributes: number; extraFields: number };
}

/** Each entry's local header (and data descriptor) read at the offset the central directory gives. */
async function entryHeaders(zip: Buffer): Promise<EntryHeaders[]> {
  const archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  const result: EntryHeaders[] = [];
  await new Promise<void>((resolve, reject) => {
    archive.on('entry', (entry: YauzlEntry) => {
      const at = entry.relativeOffsetOfLocalHeader;
      expect(zip.readUInt32LE(at)).toBe(0x04034b50);
      const flags = zip.readUInt16LE(at + 6);
      const descriptor = (flags & DATA_DESCRIPTOR_FLAG) !== 0;
      const dataStart = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
      let local = {
        crc: zip.readUInt32LE(at + 14),
        compressedSize: zip.readUInt32LE(at + 18),
        size: zip.readUInt32LE(at + 22),
      };
      if (descriptor) {
        expect(local).toEqual({ crc: 0, compressedSize: 0, size: 0 });
        const dd = dataStart + entry.compressedSize;
        expect(zip.readUInt32LE(dd)).toBe(0x08074b50);
        local = {
          crc: zip.readUInt32LE(dd + 4),
          compressedSize: zip.readUInt32LE(dd + 8),
          size: zip.readUInt32LE(dd + 12),
        };
      }
      const central = {
        crc: entry.crc32,
        compressedSize: entry.compressedSize,
        size: entry.uncompressedSize,
      };
      const kind = {
        versionMadeBy: entry.versionMadeBy,
        externalFileAttributes: entry.externalFileAttributes,
        extraFields: entry.extraFields.length,
      };
      result.push({ name: entry.fileName, descriptor, local, central, kind });
      archive.readEntry();
    });
    archive.on('end', resolve);
    archive.on('error', reject);
    archive.readEntry();
  });
  return result;
}

describe('createZipStream', () => {
  let scratch: Scratch;
  let files: SelectedFile[];
  beforeAll(async () => {
    scratch = await makeScratch();
    files = await sampleFiles(scratch);
  });
  afterAll(async () => scratch.cleanup());

  it('zips regular files in the given order, byte for byte, with the UTF-8 flag on every entry', async () => {
    const archive = await unzip(await collect(await createZipStream(files)));
    const { names, mismatches } = await compareWithSources(archive, files);
    expect(mismatches).toEqual([]);
    expect(names).toEqual(files.map((f) => f.name));
    expect(names).toContain('build/test-results/TEST-ü€漢.xml');
    expect(names.filter((n) => n.endsWith('/'))).toEqual([]);
    for (const entry of archive.entries) expect(entry.flags & UTF8_FLAG).toBe(UTF8_FLAG);
    // Non-empty files are deflated at the default level.
    const deflated = archive.entries.filter((e) => e.data.length > 0).map((e) => e.method);
    expect(new Set(deflated)).toEqual(new Set([8]));
    expect(archive.zip64).toBe(false);
  });

  it('keeps the files modification times (DOS time, 2 s resolution)', async () => {
    const archive = await unzip(await collect(await createZipStream(files)));
    for (const [index, file] of files.entries()) {
      const entry = archive.entries[index]!;
      expect(Math.abs(entry.lastModified.getTime() - file.mtimeMs)).toBeLessThanOrEqual(2000);
    }
  });

  it('is deterministic: the same inputs give the same bytes', async () => {
    const first = await collect(await createZipStream(files, { level: 6 }));
    const second = await collect(await createZipStream(files, { level: 6 }));
    expect(first.equals(second)).toBe(true);
  });

  it('stores without compression at level 0', async () => {
    const archive = await unzip(await collect(await createZipStream(files, { level: 0 })));
    expect(new Set(archive.entries.map((e) => e.method))).toEqual(new Set([0]));
    expect((await compareWithSources(archive, files)).mismatches).toEqual([]);
  });

  it('rejects a level outside 0-9', async () => {
    await expect(createZipStream(files, { level: 10 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      details: { option: 'level', value: 10 },
    });
    await expect(createZipStream(files, { level: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });

  it('refuses entry names archiver would rewrite, and duplicates', async () => {
    const [one] = files;
    for (const name of [
      '../up.xml',
      '/abs.xml',
      'a//b.xml',
      'a/./b.xml',
      'C:/x.xml',
      'report:1.xml',
      'dir/',
      'a\\b.xml',
    ]) {
      await expect(createZipStream([{ ...one!, name }])).rejects.toMatchObject({
        code: 'UNSAFE_PATH',
        details: { name },
      });
    }
    await expect(createZipStream([one!, { ...one! }])).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      details: { reason: 'duplicate' },
    });
    expect(entryNameProblem('a/b c/TEST-ü.xml')).toBeUndefined();
    expect(entryNameProblem('.hidden/x..y.xml')).toBeUndefined();
    expect(entryNameProblem('emoji/\u{1F600}.xml')).toBeUndefined();
    expect(entryNameProblem('a\u0001')).toBe('control character');
  });

  it('fails with FILE_CHANGED when a file changed size since selection', async () => {
    const grown = await scratch.file('changing/grown.xml', 'short');
    await writeFile(grown.path, 'much longer than before');
    const error = await zipError([files[0]!, grown]);
    expect(error.code).toBe('FILE_CHANGED');
    expect(error.details).toMatchObject({ path: grown.path, name: grown.name, expectedSize: 5 });

    // An empty file is never given to a worker: it is checked before it is appended.
    const filled = await scratch.file('changing/was-empty.xml', '');
    await writeFile(filled.path, 'now filled');
    expect((await zipError([filled])).details).toMatchObject({ path: filled.path, actualSize: 10 });

    const shrunk = await scratch.file('changing/shrunk.xml', 'x'.repeat(200_000));
    await truncate(shrunk.path, 10);
    expect((await zipError([shrunk])).details).toMatchObject({ path: shrunk.path, actualSize: 10 });
  });

  it('fails with FILE_CHANGED when a file vanished', async () => {
    const gone = await scratch.file('changing/gone.xml', 'bye');
    await rm(gone.path);
    const error = await zipError([files[0]!, gone]);
    expect(error.code).toBe('FILE_CHANGED');
    expect(error.details).toMatchObject({ path: gone.path, reason: 'vanished' });
  });

  it('fails with UNREADABLE_FILE for something that is not a regular file', async () => {
    const directory = await scratch.subdir('not-a-file');
    const error = await zipError([
      { path: directory, name: 'not-a-file', size: 0, mtimeMs: Date.now() },
    ]);
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.details).toMatchObject({ path: directory });
  });

  it('errors with ABORTED when the signal fires mid-zip', async () => {
    // Incompressible, so that the zip arrives in many chunks and is still being written when
    // the first one is read.
    const big = await scratch.file('big/random.bin', randomBytes(8 * 1024 * 1024));
    const controller = new AbortController();
    const stream = await createZipStream([big], { signal: controller.signal, level: 9 });
    let received = 0;
    const outcome = (async () => {
      for await (const chunk of stream) {
        received += (chunk as Buffer).length;
        if (!controller.signal.aborted) controller.abort();
      }
    })();
    await expect(outcome).rejects.toMatchObject({ code: 'ABORTED' });
    expect(received).toBeGreaterThan(0);
    const already = new AbortController();
    already.abort();
    expect((await zipError([big], already.signal)).code).toBe('ABORTED');
  });

  it('writes one-block files with CRC and sizes in the local header, bigger ones with a data descriptor', async () => {
    const atLimit = await scratch.file('sizes/at-limit.bin', randomBytes(BLOCK_BYTES));
    const overLimit = await scratch.file(
      'sizes/over-limit.xml',
      '<testcase name="x"/>\n'.repeat(Math.ceil((BLOCK_BYTES + 1) / 20)),
    );
    const overLimitToo = await scratch.file('sizes/over-limit-2.bin', randomBytes(BLOCK_BYTES + 7));
    // Entries of several blocks between one-block files: each kind must find the other's
    // bytes and directory records where it left them.
    const mixed = [files[0]!, overLimit, ...files.slice(1), atLimit, overLimitToo, files[0]!].map(
      (file, index) => ({ ...file, name: `${String(index).padStart(2, '0')}-${file.name}` }),
    );
    for (const level of [0, 1, 9]) {
      const zip = await collect(await createZipStream(mixed, { level }));
      const archive = await unzip(zip);
      expect((await compareWithSources(archive, mixed)).mismatches).toEqual([]);
      const headers = await entryHeaders(zip);
      expect(headers.map((h) => h.name)).toEqual(mixed.map((f) => f.name));
      for (const header of headers) {
        expect(header.local, header.name).toEqual(header.central);
        const file = mixed.find((f) => f.name === header.name)!;
        // Only a file of several blocks has its sizes after the data.
        expect(header.descriptor, header.name).toBe(file.size > BLOCK_BYTES);
        // The same kind of entry either way (Unix, -rw-r--r-- regular file, no extra field).
        expect(header.kind, header.name).toEqual({
          versionMadeBy: 0x032d,
          externalFileAttributes: 0x81a40020,
          extraFields: 0,
        });
      }
    }
  }, 60_000);

  it('keeps the directory records of many small files right across entries of several blocks', async () => {
    // The records are kept in 64 KiB blocks; entries of several blocks come in between.
    const source = await scratch.file('blocks/source.xml', '<testcase name="x"/>');
    const big = await scratch.file('blocks/big.bin', randomBytes(BLOCK_BYTES + 1));
    const run = (from: number): SelectedFile[] =>
      Array.from({ length: 1500 }, (_, i) => ({
        ...source,
        name: `blocks/${String(from + i).padStart(5, '0')}-a-long-enough-report-name.xml`,
      }));
    const entries = [
      ...run(0),
      { ...big, name: 'blocks/01500-big.bin' },
      ...run(1501),
      { ...big, name: 'blocks/03001-big.bin' },
      ...run(3002),
    ];
    const zip = await collect(await createZipStream(entries, { level: 1 }));
    const archive = await unzip(zip);
    expect(archive.entryCount).toBe(entries.length);
    expect((await compareWithSources(archive, entries)).mismatches).toEqual([]);
    const headers = await entryHeaders(zip);
    expect(headers.map((h) => h.name)).toEqual(entries.map((f) => f.name));
    for (const header of headers) expect(header.local, header.name).toEqual(header.central);
  }, 60_000);

  it('reads files only as fast as the consumer takes the zip', async () => {
    // Incompressible 256 kB files: if the zip read ahead of its consumer, all 40 (10 MB)
    // would be read while nobody reads the stream, and deleting them would go unnoticed.
    const batch: SelectedFile[] = [];
    for (let i = 0; i < 40; i++)
      batch.push(
        await scratch.file(`ahead/${String(i).padStart(2, '0')}.bin`, randomBytes(256_000)),
      );
    const stream = await createZipStream(batch, { level: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const file of batch.slice(20)) await rm(file.path);
    const error = await collect(stream).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(error).toMatchObject({ code: 'FILE_CHANGED', details: { reason: 'vanished' } });
    const vanished = (error as XltvError).details as { name: string };
    expect(batch.slice(20).map((f) => f.name)).toContain(vanished.name);
  });

  it('writes an empty archive for no files', async () => {
    const archive = await unzip(await collect(await createZipStream([])));
    expect(archive.entryCount).toBe(0);
  });

  it('switches to Zip64 by itself beyond 65 535 entries', async () => {
    const source = await scratch.file('many/source.xml', '<t/>');
    const count = 65_537;
    const many: SelectedFile[] = [];
    for (let i = 0; i < count; i++)
      many.push({ ...source, name: `many/${String(i).padStart(6, '0')}.xml` });
    const archive = await unzip(await collect(await createZipStream(many, { level: 0 })), false);
    expect(archive.entryCount).toBe(count);
    expect(archive.zip64).toBe(true);
    expect(archive.entries.at(-1)?.name).toBe('many/065536.xml');
  }, 120_000);
});
