/**
 * Calling adapters: choosing one for an environment, and running their API calls within a
 * time budget so that a slow or failing CI API never fails an upload.
 */
import { XltvError, type XltvWarning } from '../errors.js';
import type {
  AfterUploadContext,
  AfterUploadResult,
  CiAdapter,
  EnrichContext,
  Enrichment,
  Env,
  SummaryContext,
  SummaryResult,
} from './contract.js';

/** The choice of CI: an adapter, an adapter's id among `adapters`, or `none`. */
export type AdapterChoice = CiAdapter | string | undefined;

/**
 * The adapter for `env`: `choice` when it is one, the adapter of `adapters` with that id when
 * it is an id, none for `none`; with no choice, the first of `adapters` whose `detect` is true.
 * @throws {XltvError} `UNKNOWN_CI` when `choice` names no adapter of `adapters`
 */
export function chooseAdapter(
  choice: AdapterChoice,
  adapters: readonly CiAdapter[],
  env: Env,
): CiAdapter | undefined {
  if (typeof choice === 'object') return choice;
  const id = choice?.trim();
  if (id === undefined || id === '') return adapters.find((adapter) => adapter.detect(env));
  if (id === 'none') return undefined;
  const adapter = adapters.find((candidate) => candidate.id === id);
  if (!adapter) {
    throw new XltvError('UNKNOWN_CI', `unknown CI "${id}"`, {
      option: 'adapter',
      value: id,
      known: adapters.map((candidate) => candidate.id),
    });
  }
  return adapter;
}

/** How an adapter's API call is run: cancelled with `signal`, given up after `timeoutMs` (default 5000). */
export interface BoundedCallOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number;
}

/**
 * Run `adapter.enrich` as an upload does: bounded in time, and never failing (a failure
 * comes back as a `CI_API_FAILED` warning).
 */
export async function enrichCi(
  adapter: CiAdapter,
  context: Omit<EnrichContext, 'signal'>,
  options: BoundedCallOptions = {},
): Promise<Enrichment> {
  const enrich = adapter.enrich?.bind(adapter);
  if (!enrich) return {};
  return bounded(adapter, options, (signal) => enrich({ ...context, signal }));
}

/** Run `adapter.afterUpload` as an upload does: bounded, never failing. */
export async function afterUploadCi(
  adapter: CiAdapter,
  context: Omit<AfterUploadContext, 'signal'>,
  options: BoundedCallOptions = {},
): Promise<AfterUploadResult> {
  const afterUpload = adapter.afterUpload?.bind(adapter);
  if (!afterUpload) return {};
  return bounded(
    adapter,
    options,
    async (signal) => (await afterUpload({ ...context, signal })) ?? {},
  );
}

/** Run `adapter.summarize` as an upload or inspection does: bounded, never failing. */
export async function summarizeCi(
  adapter: CiAdapter,
  context: Omit<SummaryContext, 'signal'>,
  options: BoundedCallOptions = {},
): Promise<SummaryResult> {
  const summarize = adapter.summarize?.bind(adapter);
  if (!summarize) return {};
  return bounded(
    adapter,
    options,
    async (signal) => (await summarize({ ...context, signal })) ?? {},
  );
}

async function bounded<T extends { readonly warnings?: readonly XltvWarning[] }>(
  adapter: CiAdapter,
  options: BoundedCallOptions,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T | { warnings: XltvWarning[] }> {
  const { signal: outer, timeoutMs = 5000 } = options;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  // The adapter should stop on the signal, but one that ignores it must not hold the upload.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      warnings: [
        {
          code: 'CI_API_FAILED',
          message: `${adapter.name} API call failed: ${reason}`,
          details: { ci: adapter.id, reason },
        },
      ],
    };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
