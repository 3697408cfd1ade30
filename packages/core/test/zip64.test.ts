// Zip64, both ways it is needed: more than 65 535 entries, and an entry of more than 4 GiB
// (a sparse file of 5 GiB of zeros, which deflates to a few MB).
import { mkdtempSync, rmSync, statfsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer as collect } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl, { type Entry as YauzlEntry } from 'yauzl';
import type { SelectedFile } from '../src/files.js';
import { createZipStream } from '../src/zip.js';
import { crc32Combine } from '../src/zip/crc32-combine.js';
import { makeScratch, type Scratch } from './helpers/files.js';
import { unzip } from './helpers/unzip.js';
import {
  FLAG_DATA_DESCRIPTOR,
  FLAG_UTF8,
  SIGNATURE,
  ZIP64_EXTRA_ID,
  layoutProblems,
  parseDirectory,
  parseZip,
  readDescriptor,
  readLocal,
  unzipAvailable,
  unzipTest,
  type CentralRecord,
  type ZipEntryRecords,
} from './helpers/zip-records.js';

const BIG = 5 * 2 ** 30;
const MAGIC = 0xffffffff;

/** Whether a file truncated to 5 GiB in the temp directory takes (almost) no space. */
function sparseFilesWork(): boolean {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xltv-sparse-probe-'));
  try {
    const file = path.join(dir, 'probe');
    writeFileSync(file, '');
    truncateSync(file, BIG);
    const stats = statSync(file);
    return stats.size === BIG && stats.blocks * 512 < 64 * 1024 * 1024;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Free bytes in the temp directory's file system, as `df` shows them. */
function freeBytes(): number {
  const stats = statfsSync(os.tmpdir());
  return stats.bavail * stats.bsize;
}

const canZipBigFile = sparseFilesWork() && freeBytes() >= 1e9;

/** CRC-32 of `length` zero bytes (a multiple of 1 MiB), from 1 MiB by doubling up. */
function zerosCrc(length: number): number {
  const unit = 1024 * 1024;
  if (length % unit !== 0) throw new Error(`${length} is not a multiple of ${unit}`);
  let power = crc32(Buffer.alloc(unit));
  let powerLength = unit;
  let result = 0;
  for (let units = length / unit; units > 0; units = Math.floor(units / 2)) {
    if (units % 2 === 1) result = crc32Combine(result, power, powerLength);
    power = crc32Combine(power, power, powerLength);
    powerLength *= 2;
  }
  return result;
}

async function seconds<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

describe('Zip64', () => {
  let scratch: Scratch;
  beforeAll(async () => {
    scratch = await makeScratch();
  });
  afterAll(async () => scratch.cleanup());

  it('writes the Zip64 end record and locator beyond 65 535 entries', async () => {
    const source = await scratch.file('many/source.xml', '<t/>');
    const count = 65_537;
    const many: SelectedFile[] = Array.from({ length: count }, (_, i) => ({
      ...source,
      name: `many/${String(i).padStart(6, '0')}.xml`,
    }));
    const zip = await seconds('65 537 entries: zip', async () =>
      collect(await createZipStream(many, { level: 0 })),
    );

    // The last 22 bytes are the end record with the counts, size and offset at their magic
    // values; the 20 before it the locator, pointing at the Zip64 end record.
    const endAt = zip.length - 22;
    const locatorAt = endAt - 20;
    expect(zip.readUInt32LE(endAt)).toBe(SIGNATURE.end);
    expect(zip.subarray(locatorAt, locatorAt + 4)).toEqual(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
    const zip64EndAt = Number(zip.readBigUInt64LE(locatorAt + 8));
    expect(zip.subarray(zip64EndAt, zip64EndAt + 4)).toEqual(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    expect(zip64EndAt).toBe(locatorAt - 56);

    const parsed = parseZip(zip);
    expect(layoutProblems(parsed)).toEqual([]);
    expect(parsed.end).toMatchObject({
      entriesOnDisk: 0xffff,
      entries: 0xffff,
      directorySize: MAGIC,
      directoryOffset: MAGIC,
    });
    expect(parsed.locator).toMatchObject({ zip64EndDisk: 0, zip64EndOffset: zip64EndAt, disks: 1 });
    expect(parsed.zip64End).toMatchObject({
      recordSize: 44,
      versionMadeBy: 45,
      versionNeeded: 45,
      disk: 0,
      directoryDisk: 0,
      entriesOnDisk: count,
      entries: count,
      directorySize: zip64EndAt - parsed.directoryOffset,
    });
    expect(parsed.entries.map((entry) => entry.central.name.toString())).toEqual(
      many.map((file) => file.name),
    );

    const archive = await seconds('65 537 entries: yauzl', async () => unzip(zip, false));
    expect(archive.entryCount).toBe(count);
    expect(archive.zip64).toBe(true);
    expect(archive.entries.at(-1)?.name).toBe('many/065536.xml');

    if (unzipAvailable) {
      const result = await seconds('65 537 entries: unzip -t', async () =>
        unzipTest(zip, path.join(scratch.dir, 'many.zip')),
      );
      expect(result, result.output).toMatchObject({ status: 0 });
    }
  }, 180_000);

  describe.skipIf(!canZipBigFile)('an entry of 5 GiB (a sparse file of zeros)', () => {
    let big: SelectedFile;
    let after: SelectedFile;
    let zipped: Promise<Buffer> | undefined;
    const expectedCrc = zerosCrc(BIG);
    /** The zip of the big file and a small one after it, made once for the tests below. */
    const bigZip = (): Promise<Buffer> =>
      (zipped ??= seconds('5 GiB: zip (level 1)', async () =>
        collect(await createZipStream([big, after], { level: 1 })),
      ));

    beforeAll(async () => {
      const empty = await scratch.file('big/zeros.bin', '');
      await truncate(empty.path, BIG);
      big = { ...empty, size: BIG };
      after = await scratch.file('big/after.xml', '<testsuite name="after"/>\n');
    });

    it('has Zip64 in its local header, data descriptor and central record', async () => {
      const zip = await bigZip();
      expect(zip.length).toBeLessThan(64 * 1024 * 1024); // zeros deflate ~1000:1
      const parsed = parseZip(zip);
      expect(layoutProblems(parsed)).toEqual([]);
      expect(parsed.entries).toHaveLength(2);
      const [bigEntry, afterEntry] = parsed.entries as [ZipEntryRecords, ZipEntryRecords];
      const compressedSize = bigEntry.central.compressedSize;

      // Local header: version 4.5, sizes after the data, both 4-byte sizes the magic value and
      // a Zip64 extra field (its sizes zero: the data descriptor has them).
      const { local } = bigEntry;
      expect(local.versionNeeded).toBe(45);
      expect(local.flags).toBe(FLAG_UTF8 | FLAG_DATA_DESCRIPTOR);
      expect(local.method).toBe(8);
      expect({ crc: local.crc, c: local.compressedSize, s: local.size }).toEqual({
        crc: 0,
        c: MAGIC,
        s: MAGIC,
      });
      expect(local.extraFields.map((field) => [field.id, field.data.length])).toEqual([
        [ZIP64_EXTRA_ID, 16],
      ]);
      expect(local.zip64).toEqual({ size: 0, compressedSize: 0 });

      // Data descriptor: signed, 8-byte sizes.
      expect(bigEntry.descriptor).toEqual({
        at: local.dataAt + compressedSize,
        signed: true,
        crc: expectedCrc,
        compressedSize,
        size: BIG,
        zip64: true,
        length: 24,
      });
      expect(zip.readUInt32LE(local.dataAt + compressedSize)).toBe(SIGNATURE.descriptor);
      expect(zip.readBigUInt64LE(local.dataAt + compressedSize + 16)).toBe(BigInt(BIG));

      // Central record: 4.5, the three 4-byte fields the magic value, all in the Zip64 extra.
      const { central } = bigEntry;
      expect(central.versionNeeded).toBe(45);
      expect(central.crc).toBe(expectedCrc);
      expect(central.raw).toEqual({
        compressedSize: MAGIC,
        size: MAGIC,
        localOffset: MAGIC,
        disk: 0,
      });
      expect(central.extraFields.map((field) => [field.id, field.data.length])).toEqual([
        [ZIP64_EXTRA_ID, 24],
      ]);
      expect(central.zip64).toEqual({ size: BIG, compressedSize, localOffset: 0 });
      expect(compressedSize).toBe(bigEntry.data.length);

      // The small file after it is an ordinary entry.
      expect(afterEntry.central).toMatchObject({
        versionNeeded: 20,
        flags: FLAG_UTF8,
        size: after.size,
        localOffset: bigEntry.end,
        extra: Buffer.alloc(0),
      });
      expect(afterEntry.descriptor).toBeUndefined();
      // Nothing else needs Zip64: two entries, everything below 4 GiB.
      expect(parsed.locator).toBeUndefined();
    }, 300_000);

    it('reads back with yauzl: 5 GiB of zeros with the right CRC', async () => {
      const zip = await bigZip();
      const archive = await yauzl.fromBufferPromise(zip, {
        lazyEntries: true,
        validateEntrySizes: true,
      });
      const entries: YauzlEntry[] = [];
      archive.on('entry', (entry: YauzlEntry) => {
        entries.push(entry);
        archive.readEntry();
      });
      const ended = new Promise((resolve, reject) => {
        archive.on('end', resolve);
        archive.on('error', reject);
      });
      archive.readEntry();
      await ended;
      expect(entries.map((entry) => entry.fileName)).toEqual([big.name, after.name]);
      const [bigEntry, afterEntry] = entries as [YauzlEntry, YauzlEntry];
      expect(bigEntry.uncompressedSize).toBe(BIG);
      expect(bigEntry.crc32).toBe(expectedCrc);

      // Streamed through a counting CRC sink, nothing kept.
      const { size, crc, nonZero } = await seconds('5 GiB: yauzl read', async () => {
        let size = 0;
        let crc = 0;
        let nonZero = 0;
        for await (const chunk of await archive.openReadStreamPromise(bigEntry)) {
          const bytes = chunk as Buffer;
          size += bytes.length;
          crc = crc32(bytes, crc);
          if (bytes[0] !== 0 || bytes[bytes.length - 1] !== 0) nonZero++;
        }
        return { size, crc, nonZero };
      });
      expect(size).toBe(5368709120);
      expect(crc).toBe(expectedCrc);
      expect(nonZero).toBe(0);
      const small = await collect(await archive.openReadStreamPromise(afterEntry));
      expect(small.toString()).toBe('<testsuite name="after"/>\n');
    }, 300_000);

    it('gives an entry and the directory beyond 4 GiB their offsets in Zip64 records', async () => {
      // Stored, the zip is 5 GiB: only its first bytes and its tail are kept.
      const head: Buffer[] = [];
      let headLength = 0;
      let tail: Buffer[] = [];
      let tailLength = 0;
      let total = 0;
      await seconds('5 GiB: zip (level 0), streamed', async () => {
        for await (const chunk of await createZipStream([big, after], { level: 0 })) {
          const bytes = chunk as Buffer;
          total += bytes.length;
          if (headLength < 4096) {
            head.push(Buffer.from(bytes.subarray(0, 4096 - headLength)));
            headLength += Math.min(bytes.length, 4096 - headLength);
          }
          tail.push(bytes);
          tailLength += bytes.length;
          while (tailLength - tail[0]!.length >= 1024 * 1024) tailLength -= tail.shift()!.length;
        }
      });
      const start = Buffer.concat(head);
      const end = Buffer.concat(tail);
      tail = [];
      const base = total - end.length;

      // The big entry: stored, Zip64 local header, 8-byte sizes in its data descriptor.
      const local = readLocal(start, 0);
      expect(local).toMatchObject({ versionNeeded: 45, flags: FLAG_UTF8 | FLAG_DATA_DESCRIPTOR });
      expect(local).toMatchObject({ method: 0, zip64: { size: 0, compressedSize: 0 } });
      const descriptorAt = local.dataAt + BIG;
      expect(readDescriptor(end, descriptorAt - base, true)).toMatchObject({
        signed: true,
        crc: expectedCrc,
        compressedSize: BIG,
        size: BIG,
        length: 24,
      });
      // The small entry starts beyond 4 GiB: an ordinary local header…
      const afterAt = descriptorAt + 24;
      expect(afterAt).toBeGreaterThan(2 ** 32);
      const afterLocal = readLocal(end, afterAt - base);
      expect(afterLocal.name.toString()).toBe(after.name);
      expect(afterLocal).toMatchObject({
        versionNeeded: 10,
        flags: FLAG_UTF8,
        crc: crc32('<testsuite name="after"/>\n'),
        compressedSize: after.size,
        size: after.size,
        extra: Buffer.alloc(0),
      });

      // …and a central record with its offset (and sizes) in the Zip64 extra, as
      // compress-commons writes it.
      const directory = parseDirectory(end, base);
      const [bigRecord, afterRecord] = directory.central as [CentralRecord, CentralRecord];
      expect(bigRecord).toMatchObject({
        versionNeeded: 45,
        crc: expectedCrc,
        raw: { compressedSize: MAGIC, size: MAGIC, localOffset: MAGIC, disk: 0 },
        zip64: { size: BIG, compressedSize: BIG, localOffset: 0 },
      });
      expect(afterRecord).toMatchObject({
        versionNeeded: 45,
        raw: { compressedSize: MAGIC, size: MAGIC, localOffset: MAGIC, disk: 0 },
        zip64: { size: after.size, compressedSize: after.size, localOffset: afterAt },
      });
      // The directory starts beyond 4 GiB: Zip64 end record and locator, magic values in the
      // classic end record.
      const directoryOffset = afterAt + 30 + afterLocal.name.length + after.size;
      expect(directory).toMatchObject({ entryCount: 2, directoryOffset });
      expect(directory.zip64End).toMatchObject({
        at: directoryOffset + directory.directorySize,
        entries: 2,
        entriesOnDisk: 2,
        directoryOffset,
      });
      expect(directory.locator).toMatchObject({ zip64EndOffset: directory.zip64End!.at, disks: 1 });
      expect(directory.end).toMatchObject({
        at: total - 22,
        entries: 0xffff,
        directorySize: MAGIC,
        directoryOffset: MAGIC,
      });
    }, 300_000);

    it.skipIf(!unzipAvailable)(
      'is valid for Info-ZIP unzip -t',
      async () => {
        const file = path.join(scratch.dir, 'big.zip');
        const zip = await bigZip();
        const result = await seconds('5 GiB: unzip -t', async () => unzipTest(zip, file));
        expect(result, result.output).toMatchObject({ status: 0 });
      },
      300_000,
    );
  });
});
