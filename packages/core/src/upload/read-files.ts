/**
 * Reading the selected files' results on the main thread, with streaming reads: for `inspect`,
 * which zips nothing, and for a streamed upload that needs the results before it sends.
 */
import { createReadStream } from 'node:fs';
import { inspectStream, type FileResults, type InspectedFile } from '@xltv/results';
import { XltvError } from '../errors.js';
import type { SelectedFile } from '../files.js';

/** Files read at once: enough to overlap the disk with parsing, few enough to bound memory. */
const CONCURRENT_READS = 4;

/**
 * What each file holds, in the order of `files`.
 * @throws {XltvError} `UNREADABLE_FILE` (`{ path, name, reason }`), `ABORTED`
 */
export async function readFiles(
  files: readonly SelectedFile[],
  signal?: AbortSignal,
): Promise<InspectedFile[]> {
  const inspected = new Array<InspectedFile>(files.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < files.length) {
      if (signal?.aborted) throw new XltvError('ABORTED', 'reading the results was aborted');
      const index = next++;
      const file = files[index]!;
      inspected[index] = { file: file.name, results: await readOne(file, signal) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, files.length) }, reader));
  return inspected;
}

async function readOne(file: SelectedFile, signal: AbortSignal | undefined): Promise<FileResults> {
  try {
    const stream = createReadStream(file.path, signal ? { signal } : {});
    return await inspectStream(file.name, stream, { mtime: new Date(file.mtimeMs) });
  } catch (error) {
    if (signal?.aborted) throw new XltvError('ABORTED', 'reading the results was aborted');
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new XltvError('UNREADABLE_FILE', `cannot read ${file.name}`, {
      path: file.path,
      name: file.name,
      reason,
      count: 1,
    });
  }
}
