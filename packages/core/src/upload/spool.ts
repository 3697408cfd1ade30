/**
 * Keeping what could not be sent (docs/cli.md "Spool and flush"): with `spoolDir`, an upload
 * that failed for a transient reason after its retries is written to the spool directory, the
 * exact request and where it goes, for `flush` to send later. A refusal would fail again and
 * is never spooled.
 */
import type { ImportTarget } from '../client.js';
import { isXltvError, type XltvErrorCode, type XltvWarning } from '../errors.js';
import type { ImportBody } from '../multipart.js';
import {
  claim,
  entrySize,
  listEntries,
  newSpoolId,
  remove,
  spoolError,
  writeEntry,
  type SpoolEntry,
} from '../spool/store.js';
import type { ReceiptFacts, ReceiptSpool } from './receipt.js';

/** Failures another attempt later may get past: the server was down, slow or overloaded. */
const TRANSIENT_CODES: ReadonlySet<XltvErrorCode> = new Set(['NETWORK', 'TIMEOUT', 'SERVER_ERROR']);

/** Whether a failed upload is worth spooling. */
export function isSpoolable(error: unknown): boolean {
  return isXltvError(error) && TRANSIENT_CODES.has(error.code);
}

/** Where to spool and how much the directory may hold. */
export interface SpoolSettings {
  readonly dir: string;
  readonly maxBytes: number | undefined;
}

/**
 * Write the request to the spool; then drop the oldest other entries while the directory
 * holds more than `maxBytes`. An upload larger than `maxBytes` on its own is not kept.
 * @returns the entry, or undefined when the upload did not fit
 * @throws {XltvError} `SPOOL_ERROR` when the directory cannot be written
 */
export async function spoolRequest(
  settings: SpoolSettings,
  request: { baseUrl: string; target: ImportTarget; body: ImportBody; failure: unknown },
  facts: ReceiptFacts,
  warn: (warning: XltvWarning) => void,
): Promise<ReceiptSpool | undefined> {
  const { body, failure, target } = request;
  const { dir, maxBytes } = settings;
  if (maxBytes !== undefined && body.contentLength !== undefined && body.contentLength > maxBytes) {
    warnTooLarge(body.contentLength, maxBytes, warn);
    return undefined;
  }
  const id = newSpoolId();
  const receipt = facts.receipt('spooled');
  let size: number;
  try {
    size = await writeEntry(
      dir,
      {
        version: 1,
        id,
        createdAt: new Date().toISOString(),
        baseUrl: request.baseUrl,
        target: {
          testSpecId: target.testSpecId,
          ...(target.projectId !== undefined ? { projectId: target.projectId } : {}),
        },
        contentType: body.contentType,
        files: receipt.files,
        fileBytes: receipt.bytes.files,
        zipBytes: body.zipBytes ?? receipt.bytes.zip,
        metadata: receipt.metadata,
        reason: isXltvError(failure)
          ? { code: failure.code, message: failure.message }
          : { code: 'INTERNAL', message: String(failure) },
      },
      body.open(),
    );
  } catch (error) {
    throw isXltvError(error) ? error : spoolError(dir, error);
  }
  if (maxBytes === undefined) return { id, dir };
  return (await keepWithin(dir, id, size, maxBytes, warn)) ? { id, dir } : undefined;
}

/**
 * Drop the oldest entries other than `id` (never one a flush is sending) while the spool holds
 * more than `maxBytes`; drop `id` itself when it alone is larger.
 * @returns whether `id` is kept
 */
async function keepWithin(
  dir: string,
  id: string,
  size: number,
  maxBytes: number,
  warn: (warning: XltvWarning) => void,
): Promise<boolean> {
  const { ready } = await listEntries(dir);
  if (size > maxBytes) {
    const own = ready.find((entry) => entry.id === id);
    if (own) await drop(own);
    warnTooLarge(size, maxBytes, warn);
    return false;
  }
  const others = ready.filter((entry) => entry.id !== id);
  const sizes = await Promise.all(others.map(entrySize));
  let total = size + sizes.reduce((sum, entrySize) => sum + entrySize, 0);
  for (const [index, entry] of others.entries()) {
    if (total <= maxBytes) break;
    if (!(await drop(entry))) continue;
    total -= sizes[index] ?? 0;
    warn({
      code: 'SPOOL_DROPPED',
      message: `spooled upload ${entry.id} dropped: the spool would hold more than ${maxBytes} bytes`,
      details: { id: entry.id, reason: 'size', maxBytes },
    });
  }
  return true;
}

/** Remove an entry unless a flush has it: claimed first, so it is never removed mid-send. */
async function drop(entry: SpoolEntry): Promise<boolean> {
  const claimed = await claim(entry);
  if (claimed) await remove(claimed);
  return claimed !== undefined;
}

function warnTooLarge(size: number, maxBytes: number, warn: (warning: XltvWarning) => void): void {
  warn({
    code: 'SPOOL_FULL',
    message: `the upload (${size} bytes) is larger than the spool may hold (${maxBytes} bytes); not spooled`,
    details: { bytes: size, maxBytes },
  });
}
