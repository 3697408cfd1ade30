// Independent zip reading for assertions: yauzl (random access) plus our own CRC-32 check,
// since yauzl does not verify CRCs.
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { SelectedFile } from '../../src/files.js';

export interface UnzippedEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly data: Buffer;
  readonly crcOk: boolean;
  readonly lastModified: Date;
}

export interface UnzippedArchive {
  readonly entries: UnzippedEntry[];
  readonly entryCount: number;
  /** True when a Zip64 end-of-central-directory record is present. */
  readonly zip64: boolean;
}

/** Read every entry of a zip file or buffer. `keepData: false` skips entry contents. */
export async function unzip(source: string | Buffer, keepData = true): Promise<UnzippedArchive> {
  const buffer = typeof source === 'string' ? await readFile(source) : source;
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, strictFileNames: true });
  const entries: UnzippedEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => {
          if (keepData) chunks.push(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () => {
          const data = Buffer.concat(chunks);
          entries.push({
            name: entry.fileName,
            flags: entry.generalPurposeBitFlag,
            method: entry.compressionMethod,
            data,
            crcOk: !keepData || crc32(data) >>> 0 === entry.crc32,
            lastModified: entry.getLastModDate(),
          });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  // The Zip64 end-of-central-directory locator signature (PK\x06\x07).
  const zip64 = buffer
    .subarray(Math.max(0, buffer.length - 200))
    .includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
  return { entries, entryCount: zip.entryCount, zip64 };
}

/** Assert-friendly comparison of an archive with its sources: names in order and exact bytes. */
export async function compareWithSources(
  archive: UnzippedArchive,
  files: readonly SelectedFile[],
): Promise<{ names: string[]; mismatches: string[] }> {
  const mismatches: string[] = [];
  for (const [index, file] of files.entries()) {
    const entry = archive.entries[index];
    if (!entry) {
      mismatches.push(`missing ${file.name}`);
      continue;
    }
    const source = await readFile(file.path);
    if (entry.name !== file.name) mismatches.push(`name ${entry.name} != ${file.name}`);
    if (!entry.data.equals(source)) mismatches.push(`bytes differ for ${file.name}`);
    if (!entry.crcOk) mismatches.push(`crc mismatch for ${file.name}`);
  }
  if (archive.entries.length !== files.length) mismatches.push('entry count differs');
  return { names: archive.entries.map((e) => e.name), mismatches };
}
