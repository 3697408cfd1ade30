/**
 * The request body: the selected files, zipped (spooled to a temporary file, or zipped while
 * sending), behind the metadata part.
 */
import { selectFiles } from '../files.js';
import type { Metadata } from '../metadata.js';
import { prepareImportBody, type ImportBody } from '../multipart.js';
import type { UploadEvent } from './events.js';
import type { CheckedUpload } from './options.js';
import type { ReceiptFacts } from './receipt.js';

/**
 * Select the files and build the body. A function of its own so that nothing else keeps the
 * selection once a spooled body is written.
 */
export async function buildBody(
  upload: CheckedUpload,
  include: readonly string[],
  metadata: Metadata,
  buildStartedAt: Date | undefined,
  facts: ReceiptFacts,
  emit: (event: UploadEvent) => void,
): Promise<ImportBody> {
  const { files } = upload;
  const selection = await selectFiles({
    include,
    exclude: files.exclude,
    ...(files.baseDir !== undefined ? { baseDir: files.baseDir } : {}),
    ...(buildStartedAt ? { buildStartedAt } : {}),
    freshOnly: files.freshOnly,
    allowEmpty: files.allowEmpty,
    maxFiles: files.maxFiles,
    maxBytes: files.maxBytes,
    signal: upload.connection.signal,
  });
  facts.files = selection.files.length;
  facts.fileBytes = selection.totalBytes;
  for (const warning of selection.warnings) emit({ type: 'warning', warning });
  emit({
    type: 'files',
    files: selection.files,
    bytes: selection.totalBytes,
    baseDir: selection.baseDir,
  });

  const { signal } = upload.connection;
  return prepareImportBody({
    metadata,
    files: selection.files,
    level: upload.level,
    mode: upload.stream ? 'stream' : 'spool',
    ...(signal ? { signal } : {}),
  });
}
