// The records zip-records.ts writes must be the bytes compress-commons (archiver's zip engine)
// writes for the same entry, set up the way archiver sets up a Buffer appended with
// `{ name, date }` and the way this project's zip adjusts it (UTF-8 flag on every name; sizes
// and CRC known, so no data descriptor).
import { ZipArchiveEntry, ZipArchiveOutputStream } from 'compress-commons';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centralDirectoryRecordLength,
  dosDateTime,
  type KnownSizeEntry,
  localFileHeaderLength,
  writeCentralDirectoryRecord,
  writeLocalFileHeader,
} from '../src/zip-records.js';

interface Case {
  name: string;
  date: Date;
  level: number;
  stored: boolean;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** compress-commons' local header and central record for `c`, through its own writers. */
function compressCommonsRecords(c: Case): { local: Buffer; central: Buffer } {
  const engine = new ZipArchiveOutputStream({ zlib: { level: c.level } });
  const entry = new ZipArchiveEntry(c.name);
  // What zip-stream does for `append(buffer, { name, date })` (archiver's default mode 0644).
  entry.setTime(c.date, false);
  if (c.level === 0) entry.setMethod(0);
  entry.setUnixMode(0o644);
  // The project's hook on _normalizeEntry, then compress-commons' normalisation.
  entry.getGeneralPurposeBit().useUTF8ForNames(true);
  engine._normalizeEntry(entry);
  // Sizes and CRC known before the header: no data descriptor.
  entry.setMethod(c.stored ? 0 : 8);
  entry.setSize(c.size);
  entry.setCompressedSize(c.compressedSize);
  entry.setCrc(c.crc);
  entry.getGeneralPurposeBit().useDataDescriptor(false);
  const capture = (write: () => void): Buffer => {
    const pieces: Buffer[] = [];
    engine.write = (chunk: Buffer | string) => {
      pieces.push(Buffer.from(chunk));
      return true;
    };
    write();
    return Buffer.concat(pieces);
  };
  engine.offset = c.offset;
  const local = capture(() => engine._writeLocalFileHeader(entry));
  const central = capture(() => engine._writeCentralFileHeader(entry));
  return { local, central };
}

function ourRecords(c: Case): { local: Buffer; central: Buffer } {
  const entry: KnownSizeEntry = {
    name: c.name,
    nameLength: Buffer.byteLength(c.name),
    method: c.stored ? 0 : 8,
    versionNeeded: c.level === 0 ? 10 : 20,
    dosDateTime: dosDateTime(c.date),
    crc: c.crc,
    compressedSize: c.compressedSize,
    size: c.size,
    offset: c.offset,
  };
  // At an offset inside larger buffers, as the zip writes them.
  const local = Buffer.alloc(localFileHeaderLength(entry) + 10);
  writeLocalFileHeader(entry, local, 5);
  const central = Buffer.alloc(centralDirectoryRecordLength(entry) + 10);
  writeCentralDirectoryRecord(entry, central, 7);
  return {
    local: local.subarray(5, local.length - 5),
    central: central.subarray(7, central.length - 3),
  };
}

const GIB4 = 2 ** 32;

const names = fc.oneof(
  fc.constantFrom('a.xml', 'build/test-results/TEST-ü€漢.xml', 'dir with space/x y.xml'),
  fc
    .array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), {
      minLength: 1,
      maxLength: 6,
    })
    .map((segments) => segments.join('/'))
    .filter((name) => !/[\\:]|^\/|\/$|\/\//.test(name) && !name.split('/').includes('..')),
);
const dates = fc.oneof(
  fc.date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2110-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc.constantFrom(
    new Date('1979-12-31T23:59:59.999Z'),
    new Date('1980-01-01T00:00:00Z'),
    new Date('2026-11-29T03:17:59.500Z'),
    new Date('2043-12-31T23:59:59Z'),
    new Date('2044-01-01T00:00:00Z'),
  ),
);
const offsets = fc.oneof(
  fc.constantFrom(0, GIB4 - 1, GIB4, GIB4 + 1, 5 * GIB4 + 12_345),
  fc.integer({ min: 0, max: 2 ** 40 }),
);
const cases = fc.record({
  name: names,
  date: dates,
  level: fc.integer({ min: 0, max: 9 }),
  stored: fc.boolean(),
  crc: fc.integer({ min: 0, max: GIB4 - 1 }),
  compressedSize: fc.integer({ min: 0, max: 1024 * 1024 + 1024 }),
  size: fc.integer({ min: 0, max: 1024 * 1024 }),
  offset: offsets,
});

describe('zip records', () => {
  it('are the bytes compress-commons writes for the same entry', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const ours = ourRecords(c);
        const theirs = compressCommonsRecords(c);
        expect(ours.local.toString('hex')).toBe(theirs.local.toString('hex'));
        expect(ours.central.toString('hex')).toBe(theirs.central.toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });

  it('give an entry past 4 GiB the Zip64 extra field in the central record only', () => {
    const c: Case = {
      name: 'far.xml',
      date: new Date('2026-11-29T00:00:00Z'),
      level: 1,
      stored: false,
      crc: 0x12345678,
      compressedSize: 100,
      size: 400,
      offset: GIB4 + 7,
    };
    const { local, central } = ourRecords(c);
    expect(local.readUInt16LE(28)).toBe(0); // no extra in the local header
    expect(central.readUInt32LE(42)).toBe(0xffffffff);
    const extra = central.subarray(46 + 'far.xml'.length);
    expect(extra.readUInt16LE(0)).toBe(0x0001);
    expect(extra.readBigUInt64LE(20)).toBe(BigInt(GIB4 + 7));
    // One byte before the limit, the offset still fits the 4-byte field.
    const near = ourRecords({ ...c, offset: GIB4 - 1 }).central;
    expect(near.readUInt32LE(42)).toBe(GIB4 - 1);
    expect(near.length).toBe(46 + 'far.xml'.length);
  });

  it('date entries in UTC with 2-second resolution, clamped to 1980–2043', () => {
    expect(dosDateTime(new Date('2026-11-29T03:17:59.900Z'))).toBe(
      ((2026 - 1980) << 25) | (11 << 21) | (29 << 16) | (3 << 11) | (17 << 5) | 29,
    );
    expect(dosDateTime(new Date('1975-06-01T00:00:00Z'))).toBe(
      dosDateTime(new Date('1980-01-01T00:00:00Z')),
    );
    expect(dosDateTime(new Date('2100-01-01T00:00:00Z'))).toBe(
      dosDateTime(new Date('2043-12-31T23:59:58Z')),
    );
  });
});
