/**
 * The use case: what `xltv upload` does, for any front end. Options are checked, the metadata
 * collected, the target found, the files selected and zipped, the request sent (or not, in a
 * dry run), the adapter told, and a receipt returned. Each step is a module of its own.
 */
import type { ImportTarget, XltvClient } from '../client.js';
import { connect, insecureWarnings } from '../connection.js';
import { isXltvError, type XltvWarning } from '../errors.js';
import { errorMessage } from '../http/failures.js';
import type { ImportBody } from '../multipart.js';
import { knownSecrets } from '../secrets.js';
import { afterUpload } from './after-upload.js';
import { buildBody } from './body.js';
import { collectChecked } from './ci-metadata.js';
import type { UploadEvent } from './events.js';
import { checkUploadOptions, type UploadOptions } from './options.js';
import { ReceiptFacts, type Receipt } from './receipt.js';
import { produceOnce, send } from './send.js';
import { isSpoolable, spoolRequest } from './spool.js';
import { defaultPattern, refuseSet, resolveTarget } from './target.js';

/**
 * Upload result files to XL TestView.
 * @returns the receipt: `imported`, `nothing-new` (the server had these results), `dry-run`,
 *   `spooled` (with `spoolDir`, a transient failure kept for `flush`), or with `softFail` also
 *   `failed`
 * @throws {XltvError} bad options (`INVALID_OPTION`, `INVALID_URL`, `UNKNOWN_CI`) before
 *   anything is read or sent; then any failure of the upload, with the failed receipt as
 *   `error.receipt` (unless `softFail`, which resolves with it)
 */
export async function upload(options: UploadOptions): Promise<Receipt> {
  const checked = checkUploadOptions(options);
  const { connection, metadata: metadataOptions } = checked;
  const facts = new ReceiptFacts(
    knownSecrets({
      ...connection,
      adapters: [
        ...metadataOptions.adapters,
        ...(typeof metadataOptions.adapter === 'object' ? [metadataOptions.adapter] : []),
      ],
    }),
  );
  const emit = (event: UploadEvent): void => {
    if (event.type === 'warning') facts.warnings.push(event.warning);
    checked.onEvent(event);
  };
  const warn = (warning: XltvWarning): void => emit({ type: 'warning', warning });

  let client: XltvClient | undefined;
  let target: ImportTarget | undefined;
  let body: ImportBody | undefined;
  try {
    insecureWarnings(connection).forEach(warn);
    const collected = await collectChecked(metadataOptions, connection);
    facts.metadata = collected.metadata;
    collected.warnings.forEach(warn);
    emit({
      type: 'metadata',
      adapter: collected.adapter,
      source: collected.source,
      metadata: collected.metadata,
      origins: collected.origins,
    });

    if (connection.url !== undefined) {
      client = connect(connection, collected.adapter?.id ?? collected.source, (retry) => {
        facts.attempts = Math.max(facts.attempts, retry.attempt);
        warn({ code: 'RETRY', message: retry.reason, details: { ...retry } });
      });
    }
    target = client && (await resolveTarget(client, checked.target, checked.dryRun, warn));
    if (client && target) facts.url = client.importUrl(target);
    const listing = client && target && (await refuseSet(client, target));

    let include = checked.files.include;
    if (include.length === 0) {
      const testSpec = target?.testSpecId ?? checked.target.testSpec;
      const pattern = await defaultPattern(client, testSpec, listing);
      emit({ type: 'pattern', testSpec: testSpec ?? '', pattern });
      include = [pattern];
    }

    body = await buildBody(
      checked,
      include,
      collected.metadata,
      collected.buildStartedAt,
      facts,
      emit,
    );
    facts.zipBytes = body.zipBytes ?? 0;
    emit({ type: 'body', zipBytes: body.zipBytes, contentLength: body.contentLength });

    if (checked.dryRun || !client || !target) {
      await produceOnce(body, checked.saveRequest);
      facts.zipBytes = body.zipBytes ?? facts.zipBytes;
      return facts.receipt('dry-run');
    }
    const result = await send(client, target, body, checked.saveRequest, emit);
    facts.attempts = result.attempts;
    facts.testRunIds = result.testRunIds;
    facts.url = result.url;
    facts.zipBytes = body.zipBytes ?? facts.zipBytes;
    if (result.status === 'already-imported') {
      warn({ code: 'ALREADY_IMPORTED', message: 'already imported by an earlier attempt' });
    }
    result.warnings?.forEach(warn);
    await afterUpload(checked, collected, result, facts.files, emit);
    return facts.receipt(result.status === 'nothing-new' ? 'nothing-new' : 'imported');
  } catch (error) {
    if (isXltvError(error) && typeof error.details.attempts === 'number') {
      facts.attempts = error.details.attempts;
    }
    if (checked.spool && client && target && body && isSpoolable(error)) {
      try {
        const request = { baseUrl: client.baseUrl, target, body, failure: error };
        facts.spool = await spoolRequest(checked.spool, request, facts, warn);
      } catch (spoolFailure) {
        warn({ code: 'SPOOL_FAILED', message: errorMessage(spoolFailure) });
      }
      if (facts.spool) return facts.receipt('spooled', error);
    }
    const receipt = facts.receipt('failed', error);
    if (checked.softFail && !isXltvError(error, 'ABORTED')) return receipt;
    if (isXltvError(error)) error.receipt = receipt;
    throw error;
  } finally {
    await body?.dispose().catch(() => undefined);
    await client?.close().catch(() => undefined);
  }
}
