/**
 * The records of a zip archive (APPNOTE 6.3.10, docs/protocol.md §3), as bytes: local file
 * header, data descriptor, central directory record and the end records, Zip64 where a field
 * does not fit. Every entry is a regular `-rw-r--r--` file made on Unix, its name flagged
 * UTF-8, its date in UTC. The field values follow compress-commons (archiver's own zip engine)
 * except where it is wasteful: a data descriptor only when the sizes are unknown as the header
 * is written, and "version needed" per entry rather than per archive.
 */

/** One entry as the archive records it; all the central directory keeps per entry. */
export interface EntryRecord {
  /** The entry name as UTF-8. */
  readonly name: Buffer;
  /** {@link METHOD_STORED} or {@link METHOD_DEFLATED}. */
  readonly method: number;
  /** Whether the sizes and CRC follow the data in a data descriptor. */
  readonly descriptor: boolean;
  /** MS-DOS date (high 16 bits) and time (low 16 bits), see {@link dosDateTime}. */
  readonly dosDateTime: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where the local header starts in the archive. */
  readonly offset: number;
}

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

const SIGNATURE_LOCAL_FILE_HEADER = 0x04034b50;
const SIGNATURE_DATA_DESCRIPTOR = 0x08074b50;
const SIGNATURE_CENTRAL_DIRECTORY = 0x02014b50;
const SIGNATURE_ZIP64_END = 0x06064b50;
const SIGNATURE_ZIP64_LOCATOR = 0x07064b50;
const SIGNATURE_END = 0x06054b50;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
/** "Version made by": Unix (3) in the high byte, APPNOTE 4.5 in the low byte. */
const VERSION_MADE_BY_UNIX = (3 << 8) | 45;
const VERSION_STORED = 10;
const VERSION_DEFLATED = 20;
const VERSION_ZIP64 = 45;
/** Regular file, mode 0644, in the high 16 bits; the MS-DOS "archive" attribute in the low. */
const EXTERNAL_ATTRIBUTES_FILE = ((0o100644 << 16) | 0x20) >>> 0;
/** A 4-byte field that does not fit: the value is in the Zip64 extra field. */
export const ZIP64_MAGIC = 0xffffffff;
const ZIP64_MAGIC_SHORT = 0xffff;
const ZIP64_EXTRA_ID = 0x0001;

/**
 * `date` as an MS-DOS date and time in UTC (2 s resolution, seconds rounded down), clamped to
 * what the format can hold: 1980-01-01 00:00:00 to 2043-12-31 23:59:58, as compress-commons
 * does.
 */
export function dosDateTime(date: Date): number {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1980) return 0x00210000; // 1980-01-01 00:00:00
  if (year >= 2044) return 0x7f9fbf7d; // 2043-12-31 23:59:58
  return (
    (((year - 1980) << 25) |
      ((date.getUTCMonth() + 1) << 21) |
      (date.getUTCDate() << 16) |
      (date.getUTCHours() << 11) |
      (date.getUTCMinutes() << 5) |
      (date.getUTCSeconds() >> 1)) >>>
    0
  );
}

/** Whether a size of the entry needs Zip64 (also decided before the sizes are known). */
function zip64Sizes(entry: EntryRecord): boolean {
  return entry.size >= ZIP64_MAGIC || entry.compressedSize >= ZIP64_MAGIC;
}

function versionNeeded(entry: EntryRecord, zip64: boolean): number {
  if (zip64) return VERSION_ZIP64;
  return entry.method === METHOD_DEFLATED || entry.descriptor ? VERSION_DEFLATED : VERSION_STORED;
}

function flags(entry: EntryRecord): number {
  return FLAG_UTF8_NAME | (entry.descriptor ? FLAG_DATA_DESCRIPTOR : 0);
}

/**
 * The local file header of `entry`. With a data descriptor its CRC and sizes are zero (they
 * follow the data); `zip64` (an entry whose sizes may reach 4 GiB) gives it a Zip64 extra
 * field, with the sizes when they are known and zeros when the descriptor carries them.
 */
export function localFileHeader(entry: EntryRecord, zip64: boolean): Buffer {
  const extraLength = zip64 ? 20 : 0;
  const header = Buffer.allocUnsafe(30 + entry.name.length + extraLength);
  const known = !entry.descriptor;
  header.writeUInt32LE(SIGNATURE_LOCAL_FILE_HEADER, 0);
  header.writeUInt16LE(versionNeeded(entry, zip64), 4);
  header.writeUInt16LE(flags(entry), 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt32LE(entry.dosDateTime, 10);
  header.writeUInt32LE(known ? entry.crc : 0, 14);
  header.writeUInt32LE(zip64 ? ZIP64_MAGIC : known ? entry.compressedSize : 0, 18);
  header.writeUInt32LE(zip64 ? ZIP64_MAGIC : known ? entry.size : 0, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extraLength, 28);
  entry.name.copy(header, 30);
  if (zip64) {
    const at = 30 + entry.name.length;
    header.writeUInt16LE(ZIP64_EXTRA_ID, at);
    header.writeUInt16LE(16, at + 2);
    header.writeBigUInt64LE(BigInt(known ? entry.size : 0), at + 4);
    header.writeBigUInt64LE(BigInt(known ? entry.compressedSize : 0), at + 12);
  }
  return header;
}

/** The data descriptor after an entry's data; 8-byte sizes when the header announced Zip64. */
export function dataDescriptor(entry: EntryRecord, zip64: boolean): Buffer {
  const descriptor = Buffer.allocUnsafe(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(SIGNATURE_DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
    descriptor.writeBigUInt64LE(BigInt(entry.size), 16);
  } else {
    descriptor.writeUInt32LE(entry.compressedSize, 8);
    descriptor.writeUInt32LE(entry.size, 12);
  }
  return descriptor;
}

/**
 * The central directory record of `entry`. An entry whose sizes or offset reach 4 GiB gets
 * the Zip64 extra field with all three in 8 bytes and 0xFFFFFFFF in the 4-byte fields, as
 * compress-commons writes it.
 */
export function centralDirectoryRecord(entry: EntryRecord): Buffer {
  const zip64 = zip64Sizes(entry) || entry.offset >= ZIP64_MAGIC;
  const extraLength = zip64 ? 28 : 0;
  const record = Buffer.allocUnsafe(46 + entry.name.length + extraLength);
  record.writeUInt32LE(SIGNATURE_CENTRAL_DIRECTORY, 0);
  record.writeUInt16LE(VERSION_MADE_BY_UNIX, 4);
  record.writeUInt16LE(versionNeeded(entry, zip64), 6);
  record.writeUInt16LE(flags(entry), 8);
  record.writeUInt16LE(entry.method, 10);
  record.writeUInt32LE(entry.dosDateTime, 12);
  record.writeUInt32LE(entry.crc, 16);
  record.writeUInt32LE(zip64 ? ZIP64_MAGIC : entry.compressedSize, 20);
  record.writeUInt32LE(zip64 ? ZIP64_MAGIC : entry.size, 24);
  record.writeUInt16LE(entry.name.length, 28);
  record.writeUInt16LE(extraLength, 30);
  record.writeUInt16LE(0, 32); // comment length
  record.writeUInt16LE(0, 34); // disk number
  record.writeUInt16LE(0, 36); // internal attributes
  record.writeUInt32LE(EXTERNAL_ATTRIBUTES_FILE, 38);
  record.writeUInt32LE(zip64 ? ZIP64_MAGIC : entry.offset, 42);
  entry.name.copy(record, 46);
  if (zip64) {
    const at = 46 + entry.name.length;
    record.writeUInt16LE(ZIP64_EXTRA_ID, at);
    record.writeUInt16LE(24, at + 2);
    record.writeBigUInt64LE(BigInt(entry.size), at + 4);
    record.writeBigUInt64LE(BigInt(entry.compressedSize), at + 12);
    record.writeBigUInt64LE(BigInt(entry.offset), at + 20);
  }
  return record;
}

/** Where the central directory is and how many records it holds. */
export interface CentralDirectory {
  readonly entries: number;
  readonly offset: number;
  readonly size: number;
}

/**
 * The records after the central directory: the end of central directory record, preceded by
 * the Zip64 end record and its locator when the entry count, the directory's size or its
 * offset does not fit (then every count, size and offset of the classic record is the magic
 * value, as compress-commons writes it).
 */
export function endRecords(directory: CentralDirectory): Buffer {
  // A field at its magic value means "see the Zip64 record", so the magic value itself needs one.
  const zip64 =
    directory.entries >= ZIP64_MAGIC_SHORT ||
    directory.size >= ZIP64_MAGIC ||
    directory.offset >= ZIP64_MAGIC;
  const end = Buffer.alloc((zip64 ? 56 + 20 : 0) + 22);
  let at = 0;
  if (zip64) {
    end.writeUInt32LE(SIGNATURE_ZIP64_END, 0);
    end.writeBigUInt64LE(44n, 4); // size of the rest of this record
    end.writeUInt16LE(VERSION_ZIP64, 12);
    end.writeUInt16LE(VERSION_ZIP64, 14);
    // 16, 20: this disk, the directory's disk: 0
    end.writeBigUInt64LE(BigInt(directory.entries), 24);
    end.writeBigUInt64LE(BigInt(directory.entries), 32);
    end.writeBigUInt64LE(BigInt(directory.size), 40);
    end.writeBigUInt64LE(BigInt(directory.offset), 48);
    end.writeUInt32LE(SIGNATURE_ZIP64_LOCATOR, 56);
    // 60: the Zip64 end record's disk: 0
    end.writeBigUInt64LE(BigInt(directory.offset + directory.size), 64);
    end.writeUInt32LE(1, 72); // total number of disks
    at = 76;
  }
  end.writeUInt32LE(SIGNATURE_END, at);
  // at + 4, at + 6: disk numbers: 0
  end.writeUInt16LE(zip64 ? ZIP64_MAGIC_SHORT : directory.entries, at + 8);
  end.writeUInt16LE(zip64 ? ZIP64_MAGIC_SHORT : directory.entries, at + 10);
  end.writeUInt32LE(zip64 ? ZIP64_MAGIC : directory.size, at + 12);
  end.writeUInt32LE(zip64 ? ZIP64_MAGIC : directory.offset, at + 16);
  // at + 20: comment length 0
  return end;
}
