// The zip made on worker threads: the same bytes for any number of workers, every entry
// handed by archiver to our format, a file changed between selection and zip refused.
import { randomBytes } from 'node:crypto';
import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer as collect } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SelectedFile } from '../src/files.js';
import { createZipStream } from '../src/zip.js';
import { ZipFormat } from '../src/zip/format.js';
import { failure } from './helpers/errors.js';
import { makeScratch, type Scratch } from './helpers/files.js';
import { compareWithSources, unzip } from './helpers/unzip.js';
import { layoutProblems, parseZip, unzipAvailable, unzipTest } from './helpers/zip-records.js';

const BLOCK_BYTES = 64 * 1024;

function report(index: number, repeat: number): string {
  const cases = Array.from(
    { length: repeat },
    (_, n) => `  <testcase name="case ${index}.${n}" time="0.${(index * 31 + n) % 1000}"/>\n`,
  );
  return `<testsuite name="suite ${index}">\n${cases.join('')}</testsuite>\n`;
}

/** Many small files, empty files, and files of several 64 KiB blocks in between. */
async function mixedFiles(scratch: Scratch): Promise<SelectedFile[]> {
  const small: SelectedFile[] = [];
  for (let i = 0; i < 150; i++) {
    const name = `small/${String(i).padStart(3, '0')}/TEST-${i}.xml`;
    small.push(await scratch.file(name, report(i, 1 + ((i * 7) % 40))));
  }
  const empty: SelectedFile[] = [];
  for (let i = 0; i < 6; i++) empty.push(await scratch.file(`empty/${i}.txt`, ''));
  const half = randomBytes(150 * 1024);
  const big = [
    await scratch.file('big/compressible.xml', report(1000, 3500)), // ~250 KiB
    await scratch.file('big/random.bin', randomBytes(200 * 1024 + 17)),
    await scratch.file('big/exactly-four-blocks.bin', randomBytes(4 * BLOCK_BYTES)),
    await scratch.file('big/half-random.bin', Buffer.concat([half, Buffer.alloc(150 * 1024)])),
    await scratch.file('big/one-block-and-a-byte.bin', randomBytes(BLOCK_BYTES + 1)),
  ];
  // Big and empty files between runs of small ones.
  return [
    ...small.slice(0, 40),
    big[0]!,
    empty[0]!,
    big[1]!,
    ...small.slice(40, 90),
    empty[1]!,
    empty[2]!,
    big[2]!,
    ...small.slice(90, 91),
    big[3]!,
    ...small.slice(91),
    empty[3]!,
    big[4]!,
    empty[4]!,
    empty[5]!,
  ];
}

async function zip(
  files: readonly SelectedFile[],
  level: number,
  workers: number,
  blockBytes = BLOCK_BYTES,
): Promise<Buffer> {
  return collect(await createZipStream(files, { level, workers, blockBytes }));
}

describe('createZipStream on worker threads', () => {
  let scratch: Scratch;
  let files: SelectedFile[];
  beforeAll(async () => {
    scratch = await makeScratch();
    files = await mixedFiles(scratch);
  });
  afterAll(async () => scratch.cleanup());

  it.each([0, 1, 9])(
    'writes the same bytes with 1, 2 and 4 workers (level %i)',
    async (level) => {
      const one = await zip(files, level, 1);
      const two = await zip(files, level, 2);
      const four = await zip(files, level, 4);
      expect(two.equals(one), '2 workers vs 1').toBe(true);
      expect(four.equals(one), '4 workers vs 1').toBe(true);

      const archive = await unzip(one);
      expect((await compareWithSources(archive, files)).mismatches).toEqual([]);
      const parsed = parseZip(one);
      expect(layoutProblems(parsed)).toEqual([]);
      // Only the files of several blocks have a data descriptor.
      const described = parsed.entries.filter((e) => e.descriptor).map((e) => e.central.name);
      expect(described.map((name) => name.toString())).toEqual(
        files.filter((f) => f.size > BLOCK_BYTES).map((f) => f.name),
      );
    },
    60_000,
  );

  it('hands every entry to our format', async () => {
    // This fails loudly if archiver's base class stops calling our module (zip/archive.ts).
    const append = vi.spyOn(ZipFormat.prototype, 'append');
    const finalize = vi.spyOn(ZipFormat.prototype, 'finalize');
    try {
      const output = await zip(files, 1, 2);
      expect(append).toHaveBeenCalledTimes(files.length);
      expect(finalize).toHaveBeenCalledTimes(1);
      // Each as the file itself, with its size: the workers read it, archiver does not.
      const handed = append.mock.calls.map(([, data]) => ({ name: data.name, file: data.file }));
      expect(handed).toEqual(
        files.map((f) => ({ name: f.name, file: { path: f.path, size: f.size } })),
      );
      const archive = await unzip(output);
      expect(archive.entryCount).toBe(files.length);
      expect((await compareWithSources(archive, files)).mismatches).toEqual([]);
    } finally {
      append.mockRestore();
      finalize.mockRestore();
    }
  }, 30_000);

  it('fails with FILE_CHANGED naming a file truncated into its middle block after selection', async () => {
    const blockBytes = 16 * 1024;
    const changing = await scratch.file('changing/five-blocks.bin', randomBytes(5 * blockBytes));
    await truncate(changing.path, 2.5 * blockBytes);
    const error = await failure(zip([files[0]!, changing, files[1]!], 1, 2, blockBytes));
    expect(error.code).toBe('FILE_CHANGED');
    expect(error.message).toContain(changing.path);
    expect(error.details).toMatchObject({
      path: changing.path,
      name: changing.name,
      expectedSize: 5 * blockBytes,
      actualSize: 2.5 * blockBytes,
    });
  });

  it('fails with FILE_CHANGED naming a file truncated while it is being zipped', async () => {
    // 256 blocks: the workers read a few ahead of the consumer, not all of them.
    const blockBytes = 16 * 1024;
    const size = 256 * blockBytes;
    const changing = await scratch.file('changing/while-zipped.bin', randomBytes(size));
    const stream = await createZipStream([files[0]!, changing], {
      level: 1,
      workers: 1,
      blockBytes,
    });
    let received = 0;
    const outcome = (async () => {
      for await (const chunk of stream) {
        if (received === 0) await truncate(changing.path, size / 2 + 100);
        received += (chunk as Buffer).length;
      }
    })();
    const error = await failure(outcome);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(size / 2);
    expect(error.code).toBe('FILE_CHANGED');
    expect(error.details).toMatchObject({
      path: changing.path,
      name: changing.name,
      expectedSize: size,
      actualSize: size / 2 + 100,
    });
  });

  it.skipIf(!unzipAvailable)(
    'makes zips that Info-ZIP unzip -t finds valid',
    async () => {
      for (const level of [0, 1, 9]) {
        const result = await unzipTest(
          await zip(files, level, 2),
          path.join(scratch.dir, `workers-${level}.zip`),
        );
        expect(result, result.output).toMatchObject({ status: 0 });
      }
    },
    60_000,
  );
});

describe('ZipFormat with a stream of unknown length', () => {
  it('deflates it (or stores it) with a data descriptor, read back intact', async () => {
    const { XltvZipArchive } = await import('../src/zip/archive.js');
    const content = Buffer.from('<testcase name="streamed"/>\n'.repeat(5000));
    for (const level of [0, 1]) {
      const archive = new XltvZipArchive(new ZipFormat({ level, workers: 1 }), 65_536);
      const zipped = collect(archive);
      archive.append(Readable.from([content.subarray(0, 1000), content.subarray(1000)]), {
        name: 'streamed.xml',
        date: new Date('2026-01-02T03:04:06Z'),
      });
      await archive.finalize();
      const bytes = await zipped;
      const [entry] = parseZip(bytes).entries;
      expect(entry?.central.flags, `level ${level}`).toBe(0x0808); // UTF-8 name, data descriptor
      expect(entry?.central.method).toBe(level === 0 ? 0 : 8);
      const archiveRead = await unzip(bytes);
      expect(archiveRead.entries[0]?.data.equals(content)).toBe(true);
    }
  });
});
