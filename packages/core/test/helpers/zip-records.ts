// A zip read record by record, independently of src/zip/records.ts, for tests that compare
// archives field by field: the end record (and the Zip64 end record and locator), every
// central directory record, and each entry's local header, data and data descriptor at the
// offset the directory gives. Throws on a bad signature or a record out of bounds. Also:
// Info-ZIP's `unzip -t` on an archive, when it is installed.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';

export const SIGNATURE = {
  local: 0x04034b50,
  descriptor: 0x08074b50,
  central: 0x02014b50,
  zip64End: 0x06064b50,
  zip64Locator: 0x07064b50,
  end: 0x06054b50,
} as const;

export const ZIP64_EXTRA_ID = 0x0001;
const MAGIC = 0xffffffff;
const MAGIC_SHORT = 0xffff;

export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_UTF8 = 0x0800;

export interface ExtraField {
  readonly id: number;
  readonly data: Buffer;
}

export interface CentralRecord {
  /** Where the record starts. */
  readonly at: number;
  readonly versionMadeBy: number;
  readonly versionNeeded: number;
  readonly flags: number;
  readonly method: number;
  readonly dosTime: number;
  readonly dosDate: number;
  readonly crc: number;
  /** The 4- and 2-byte fields as written (0xFFFFFFFF when the value is in the Zip64 extra). */
  readonly raw: {
    readonly compressedSize: number;
    readonly size: number;
    readonly localOffset: number;
    readonly disk: number;
  };
  readonly name: Buffer;
  readonly extra: Buffer;
  readonly extraFields: ExtraField[];
  readonly comment: Buffer;
  readonly internalAttributes: number;
  readonly externalAttributes: number;
  /** The Zip64 extended information field, when there is one, with the values it holds. */
  readonly zip64?: {
    readonly size?: number;
    readonly compressedSize?: number;
    readonly localOffset?: number;
    readonly disk?: number;
  };
  /** The values, from the Zip64 extra where the 4-byte field says so. */
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly disk: number;
}

export interface LocalHeader {
  readonly at: number;
  readonly versionNeeded: number;
  readonly flags: number;
  readonly method: number;
  readonly dosTime: number;
  readonly dosDate: number;
  readonly crc: number;
  /** The 4-byte fields as written. */
  readonly compressedSize: number;
  readonly size: number;
  readonly name: Buffer;
  readonly extra: Buffer;
  readonly extraFields: ExtraField[];
  /** The Zip64 extra field of a local header holds both sizes, 8 bytes each. */
  readonly zip64?: { readonly size: number; readonly compressedSize: number };
  readonly dataAt: number;
}

export interface DataDescriptor {
  readonly at: number;
  /** Whether it starts with the (optional) signature 0x08074b50. */
  readonly signed: boolean;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** 8-byte sizes (the local header has a Zip64 extra field). */
  readonly zip64: boolean;
  readonly length: number;
}

export interface ZipEntryRecords {
  readonly central: CentralRecord;
  readonly local: LocalHeader;
  /** The entry's data as stored (compressed or not). */
  readonly data: Buffer;
  readonly descriptor?: DataDescriptor;
  /** Where the entry (header, data, descriptor) ends. */
  readonly end: number;
}

export interface EndRecord {
  readonly at: number;
  readonly disk: number;
  readonly directoryDisk: number;
  readonly entriesOnDisk: number;
  readonly entries: number;
  readonly directorySize: number;
  readonly directoryOffset: number;
  readonly comment: Buffer;
}

export interface Zip64Locator {
  readonly at: number;
  readonly zip64EndDisk: number;
  readonly zip64EndOffset: number;
  readonly disks: number;
}

export interface Zip64EndRecord {
  readonly at: number;
  readonly recordSize: number;
  readonly versionMadeBy: number;
  readonly versionNeeded: number;
  readonly disk: number;
  readonly directoryDisk: number;
  readonly entriesOnDisk: number;
  readonly entries: number;
  readonly directorySize: number;
  readonly directoryOffset: number;
}

export interface ParsedZip extends Omit<ParsedDirectory, 'central'> {
  readonly entries: ZipEntryRecords[];
}

function fail(message: string): never {
  throw new Error(`zip-records: ${message}`);
}

function need(zip: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || at + length > zip.length) fail(`${what} at ${at} (+${length}) is out of bounds`);
}

function expectSignature(zip: Buffer, at: number, signature: number, what: string): void {
  need(zip, at, 4, what);
  const found = zip.readUInt32LE(at);
  if (found !== signature) {
    fail(`${what} at ${at}: signature 0x${found.toString(16)}, not 0x${signature.toString(16)}`);
  }
}

function uint64(zip: Buffer, at: number): number {
  const value = zip.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`64-bit value at ${at} is too big`);
  return Number(value);
}

export function extraFields(extra: Buffer): ExtraField[] {
  const fields: ExtraField[] = [];
  for (let at = 0; at < extra.length;) {
    if (at + 4 > extra.length) fail('truncated extra field header');
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (at + 4 + length > extra.length) fail(`extra field 0x${id.toString(16)} overruns`);
    fields.push({ id, data: extra.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return fields;
}

function findEnd(zip: Buffer): number {
  // The end record is 22 bytes plus a comment of up to 64 KiB.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (
      zip.readUInt32LE(at) === SIGNATURE.end &&
      at + 22 + zip.readUInt16LE(at + 20) === zip.length
    )
      return at;
  }
  return fail('no end of central directory record');
}

function readEnd(zip: Buffer, at: number): EndRecord {
  return {
    at,
    disk: zip.readUInt16LE(at + 4),
    directoryDisk: zip.readUInt16LE(at + 6),
    entriesOnDisk: zip.readUInt16LE(at + 8),
    entries: zip.readUInt16LE(at + 10),
    directorySize: zip.readUInt32LE(at + 12),
    directoryOffset: zip.readUInt32LE(at + 16),
    comment: zip.subarray(at + 22, at + 22 + zip.readUInt16LE(at + 20)),
  };
}

/** The locator before the end record at `endIndex`, and the Zip64 end record it points at. */
function readZip64(
  zip: Buffer,
  endIndex: number,
  base: number,
): { locator: Zip64Locator; zip64End: Zip64EndRecord } | undefined {
  const at = endIndex - 20;
  if (at < 0 || zip.readUInt32LE(at) !== SIGNATURE.zip64Locator) return undefined;
  const locator: Zip64Locator = {
    at: at + base,
    zip64EndDisk: zip.readUInt32LE(at + 4),
    zip64EndOffset: uint64(zip, at + 8),
    disks: zip.readUInt32LE(at + 16),
  };
  const endAt = locator.zip64EndOffset - base;
  expectSignature(zip, endAt, SIGNATURE.zip64End, 'Zip64 end record');
  need(zip, endAt, 56, 'Zip64 end record');
  const zip64End: Zip64EndRecord = {
    at: endAt + base,
    recordSize: uint64(zip, endAt + 4),
    versionMadeBy: zip.readUInt16LE(endAt + 12),
    versionNeeded: zip.readUInt16LE(endAt + 14),
    disk: zip.readUInt32LE(endAt + 16),
    directoryDisk: zip.readUInt32LE(endAt + 20),
    entriesOnDisk: uint64(zip, endAt + 24),
    entries: uint64(zip, endAt + 32),
    directorySize: uint64(zip, endAt + 40),
    directoryOffset: uint64(zip, endAt + 48),
  };
  return { locator, zip64End };
}

function readCentral(zip: Buffer, at: number): CentralRecord {
  expectSignature(zip, at, SIGNATURE.central, 'central directory record');
  need(zip, at, 46, 'central directory record');
  const nameLength = zip.readUInt16LE(at + 28);
  const extraLength = zip.readUInt16LE(at + 30);
  const commentLength = zip.readUInt16LE(at + 32);
  need(zip, at, 46 + nameLength + extraLength + commentLength, 'central directory record');
  const name = zip.subarray(at + 46, at + 46 + nameLength);
  const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
  const comment = zip.subarray(
    at + 46 + nameLength + extraLength,
    at + 46 + nameLength + extraLength + commentLength,
  );
  const raw = {
    compressedSize: zip.readUInt32LE(at + 20),
    size: zip.readUInt32LE(at + 24),
    localOffset: zip.readUInt32LE(at + 42),
    disk: zip.readUInt16LE(at + 34),
  };
  const fields = extraFields(extra);
  const zip64Field = fields.find((field) => field.id === ZIP64_EXTRA_ID);
  let zip64: CentralRecord['zip64'];
  if (zip64Field) {
    // Only the values whose 4-byte (2-byte) field is the magic value, in this order.
    const values: { size?: number; compressedSize?: number; localOffset?: number; disk?: number } =
      {};
    let next = 0;
    const take = (): number => {
      if (next + 8 > zip64Field.data.length) fail(`Zip64 extra of ${name.toString()} too short`);
      const value = uint64(zip64Field.data, next);
      next += 8;
      return value;
    };
    if (raw.size === MAGIC) values.size = take();
    if (raw.compressedSize === MAGIC) values.compressedSize = take();
    if (raw.localOffset === MAGIC) values.localOffset = take();
    if (raw.disk === MAGIC_SHORT) {
      if (next + 4 > zip64Field.data.length) fail('Zip64 extra without the disk');
      values.disk = zip64Field.data.readUInt32LE(next);
    }
    zip64 = values;
  }
  return {
    at,
    versionMadeBy: zip.readUInt16LE(at + 4),
    versionNeeded: zip.readUInt16LE(at + 6),
    flags: zip.readUInt16LE(at + 8),
    method: zip.readUInt16LE(at + 10),
    dosTime: zip.readUInt16LE(at + 12),
    dosDate: zip.readUInt16LE(at + 14),
    crc: zip.readUInt32LE(at + 16),
    raw,
    name,
    extra,
    extraFields: fields,
    comment,
    internalAttributes: zip.readUInt16LE(at + 36),
    externalAttributes: zip.readUInt32LE(at + 38),
    ...(zip64 ? { zip64 } : {}),
    compressedSize: zip64?.compressedSize ?? raw.compressedSize,
    size: zip64?.size ?? raw.size,
    localOffset: zip64?.localOffset ?? raw.localOffset,
    disk: zip64?.disk ?? raw.disk,
  };
}

export function readLocal(zip: Buffer, at: number): LocalHeader {
  expectSignature(zip, at, SIGNATURE.local, 'local file header');
  need(zip, at, 30, 'local file header');
  const nameLength = zip.readUInt16LE(at + 26);
  const extraLength = zip.readUInt16LE(at + 28);
  need(zip, at, 30 + nameLength + extraLength, 'local file header');
  const extra = zip.subarray(at + 30 + nameLength, at + 30 + nameLength + extraLength);
  const fields = extraFields(extra);
  const zip64Field = fields.find((field) => field.id === ZIP64_EXTRA_ID);
  if (zip64Field && zip64Field.data.length < 16) fail('local Zip64 extra without both sizes');
  return {
    at,
    versionNeeded: zip.readUInt16LE(at + 4),
    flags: zip.readUInt16LE(at + 6),
    method: zip.readUInt16LE(at + 8),
    dosTime: zip.readUInt16LE(at + 10),
    dosDate: zip.readUInt16LE(at + 12),
    crc: zip.readUInt32LE(at + 14),
    compressedSize: zip.readUInt32LE(at + 18),
    size: zip.readUInt32LE(at + 22),
    name: zip.subarray(at + 30, at + 30 + nameLength),
    extra,
    extraFields: fields,
    ...(zip64Field
      ? {
          zip64: {
            size: uint64(zip64Field.data, 0),
            compressedSize: uint64(zip64Field.data, 8),
          },
        }
      : {}),
    dataAt: at + 30 + nameLength + extraLength,
  };
}

export function readDescriptor(zip: Buffer, at: number, zip64: boolean): DataDescriptor {
  need(zip, at, 4, 'data descriptor');
  const signed = zip.readUInt32LE(at) === SIGNATURE.descriptor;
  const start = signed ? at + 4 : at;
  const length = (signed ? 4 : 0) + 4 + (zip64 ? 16 : 8);
  need(zip, at, length, 'data descriptor');
  return {
    at,
    signed,
    crc: zip.readUInt32LE(start),
    compressedSize: zip64 ? uint64(zip, start + 4) : zip.readUInt32LE(start + 4),
    size: zip64 ? uint64(zip, start + 12) : zip.readUInt32LE(start + 8),
    zip64,
    length,
  };
}

export interface ParsedDirectory {
  readonly end: EndRecord;
  readonly locator?: Zip64Locator;
  readonly zip64End?: Zip64EndRecord;
  /** Effective values (from the Zip64 end record when there is one). */
  readonly entryCount: number;
  readonly directoryOffset: number;
  readonly directorySize: number;
  readonly central: CentralRecord[];
}

/**
 * The end records and the central directory of a zip of which `zip` holds the bytes from
 * offset `base` to the end (the tail of an archive too big to keep). Offsets are the archive's.
 */
export function parseDirectory(zip: Buffer, base = 0): ParsedDirectory {
  const endIndex = findEnd(zip);
  const end = { ...readEnd(zip, endIndex), at: endIndex + base };
  const zip64 = readZip64(zip, endIndex, base);
  const entryCount = zip64?.zip64End.entries ?? end.entries;
  const directoryOffset = zip64?.zip64End.directoryOffset ?? end.directoryOffset;
  const directorySize = zip64?.zip64End.directorySize ?? end.directorySize;
  const central: CentralRecord[] = [];
  let at = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    const record = readCentral(zip, at - base);
    central.push({ ...record, at });
    at += 46 + record.name.length + record.extra.length + record.comment.length;
  }
  if (at !== directoryOffset + directorySize) {
    fail(`central directory ends at ${at}, not at ${directoryOffset + directorySize}`);
  }
  return { end, ...(zip64 ? zip64 : {}), entryCount, directoryOffset, directorySize, central };
}

/** Every record of `zip`, walked from its end record. */
export function parseZip(zip: Buffer): ParsedZip {
  const { central: records, ...directory } = parseDirectory(zip);
  const entries = records.map((central): ZipEntryRecords => {
    const local = readLocal(zip, central.localOffset);
    need(zip, local.dataAt, central.compressedSize, `data of ${central.name.toString()}`);
    const data = zip.subarray(local.dataAt, local.dataAt + central.compressedSize);
    const descriptor =
      (local.flags & FLAG_DATA_DESCRIPTOR) !== 0
        ? readDescriptor(zip, local.dataAt + central.compressedSize, local.zip64 !== undefined)
        : undefined;
    const end = local.dataAt + central.compressedSize + (descriptor?.length ?? 0);
    return { central, local, data, ...(descriptor ? { descriptor } : {}), end };
  });
  return { entries, ...directory };
}

/**
 * Gaps and overlaps in the archive: each entry must start where the one before ended, the
 * central directory right after the last entry, and the end records right after it.
 */
export function layoutProblems(zip: ParsedZip): string[] {
  const problems: string[] = [];
  let expected = 0;
  for (const entry of zip.entries) {
    if (entry.local.at !== expected) {
      problems.push(
        `${entry.central.name.toString()} starts at ${entry.local.at}, not ${expected}`,
      );
    }
    expected = entry.end;
  }
  if (zip.directoryOffset !== expected) {
    problems.push(`central directory at ${zip.directoryOffset}, not ${expected}`);
  }
  const afterDirectory = zip.directoryOffset + zip.directorySize;
  const next = zip.zip64End?.at ?? zip.end.at;
  if (next !== afterDirectory) problems.push(`end records at ${next}, not ${afterDirectory}`);
  if (zip.locator && zip.locator.at !== zip.end.at - 20) problems.push('locator misplaced');
  return problems;
}

/** Whether Info-ZIP's `unzip` is on the PATH. */
export const unzipAvailable = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

/** `unzip -t -q` of `zip` (written to `file` first, when given): its exit status and output. */
export async function unzipTest(
  zip: Buffer | undefined,
  file: string,
): Promise<{ status: number | null; output: string }> {
  if (zip) await writeFile(file, zip);
  const child = spawn('unzip', ['-t', '-q', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, output };
}
