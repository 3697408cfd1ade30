/**
 * Reading a received zip back, entry by entry, with yauzl (sizes validated) plus a CRC-32 of
 * every entry computed with zlib.crc32 (yauzl checks no CRC) while the sha256 is computed:
 * one pass over the data proves the archive intact and fingerprints every file. Entry names
 * are checked here, not by yauzl, so each problem gets its own error code.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { badRequest } from './errors.js';
import type { ImportRejection } from './errors.js';

/** A regular file inside a received zip. */
export interface ZipEntryInfo {
  /** The entry name: UTF-8, `/`-separated, relative. */
  readonly path: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  /** sha256 of the uncompressed content, lowercase hex. */
  readonly sha256: string;
  /** CRC-32 of the content (checked against the archive's), as an unsigned integer. */
  readonly crc32: number;
  /** Compressed size in bytes. */
  readonly compressedSize: number;
  /** 0 (stored) or 8 (deflate). */
  readonly compressionMethod: number;
}

/**
 * Something that reads an entry's content as it streams by (the result reader). It must not
 * throw: the chunks are the same ones that are hashed and CRC-checked.
 */
export interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

/** Makes the {@link EntrySink} of a regular file entry, given its name and modification time. */
export type EntrySinkFactory = (name: string, mtime: Date) => EntrySink;

/** The language encoding flag: the name is UTF-8 (APPNOTE 4.4.4, bit 11). */
const UTF8_FLAG = 0x800;
const UNIX_FILE_TYPE_MASK = 0o170000;
const UNIX_SYMLINK = 0o120000;
const UNIX_REGULAR = 0o100000;
const UNIX_DIRECTORY = 0o040000;

/**
 * Check a zip file and describe its regular files in archive order. Directory entries are
 * skipped. Throws 400 `CORRUPT_ZIP`, `UNSUPPORTED_ZIP_FEATURE`, `UNSAFE_ENTRY_NAME` or
 * `DUPLICATE_ENTRY`. With `sinkFor`, each regular file's content is also fed to a sink in
 * the same pass, so reading it costs no second decompression.
 */
export async function inspectZip(
  file: string,
  sinkFor?: EntrySinkFactory,
): Promise<ZipEntryInfo[]> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw corrupt(`The results part is not a readable zip: ${reason(error)}.`);
  }
  try {
    const entries: ZipEntryInfo[] = [];
    const seen = new Set<string>();
    for await (const entry of iterateEntries(zip)) {
      const name = checkedEntryName(entry);
      if (seen.has(name)) {
        throw badRequest('DUPLICATE_ENTRY', `The zip holds ${JSON.stringify(name)} twice.`);
      }
      seen.add(name);
      const fileType = unixFileType(entry);
      if (fileType === UNIX_SYMLINK) {
        throw badRequest(
          'UNSAFE_ENTRY_NAME',
          `Zip entry ${JSON.stringify(name)} is a symbolic link; only regular files are accepted.`,
        );
      }
      if (name.endsWith('/') || fileType === UNIX_DIRECTORY) {
        if (entry.uncompressedSize !== 0) {
          throw corrupt(`Directory entry ${JSON.stringify(name)} has content.`);
        }
        continue;
      }
      if (fileType !== undefined && fileType !== UNIX_REGULAR) {
        throw badRequest(
          'UNSAFE_ENTRY_NAME',
          `Zip entry ${JSON.stringify(name)} is not a regular file.`,
        );
      }
      entries.push(await fingerprint(zip, entry, name, sinkFor));
    }
    return entries;
  } finally {
    zip.close();
  }
}

/**
 * yauzl's entries one at a time, errors surfaced as {@link ImportRejection}s. (Not
 * `eachEntry()`: an error event between two `next()` calls would escape it.)
 */
async function* iterateEntries(zip: ZipFile): AsyncGenerator<Entry> {
  let failure: unknown;
  zip.on('error', (error: unknown) => {
    failure ??= error;
  });
  for (;;) {
    let entry: Entry | undefined;
    try {
      entry = await new Promise<Entry | undefined>((resolve, reject) => {
        if (failure !== undefined) {
          reject(failure);
          return;
        }
        const settle = (): void => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        const onEntry = (next: Entry): void => {
          settle();
          resolve(next);
        };
        const onEnd = (): void => {
          settle();
          resolve(undefined);
        };
        const onError = (error: unknown): void => {
          settle();
          reject(error);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
    } catch (error) {
      throw corrupt(`The zip's central directory is damaged: ${reason(error)}.`);
    }
    if (entry === undefined) return;
    yield entry;
  }
}

async function fingerprint(
  zip: ZipFile,
  entry: Entry,
  name: string,
  sinkFor: EntrySinkFactory | undefined,
): Promise<ZipEntryInfo> {
  if (entry.isEncrypted()) {
    throw badRequest('UNSUPPORTED_ZIP_FEATURE', `Zip entry ${JSON.stringify(name)} is encrypted.`);
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw badRequest(
      'UNSUPPORTED_ZIP_FEATURE',
      `Zip entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are accepted.`,
    );
  }
  const hash = createHash('sha256');
  const sink = sinkFor?.(name, entry.getLastModDate());
  let crc = 0;
  let size = 0;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      sink?.write(chunk);
      hash.update(chunk);
      crc = crc32(chunk, crc);
      size += chunk.length;
    }
  } catch (error) {
    throw corrupt(`Zip entry ${JSON.stringify(name)} cannot be read: ${reason(error)}.`);
  }
  if (crc !== entry.crc32) {
    throw corrupt(
      `Zip entry ${JSON.stringify(name)} fails its CRC-32 check (archive says ${hex(entry.crc32)}, content is ${hex(crc)}).`,
    );
  }
  sink?.end();
  return {
    path: name,
    size,
    sha256: hash.digest('hex'),
    crc32: crc,
    compressedSize: entry.compressedSize,
    compressionMethod: entry.compressionMethod,
  };
}

/**
 * The entry's name, or a 400 `UNSAFE_ENTRY_NAME`: docs/protocol.md §3 wants UTF-8 names (bit 11
 * set when a name is not plain ASCII), `/` separators, relative paths, no `..`. Empty and `.`
 * segments are refused too: stored paths must be canonical so that the same file always has
 * the same name (run keys depend on it).
 */
export function checkedEntryName(
  entry: Pick<Entry, 'fileNameRaw' | 'generalPurposeBitFlag'>,
): string {
  const raw = entry.fileNameRaw;
  const shown = JSON.stringify(raw.toString('latin1'));
  const unsafe = (why: string): ImportRejection =>
    badRequest('UNSAFE_ENTRY_NAME', `Zip entry name ${shown} ${why}.`);
  if (raw.length === 0) throw unsafe('is empty');
  const nonAscii = raw.some((byte) => byte >= 0x80);
  if (nonAscii && (entry.generalPurposeBitFlag & UTF8_FLAG) === 0) {
    throw unsafe('is not ASCII and the UTF-8 flag (bit 11) is not set');
  }
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw unsafe('is not valid UTF-8');
  }
  const describe = JSON.stringify(name);
  const refuse = (why: string): ImportRejection =>
    badRequest('UNSAFE_ENTRY_NAME', `Zip entry name ${describe} ${why}.`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse('contains a control character');
  if (name.includes('\\')) throw refuse('contains a backslash (separators must be "/")');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw refuse('is an absolute path');
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) throw refuse('contains a ".." segment (directory traversal)');
  if (segments.some((segment) => segment === '' || segment === '.')) {
    throw refuse('contains an empty or "." segment');
  }
  return name;
}

/** The Unix file type of an entry made on Unix, if it says. */
function unixFileType(entry: Entry): number | undefined {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & UNIX_FILE_TYPE_MASK;
  return madeOnUnix && mode !== 0 ? mode : undefined;
}

function corrupt(message: string): ImportRejection {
  return badRequest('CORRUPT_ZIP', message);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
