/**
 * The use case: what `xltv upload` does, for any front end. Options are checked, the metadata
 * collected, the target found, the files selected, zipped and read, the request sent (or not,
 * in a dry run), the adapter told, the results summarized, and a receipt returned. Each step
 * is a module of its own.
 */
import type { ImportTarget, XltvClient } from '../client.js';
import { connect, insecureWarnings } from '../connection.js';
import { isXltvError, type XltvWarning } from '../errors.js';
import { errorMessage } from '../http/failures.js';
import type { ImportBody } from '../multipart.js';
import { knownSecrets } from '../secrets.js';
import type { SummaryContext } from '../adapter/contract.js';
import { afterUpload } from './after-upload.js';
import { buildBody } from './body.js';
import { collectChecked, type CollectedMetadata } from './ci-metadata.js';
import type { UploadEvent } from './events.js';
import { checkUploadOptions, type UploadOptions } from './options.js';
import { ReceiptFacts, type Receipt } from './receipt.js';
import { produceOnce, send } from './send.js';
import { reportResults } from './results.js';
import { isSpoolable, spoolRequest } from './spool.js';
import { showSummary } from './summary.js';
import { defaultPattern, refuseSet, resolveTarget, testToolOf } from './target.js';

/**
 * Upload result files to XL TestView.
 * @returns the receipt: `imported`, `nothing-new` (the server had these results), `dry-run`,
 *   `spooled` (with `spoolDir`, a transient failure kept for `flush`), or with `softFail` also
 *   `failed`
 * @throws {XltvError} bad options (`INVALID_OPTION`, `INVALID_URL`, `UNKNOWN_CI`) before
 *   anything is read or sent; `RESULTS_REFUSED` (`strictResults`) before anything is sent;
 *   then any failure of the upload, with the failed receipt as `error.receipt` (unless
 *   `softFail`, which resolves with it)
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
  // The root of the files' names, once they are selected: the summary's problems name files in it.
  let baseDir: string | undefined;
  const emit = (event: UploadEvent): void => {
    if (event.type === 'warning') facts.warnings.push(event.warning);
    if (event.type === 'files') baseDir = event.baseDir;
    if (event.type === 'results') facts.results = event.results;
    checked.onEvent(event);
  };
  const warn = (warning: XltvWarning): void => emit({ type: 'warning', warning });
  let collected: CollectedMetadata | undefined;
  // Summaries show every ending but an abort; one that fails only warns.
  const summarize = async (outcome?: SummaryContext['outcome']): Promise<void> => {
    if (!facts.results || !collected || baseDir === undefined) return;
    await showSummary(
      {
        adapter: collected.adapter,
        env: metadataOptions.env,
        adapterOptions: metadataOptions.adapterOptions,
        summary: checked.results.summary,
        summaryFile: checked.results.summaryFile,
        results: facts.results,
        baseDir,
        signal: connection.signal,
        ...(outcome ? { outcome } : {}),
      },
      emit,
    ).catch((error: unknown) => warn({ code: 'SUMMARY_FAILED', message: errorMessage(error) }));
  };

  let client: XltvClient | undefined;
  let target: ImportTarget | undefined;
  let body: ImportBody | undefined;
  try {
    insecureWarnings(connection).forEach(warn);
    collected = await collectChecked(metadataOptions, connection);
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
    const testSpec = target?.testSpecId ?? checked.target.testSpec;
    if (include.length === 0) {
      const pattern = await defaultPattern(client, testSpec, listing);
      emit({ type: 'pattern', testSpec: testSpec ?? '', pattern });
      include = [pattern];
    }

    const built = await buildBody(
      checked,
      include,
      collected.metadata,
      {
        testTool: testToolOf(listing, testSpec) ?? checked.target.testTool,
        buildStartedAt: collected.buildStartedAt,
        runSpanMs: checked.results.runSpanMs,
      },
      facts,
      emit,
    );
    body = built.body;
    facts.zipBytes = body.zipBytes ?? 0;
    emit({ type: 'body', zipBytes: body.zipBytes, contentLength: body.contentLength });

    if (checked.dryRun || !client || !target) {
      await produceOnce(body, checked.saveRequest);
      facts.zipBytes = body.zipBytes ?? facts.zipBytes;
      if (built.resultsAfterSending) reportResults(built.resultsAfterSending(), emit);
      await summarize();
      return facts.receipt('dry-run');
    }
    const result = await send(client, target, body, checked.saveRequest, emit);
    facts.attempts = result.attempts;
    facts.testRunIds = result.testRunIds;
    facts.url = result.url;
    facts.zipBytes = body.zipBytes ?? facts.zipBytes;
    if (built.resultsAfterSending) reportResults(built.resultsAfterSending(), emit);
    if (result.status === 'already-imported') {
      warn({ code: 'ALREADY_IMPORTED', message: 'already imported by an earlier attempt' });
    }
    result.warnings?.forEach(warn);
    await afterUpload(checked, collected, result, facts.files, facts.results, emit);
    const status = result.status === 'nothing-new' ? 'nothing-new' : 'imported';
    await summarize({ status, testRunIds: result.testRunIds, targetUrl: result.url });
    return facts.receipt(status);
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
      if (facts.spool) {
        await summarize({ status: 'spooled', testRunIds: [], ...urlOf(facts.url) });
        return facts.receipt('spooled', error);
      }
    }
    if (!isXltvError(error, 'ABORTED')) {
      await summarize({ status: 'failed', testRunIds: [], ...urlOf(facts.url) });
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

function urlOf(url: string | undefined): { targetUrl?: string } {
  return url === undefined ? {} : { targetUrl: url };
}
