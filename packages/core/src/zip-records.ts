/**
 * The two records of a zip entry whose sizes and CRC are known before it is written (a whole
 * file, see zip.ts): the local file header and the central directory record.
 *
 * They are the bytes compress-commons 7 (archiver's zip engine) writes for such an entry, as
 * archiver sets it up for a Buffer appended with `{ name, date }`, with the UTF-8 name flag on
 * (docs/protocol.md §3) and no data descriptor: Unix platform and `-rw-r--r--` regular-file
 * attributes, the date in UTC as a DOS date and time, "version needed" 20 (deflate) or 10 (a
 * stored archive), and a Zip64 extra field in the central record once the entry starts beyond
 * 4 GiB. A test writes the same entries with compress-commons and compares the bytes.
 *
 * Written here because compress-commons encodes every field as its own small Buffer and keeps
 * an entry object per file until the end: for many small files that churn dominates the
 * zip's time and memory.
 */

/** An entry whose data is written right after its local header, sizes and CRC known. */
export interface KnownSizeEntry {
  /** Entry name, written as UTF-8. */
  readonly name: string;
  /** UTF-8 length of {@link name}. */
  readonly nameLength: number;
  /** 0 (stored) or 8 (deflated). */
  readonly method: number;
  /** "Version needed to extract" of the local header. */
  readonly versionNeeded: number;
  /** MS-DOS date (high 16 bits) and time (low 16 bits), see {@link dosDateTime}. */
  readonly dosDateTime: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where the local header starts in the archive. */
  readonly offset: number;
}

const SIGNATURE_LOCAL_FILE_HEADER = 0x04034b50;
const SIGNATURE_CENTRAL_DIRECTORY = 0x02014b50;
const LOCAL_FILE_HEADER_BYTES = 30;
const CENTRAL_DIRECTORY_RECORD_BYTES = 46;
const FLAG_UTF8_NAME = 0x0800;
/** "Version made by": Unix (3) in the high byte, spec version 4.5 in the low byte. */
const VERSION_MADE_BY_UNIX = (3 << 8) | 45;
const VERSION_NEEDED_ZIP64 = 45;
/** Regular file, mode 0644, in the high 16 bits; the MS-DOS "archive" attribute in the low. */
const EXTERNAL_ATTRIBUTES_FILE = (((0o100644 << 16) | 0x20) >>> 0) as number;
const ZIP64_MAGIC = 0xffffffff;
const ZIP64_EXTRA_ID = 0x0001;
const ZIP64_EXTRA_BYTES = 28;

/**
 * `date` as an MS-DOS date and time in UTC (2 s resolution, seconds rounded down), clamped to
 * what the format can hold: 1980-01-01 00:00:00 to 2043-12-31 23:59:58, as compress-commons
 * does.
 */
export function dosDateTime(date: Date): number {
  const year = date.getUTCFullYear();
  if (year < 1980) return 0x00210000; // 1980-01-01 00:00:00
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

/** Length of the local file header of `entry`. */
export function localFileHeaderLength(entry: KnownSizeEntry): number {
  return LOCAL_FILE_HEADER_BYTES + entry.nameLength;
}

/**
 * Write the local file header of `entry` into `target` at `position` (room for
 * {@link localFileHeaderLength} bytes); the entry's data follows it.
 */
export function writeLocalFileHeader(
  entry: KnownSizeEntry,
  target: Buffer,
  position: number,
): void {
  target.writeUInt32LE(SIGNATURE_LOCAL_FILE_HEADER, position);
  target.writeUInt16LE(entry.versionNeeded, position + 4);
  target.writeUInt16LE(FLAG_UTF8_NAME, position + 6);
  target.writeUInt16LE(entry.method, position + 8);
  target.writeUInt32LE(entry.dosDateTime, position + 10);
  target.writeUInt32LE(entry.crc, position + 14);
  target.writeUInt32LE(entry.compressedSize, position + 18);
  target.writeUInt32LE(entry.size, position + 22);
  target.writeUInt16LE(entry.nameLength, position + 26);
  target.writeUInt16LE(0, position + 28); // no extra field
  target.write(entry.name, position + LOCAL_FILE_HEADER_BYTES, entry.nameLength, 'utf8');
}

/** Length of the central directory record of `entry` (see {@link writeCentralDirectoryRecord}). */
export function centralDirectoryRecordLength(entry: KnownSizeEntry): number {
  return (
    CENTRAL_DIRECTORY_RECORD_BYTES +
    entry.nameLength +
    (entry.offset > ZIP64_MAGIC ? ZIP64_EXTRA_BYTES : 0)
  );
}

/**
 * Write the central directory record of `entry` into `target` at `position` (room for
 * {@link centralDirectoryRecordLength} bytes). An entry that starts beyond 4 GiB gets the
 * Zip64 extra field (sizes and offset in 8 bytes each, the 4-byte fields set to 0xFFFFFFFF).
 */
export function writeCentralDirectoryRecord(
  entry: KnownSizeEntry,
  target: Buffer,
  position: number,
): void {
  const zip64 = entry.offset > ZIP64_MAGIC;
  const at = (offset: number): number => position + offset;
  target.writeUInt32LE(SIGNATURE_CENTRAL_DIRECTORY, at(0));
  target.writeUInt16LE(VERSION_MADE_BY_UNIX, at(4));
  target.writeUInt16LE(zip64 ? VERSION_NEEDED_ZIP64 : entry.versionNeeded, at(6));
  target.writeUInt16LE(FLAG_UTF8_NAME, at(8));
  target.writeUInt16LE(entry.method, at(10));
  target.writeUInt32LE(entry.dosDateTime, at(12));
  target.writeUInt32LE(entry.crc, at(16));
  target.writeUInt32LE(zip64 ? ZIP64_MAGIC : entry.compressedSize, at(20));
  target.writeUInt32LE(zip64 ? ZIP64_MAGIC : entry.size, at(24));
  target.writeUInt16LE(entry.nameLength, at(28));
  target.writeUInt16LE(zip64 ? ZIP64_EXTRA_BYTES : 0, at(30));
  target.writeUInt16LE(0, at(32)); // comment length
  target.writeUInt16LE(0, at(34)); // disk number
  target.writeUInt16LE(0, at(36)); // internal attributes
  target.writeUInt32LE(EXTERNAL_ATTRIBUTES_FILE, at(38));
  target.writeUInt32LE(zip64 ? ZIP64_MAGIC : entry.offset, at(42));
  target.write(entry.name, at(CENTRAL_DIRECTORY_RECORD_BYTES), entry.nameLength, 'utf8');
  if (zip64) {
    const extra = at(CENTRAL_DIRECTORY_RECORD_BYTES + entry.nameLength);
    target.writeUInt16LE(ZIP64_EXTRA_ID, extra);
    target.writeUInt16LE(ZIP64_EXTRA_BYTES - 4, extra + 2);
    target.writeBigUInt64LE(BigInt(entry.size), extra + 4);
    target.writeBigUInt64LE(BigInt(entry.compressedSize), extra + 12);
    target.writeBigUInt64LE(BigInt(entry.offset), extra + 20);
  }
}
