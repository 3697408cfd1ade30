/**
 * `flush`: send every spooled upload, oldest first, with the credentials given now (the spool
 * never holds one). An upload the server accepted (a 304 too: it has the results) is removed;
 * any other stays for the next flush. Each entry is claimed before it is sent, so two flushes
 * at once never send one upload twice (docs/cli.md "Spool and flush").
 */
import {
  checkConnection,
  connect,
  type CheckedConnection,
  type ConnectionOptions,
} from '../connection.js';
import { isXltvError, type XltvWarning } from '../errors.js';
import { errorMessage } from '../http/failures.js';
import { parseBaseUrl } from '../http/url.js';
import { bodyFromFile } from '../multipart.js';
import { invalidOption, numberOption, stringOption } from '../option-checks.js';
import { knownSecrets } from '../secrets.js';
import type { WarningEvent } from '../upload/events.js';
import { ReceiptFacts, type Receipt } from '../upload/receipt.js';
import { isSpoolable } from '../upload/spool.js';
import {
  bodyPath,
  claim,
  listEntries,
  readRequest,
  release,
  remove,
  type SpoolEntry,
  type SpooledRequest,
} from './store.js';

/** Options of {@link flush}. */
export interface FlushOptions extends ConnectionOptions {
  /** The spool directory `upload` wrote to. */
  readonly spoolDir: string;
  /** Drop (with a warning) uploads spooled longer ago than this, in ms. */
  readonly maxAgeMs?: number;
  /** Called with each warning and with the receipt of each upload once it is done. */
  readonly onEvent?: (event: FlushEvent) => void;
}

/** What {@link flush} tells its caller while it runs. */
export type FlushEvent = WarningEvent | FlushedEvent;

/** One spooled upload was sent, or tried and kept. */
export interface FlushedEvent {
  readonly type: 'flushed';
  readonly receipt: Receipt;
}

/**
 * Send the spooled uploads.
 * @returns one receipt per upload tried, oldest first: `imported` or `nothing-new` (removed
 *   from the spool), `spooled` (a transient failure; kept) or `failed` (refused; kept)
 * @throws {XltvError} bad options before anything is read; `SPOOL_ERROR` when the directory
 *   cannot be read; `ABORTED` (the upload under way stays spooled)
 */
export async function flush(options: FlushOptions): Promise<Receipt[]> {
  const connection = checkConnection(options);
  const spoolDir = stringOption('spoolDir', options.spoolDir);
  if (spoolDir === undefined) throw invalidOption('spoolDir', 'missing');
  const maxAgeMs =
    options.maxAgeMs === undefined
      ? undefined
      : numberOption('maxAgeMs', options.maxAgeMs, { min: 1, max: Number.MAX_SAFE_INTEGER }, 0);
  const onEvent = options.onEvent ?? (() => undefined);
  if (typeof onEvent !== 'function') throw invalidOption('onEvent', 'type', { type: 'function' });
  const warn = (warning: XltvWarning): void => onEvent({ type: 'warning', warning });
  const onlyServer = connection.url !== undefined ? parseBaseUrl(connection.url).base : undefined;
  const secrets = knownSecrets(connection);

  const { ready, claimed } = await listEntries(spoolDir);
  const entries = [...ready, ...claimed].sort((a, b) => a.id.localeCompare(b.id));
  const receipts: Receipt[] = [];
  for (const entry of entries) {
    const mine = await claim(entry);
    if (!mine) continue;
    const request = await readRequest(mine).catch(async (error: unknown) => {
      await release(mine);
      warn({ code: 'SPOOL_UNREADABLE', message: errorMessage(error), details: { id: entry.id } });
    });
    if (!request) continue;
    if (maxAgeMs !== undefined && Date.now() - Date.parse(request.createdAt) > maxAgeMs) {
      await remove(mine);
      warn({
        code: 'SPOOL_DROPPED',
        message: `spooled upload ${entry.id} dropped: spooled at ${request.createdAt}, longer ago than allowed`,
        details: { id: entry.id, reason: 'age', createdAt: request.createdAt, maxAgeMs },
      });
      continue;
    }
    if (onlyServer !== undefined && onlyServer !== request.baseUrl) {
      await release(mine);
      warn({
        code: 'SPOOL_OTHER_SERVER',
        message: `spooled upload ${entry.id} is for ${request.baseUrl}; kept`,
        details: { id: entry.id, baseUrl: request.baseUrl },
      });
      continue;
    }
    const facts = new ReceiptFacts(secrets);
    facts.spool = { id: entry.id, dir: spoolDir };
    const receipt = await send(
      mine,
      request,
      { ...connection, url: connection.url ?? request.baseUrl },
      facts,
      warn,
    );
    receipts.push(receipt);
    onEvent({ type: 'flushed', receipt });
  }
  return receipts;
}

/** Send one claimed entry; remove it when accepted, else give it back. */
async function send(
  entry: SpoolEntry,
  request: SpooledRequest,
  connection: CheckedConnection,
  facts: ReceiptFacts,
  warn: (warning: XltvWarning) => void,
): Promise<Receipt> {
  facts.metadata = request.metadata;
  facts.files = request.files;
  facts.fileBytes = request.fileBytes;
  facts.zipBytes = request.zipBytes;
  const onWarning = (warning: XltvWarning): void => {
    facts.warnings.push(warning);
    warn(warning);
  };
  const client = connect(connection, undefined, (retry) => {
    facts.attempts = Math.max(facts.attempts, retry.attempt);
    onWarning({ code: 'RETRY', message: retry.reason, details: { ...retry } });
  });
  try {
    facts.url = client.importUrl(request.target);
    const result = await client.importResults(
      request.target,
      bodyFromFile(bodyPath(entry), request),
    );
    await remove(entry);
    facts.attempts = result.attempts;
    facts.testRunIds = result.testRunIds;
    if (result.status === 'already-imported') {
      onWarning({ code: 'ALREADY_IMPORTED', message: 'already imported by an earlier attempt' });
    }
    return facts.receipt(result.status === 'nothing-new' ? 'nothing-new' : 'imported');
  } catch (error) {
    await release(entry);
    if (isXltvError(error, 'ABORTED')) throw error;
    if (isXltvError(error) && typeof error.details.attempts === 'number') {
      facts.attempts = error.details.attempts;
    }
    return facts.receipt(isSpoolable(error) ? 'spooled' : 'failed', error);
  } finally {
    await client.close().catch(() => undefined);
  }
}
