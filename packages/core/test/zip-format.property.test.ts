// The proof of the bytes: random entry sets zipped by our archive (archiver + ZipFormat) and by
// compress-commons (archiver's own zip engine, public API only), both parsed record by record
// and compared field by field. Where we differ on purpose (records.ts), our value is asserted.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer as collect } from 'node:stream/consumers';
import { crc32, inflateRawSync } from 'node:zlib';
import { ZipArchiveEntry, ZipArchiveOutputStream } from 'compress-commons';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryNameProblem } from '../src/zip.js';
import { XltvZipArchive } from '../src/zip/archive.js';
import { ZipFormat } from '../src/zip/format.js';
import { unzip } from './helpers/unzip.js';
import {
  FLAG_DATA_DESCRIPTOR,
  FLAG_UTF8,
  layoutProblems,
  parseZip,
  unzipAvailable,
  unzipTest,
  type ZipEntryRecords,
} from './helpers/zip-records.js';

/** Small blocks, so that entries of several blocks are cheap to make. */
const BLOCK_BYTES = 16 * 1024;
const NUM_RUNS = 60;

type ContentKind = 'empty' | 'tiny' | 'xml' | 'random';

/** An entry as fast-check shows it: the content as a recipe, not as 48 KiB of bytes. */
interface EntrySpec {
  readonly name: string;
  readonly date: Date;
  readonly kind: ContentKind;
  readonly size: number;
  readonly seed: number;
}

interface Input {
  readonly name: string;
  readonly date: Date;
  readonly content: Buffer;
}

/** xorshift32: reproducible incompressible bytes. */
function randomContent(size: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let state = seed >>> 0 || 0x9e3779b9;
  for (let at = 0; at < size; at++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[at] = state & 0xff;
  }
  return bytes;
}

/** Test-report-like XML: compressible, but not trivially. */
function xmlContent(size: number, seed: number): Buffer {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="suite">\n'];
  let length = lines[0]!.length;
  for (let n = seed % 997; length < size; n++) {
    const line = `  <testcase classname="com.example.Class${n % 13}" name="test ${n} ü" time="0.${(n * 7919) % 1000}"/>\n`;
    lines.push(line);
    length += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join('')).subarray(0, size);
}

function materialize(spec: EntrySpec): Input {
  const content =
    spec.kind === 'empty'
      ? Buffer.alloc(0)
      : spec.kind === 'xml'
        ? xmlContent(spec.size, spec.seed)
        : randomContent(spec.size, spec.seed);
  return { name: spec.name, date: spec.date, content };
}

const CHARACTERS = [
  ...'abcxyzABCXYZ0189-_.+~()[]@ ',
  'ü',
  'é',
  'ß',
  'ж',
  'λ',
  '漢',
  '字',
  'テ',
  '报',
  '😀',
  '🎉',
  '👩‍💻',
  '\u{20BB7}', // CJK Extension B, outside the BMP
];

const segmentArb = fc.oneof(
  fc.array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 10 }).map((c) => c.join('')),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  fc.constantFrom('build', 'test-results', 'TEST-com.example.FooTest.xml', 'レポート', '测试报告'),
);

const nameArb = fc
  .array(segmentArb, { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'))
  .filter((name) => entryNameProblem(name) === undefined);

const sizeArb = fc.oneof(
  fc.integer({ min: 1, max: 3 * BLOCK_BYTES + 100 }),
  fc.constantFrom(
    BLOCK_BYTES - 1,
    BLOCK_BYTES,
    BLOCK_BYTES + 1,
    2 * BLOCK_BYTES,
    2 * BLOCK_BYTES + 1,
    3 * BLOCK_BYTES,
  ),
);

const dateArb = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.date({
    min: new Date('1980-01-01T00:00:00Z'),
    max: new Date('2043-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  }),
  fc.constantFrom(
    new Date('1970-01-01T00:00:00Z'),
    new Date('1979-12-31T23:59:59Z'),
    new Date('1980-01-01T00:00:00Z'),
    new Date('1980-01-01T00:00:01Z'),
    new Date('2024-02-29T23:59:59.999Z'),
    new Date('2043-12-31T23:59:59Z'),
    new Date('2044-01-01T00:00:00Z'),
    new Date('2107-12-31T23:59:59Z'),
  ),
);

const entryArb: fc.Arbitrary<EntrySpec> = fc
  .record({
    name: nameArb,
    date: dateArb,
    kind: fc.constantFrom<ContentKind>('empty', 'tiny', 'xml', 'random'),
    size: sizeArb,
    seed: fc.nat(),
  })
  .map((spec) =>
    spec.kind === 'empty'
      ? { ...spec, size: 0 }
      : spec.kind === 'tiny'
        ? { ...spec, size: spec.size % 17 }
        : spec,
  );

const entriesArb = fc.uniqueArray(entryArb, {
  minLength: 1,
  maxLength: 12,
  selector: (entry) => entry.name,
});

const levelArb = fc.constantFrom(0, 1, 6, 9);

/** One set that has every kind of entry, tried before the random ones. */
const EXAMPLE: EntrySpec[] = [
  { name: 'empty.txt', date: new Date('1979-06-01T12:00:00Z'), kind: 'empty', size: 0, seed: 0 },
  { name: 'a/b/tiny.bin', date: new Date('2001-02-03T04:05:07Z'), kind: 'tiny', size: 3, seed: 1 },
  {
    name: 'reports/TEST-ü€漢.xml',
    date: new Date('2044-05-05T00:00:00Z'),
    kind: 'xml',
    size: BLOCK_BYTES,
    seed: 2,
  },
  {
    name: 'emoji/😀/three-blocks.xml',
    date: new Date('2020-01-01T00:00:59Z'),
    kind: 'xml',
    size: 3 * BLOCK_BYTES,
    seed: 3,
  },
  {
    name: '测试/random.bin',
    date: new Date('2010-10-10T10:10:11Z'),
    kind: 'random',
    size: BLOCK_BYTES + 1,
    seed: 4,
  },
];

async function zipOurs(inputs: readonly Input[], level: number): Promise<Buffer> {
  const format = new ZipFormat({ level, workers: 2, blockBytes: BLOCK_BYTES });
  const archive = new XltvZipArchive(format, 65536);
  const output = collect(archive);
  for (const input of inputs) archive.append(input.content, { name: input.name, date: input.date });
  await archive.finalize();
  return output;
}

async function zipCompressCommons(inputs: readonly Input[], level: number): Promise<Buffer> {
  const stream = new ZipArchiveOutputStream({ zlib: { level } });
  const output = collect(stream);
  for (const input of inputs) {
    const entry = new ZipArchiveEntry(input.name);
    entry.setTime(input.date, false);
    if (level === 0) entry.setMethod(0);
    entry.setUnixMode(0o644);
    await new Promise<void>((resolve, reject) => {
      stream.entry(entry, input.content, (error) => (error ? reject(error) : resolve()));
    });
  }
  stream.finish();
  return output;
}

/** The fields on which both writers must agree, central record and local header. */
function shared(entry: ZipEntryRecords): Record<string, unknown> {
  const { central, local } = entry;
  return {
    name: central.name,
    method: central.method,
    dosTime: central.dosTime,
    dosDate: central.dosDate,
    crc: central.crc,
    size: central.size,
    externalAttributes: central.externalAttributes,
    versionMadeBy: central.versionMadeBy,
    internalAttributes: central.internalAttributes,
    comment: central.comment,
    disk: central.disk,
    centralExtra: central.extra,
    localName: local.name,
    localMethod: local.method,
    localDosTime: local.dosTime,
    localDosDate: local.dosDate,
    localExtra: local.extra,
  };
}

/** Sizes and CRC as the entry states them after its data, or in its header. */
function statedAfter(entry: ZipEntryRecords): {
  crc: number;
  compressedSize: number;
  size: number;
} {
  const source = entry.descriptor ?? entry.local;
  return { crc: source.crc, compressedSize: source.compressedSize, size: source.size };
}

function compareEntries(
  ours: ZipEntryRecords,
  theirs: ZipEntryRecords,
  input: Input,
  level: number,
): void {
  const label = `${input.name} (${input.content.length} bytes, level ${level})`;
  const { content } = input;
  const multiBlock = content.length > BLOCK_BYTES;
  const method = level === 0 || content.length === 0 ? 0 : 8;
  const nonAscii = Buffer.byteLength(input.name) !== input.name.length;

  // Same as compress-commons…
  expect(shared(ours), label).toEqual(shared(theirs));
  // …and right.
  expect(ours.central.name.toString('utf8'), label).toBe(input.name);
  expect(ours.central.method, label).toBe(method);
  expect(ours.central.crc, label).toBe(crc32(content));
  expect(ours.central.size, label).toBe(content.length);
  expect(ours.central.externalAttributes, label).toBe(0x81a40020); // -rw-r--r-- file, archive bit
  expect(ours.central.versionMadeBy, label).toBe(0x032d); // Unix, 4.5
  expect(ours.central.extra.length + ours.local.extra.length, label).toBe(0);

  // Where we differ on purpose: UTF-8 flag on every entry (compress-commons: non-ASCII names
  // only), a data descriptor only on entries of several blocks (compress-commons: on every
  // entry it deflates), "version needed" per entry.
  const ourFlags = FLAG_UTF8 | (multiBlock ? FLAG_DATA_DESCRIPTOR : 0);
  expect(ours.central.flags, label).toBe(ourFlags);
  expect(ours.local.flags, label).toBe(ourFlags);
  const theirFlags = (nonAscii ? FLAG_UTF8 : 0) | (level === 0 ? 0 : FLAG_DATA_DESCRIPTOR);
  expect(theirs.central.flags, label).toBe(theirFlags);
  const ourVersion = method === 8 || multiBlock ? 20 : 10;
  expect(ours.central.versionNeeded, label).toBe(ourVersion);
  expect(ours.local.versionNeeded, label).toBe(ourVersion);
  expect(theirs.central.versionNeeded, label).toBe(level === 0 ? 10 : 20);

  // CRC and sizes in the local header unless there is a data descriptor.
  const stated = {
    crc: ours.central.crc,
    compressedSize: ours.central.compressedSize,
    size: ours.central.size,
  };
  if (multiBlock) {
    expect(
      { crc: ours.local.crc, c: ours.local.compressedSize, s: ours.local.size },
      label,
    ).toEqual({ crc: 0, c: 0, s: 0 });
    expect(ours.descriptor, label).toMatchObject({ signed: true, zip64: false, length: 16 });
  } else {
    expect(ours.descriptor, label).toBeUndefined();
  }
  expect(statedAfter(ours), label).toEqual(stated);
  expect(statedAfter(theirs), label).toEqual({
    crc: theirs.central.crc,
    compressedSize: theirs.central.compressedSize,
    size: theirs.central.size,
  });

  // The data: byte for byte compress-commons' in one block (same zlib, same level); in several,
  // sync-flushed blocks that inflate to the content.
  if (!multiBlock) {
    expect(ours.central.compressedSize, label).toBe(theirs.central.compressedSize);
    expect(ours.data.equals(theirs.data), `${label}: data bytes`).toBe(true);
  } else if (method === 0) {
    expect(ours.central.compressedSize, label).toBe(content.length);
    expect(ours.data.equals(content), `${label}: stored data`).toBe(true);
  } else {
    expect(inflateRawSync(ours.data).equals(content), `${label}: inflated data`).toBe(true);
  }
  const theirContent = method === 0 ? theirs.data : inflateRawSync(theirs.data);
  expect(theirContent.equals(content), `${label}: compress-commons' data`).toBe(true);
}

describe('our zip format, record by record against compress-commons', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'xltv-zip-format-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  it('writes the same fields, the same bytes for one-block entries, and a valid zip', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(entriesArb, levelArb, async (specs, level) => {
        const inputs = specs.map(materialize);
        const [ourZip, theirZip] = await Promise.all([
          zipOurs(inputs, level),
          zipCompressCommons(inputs, level),
        ]);
        const ours = parseZip(ourZip);
        const theirs = parseZip(theirZip);
        expect(layoutProblems(ours)).toEqual([]);
        expect(layoutProblems(theirs)).toEqual([]);

        // The end records: same counts, same directory size (records of the same length),
        // no Zip64, no comment.
        for (const zip of [ours, theirs]) {
          expect(zip.end).toMatchObject({
            disk: 0,
            directoryDisk: 0,
            entriesOnDisk: inputs.length,
            entries: inputs.length,
          });
          expect(zip.end.comment.length).toBe(0);
          expect(zip.locator).toBeUndefined();
        }
        expect(ours.end.directorySize).toBe(theirs.end.directorySize);
        expect(ours.entries).toHaveLength(inputs.length);
        expect(theirs.entries).toHaveLength(inputs.length);
        inputs.forEach((input, index) => {
          compareEntries(ours.entries[index]!, theirs.entries[index]!, input, level);
        });

        // Read back by yauzl (sizes validated, CRC checked by the helper), both zips.
        for (const zip of [ourZip, theirZip]) {
          const archive = await unzip(zip);
          expect(archive.entries.map((entry) => entry.name)).toEqual(inputs.map((i) => i.name));
          archive.entries.forEach((entry, index) => {
            expect(entry.data.equals(inputs[index]!.content), entry.name).toBe(true);
            expect(entry.crcOk, entry.name).toBe(true);
          });
        }

        if (unzipAvailable) {
          const result = await unzipTest(ourZip, path.join(scratch, `run-${run++}.zip`));
          expect(result, result.output).toMatchObject({ status: 0 });
        }
      }),
      {
        numRuns: NUM_RUNS,
        examples: [
          [EXAMPLE, 9],
          [EXAMPLE, 0],
        ],
      },
    );
  }, 60_000);
});
