/**
 * An independent zip reader for assertions: yauzl 3.4.0 for the structure (it checks sizes
 * but not CRC-32), plus our own CRC-32 and sha256 over every inflated entry.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import yauzl from 'yauzl';

/** One entry as read back. */
export interface ReadEntry {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly crcOk: boolean;
  readonly compressionMethod: number;
}

/** Read every entry of a zip held in memory; rejects on any structural error. */
export function readZip(buffer: Buffer): Promise<ReadEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true },
      (openError, zip) => {
        if (openError || !zip) {
          reject(openError ?? new Error('yauzl: no zip'));
          return;
        }
        const entries: ReadEntry[] = [];
        zip.on('error', reject);
        zip.on('end', () => resolve(entries));
        zip.on('entry', (entry: yauzl.Entry) => {
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) {
              reject(streamError ?? new Error('yauzl: no stream'));
              return;
            }
            const hash = createHash('sha256');
            let crc = 0;
            let size = 0;
            stream.on('data', (chunk: Buffer) => {
              hash.update(chunk);
              crc = zlib.crc32(chunk, crc);
              size += chunk.length;
            });
            stream.on('error', reject);
            stream.on('end', () => {
              entries.push({
                name: entry.fileName,
                size,
                sha256: hash.digest('hex'),
                crcOk: crc >>> 0 === entry.crc32 >>> 0,
                compressionMethod: entry.compressionMethod,
              });
              zip.readEntry();
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}

/** sha256 (hex) of a buffer or string. */
export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
