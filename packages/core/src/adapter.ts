/**
 * The CI adapter contract. An adapter is a plain object that maps one CI's environment onto
 * {@link CiProperties}. Core never imports an adapter: front ends (the CLI) hold the ordered
 * registry and pass it to {@link detectCi}.
 */
import { XltvError, type XltvWarning } from './errors.js';
import type { CiProperties, CiPropertyKey } from './properties.js';

/** An environment: `process.env` or any plain object of the same shape. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where each resolved property came from: a variable name or a formula of them. */
export type PropertyOrigins = { [K in CiPropertyKey]?: string };

/** What {@link CiAdapter.resolve} returns. */
export interface ResolvedCi {
  /** The properties; unknown ones are absent. */
  readonly properties: CiProperties;
  /** For each present property, the variable(s) it came from, e.g. `BUILD_URL` or `CI_PROJECT_URL + "/-/jobs/" + CI_JOB_ID`. */
  readonly origins: PropertyOrigins;
  /** Findings such as a URL variable that is not an absolute http(s) URL (dropped). */
  readonly warnings: readonly XltvWarning[];
  /** When the build (or job) started, if the CI tells: used to warn about stale result files. */
  readonly buildStartedAt?: Date;
}

/** What {@link CiAdapter.enrich} gets. */
export interface EnrichContext {
  /** The environment the adapter resolved from. */
  readonly env: Env;
  /** What `resolve` found. */
  readonly resolved: ResolvedCi;
  /** Aborted when the enrichment time budget runs out. */
  readonly signal: AbortSignal;
  /** Front-end options relevant to adapters (e.g. `{ gitlabMrNote: true }`). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** What {@link CiAdapter.enrich} returns: properties to fill in (only where absent). */
export interface Enrichment {
  /** Values found through the CI's API. */
  readonly properties?: CiProperties;
  /** Origins of those values (defaults to `"api"`). */
  readonly origins?: PropertyOrigins;
  /** Non-fatal findings. */
  readonly warnings?: readonly XltvWarning[];
}

/** What {@link CiAdapter.afterUpload} gets: the enrichment context plus the upload outcome. */
export interface AfterUploadContext extends EnrichContext {
  /** The metadata that was sent. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Outcome summary. */
  readonly outcome: {
    readonly status: 'imported' | 'nothing-new' | 'failed';
    readonly testRunIds: readonly string[];
    readonly files: number;
    readonly targetUrl: string;
  };
}

/**
 * One CI. `detect` and `resolve` are pure functions of the env they are given: no I/O, no
 * `process.env`. Unknown values stay absent, never `""`.
 */
export interface CiAdapter {
  /** Stable id, also the `source` value, e.g. `gitlab`. */
  readonly id: string;
  /** Human name, e.g. `GitLab CI/CD`. */
  readonly name: string;
  /** The CI's documentation of its predefined variables. */
  readonly docsUrl: string;
  /** Every variable `detect` or `resolve` reads (a test proves the list is complete). */
  readonly envVars: readonly string[];
  /** True when `env` is this CI's. */
  detect(env: Env): boolean;
  /** Map the env onto the properties. */
  resolve(env: Env): ResolvedCi;
  /**
   * Optional API lookups for what the env lacks. Must honour `context.signal`; core bounds it
   * in time and turns any failure into a warning ({@link enrichCi}).
   */
  enrich?(context: EnrichContext): Promise<Enrichment>;
  /** Optional action after an upload (e.g. a merge-request note). Bounded and never fatal. */
  afterUpload?(context: AfterUploadContext): Promise<Enrichment | void>;
}

/** Options of {@link detectCi}. */
export interface DetectCiOptions {
  /**
   * An explicit choice: an adapter id, or `"none"` for no CI. `undefined` or `""` detects.
   */
  readonly ci?: string | undefined;
}

/**
 * Pick the adapter for `env`: the explicit `ci` id when given, else the first adapter of the
 * ordered list whose `detect` is true, else `undefined`. `ci: "none"` gives `undefined`.
 * @throws {XltvError} `UNKNOWN_CI` when `ci` names no adapter of the list.
 */
export function detectCi(
  adapters: readonly CiAdapter[],
  env: Env,
  options: DetectCiOptions = {},
): CiAdapter | undefined {
  const chosen = options.ci?.trim();
  if (chosen) {
    if (chosen === 'none') return undefined;
    const adapter = adapters.find((candidate) => candidate.id === chosen);
    if (!adapter) {
      throw new XltvError('UNKNOWN_CI', `Unknown CI "${chosen}"`, {
        value: chosen,
        known: adapters.map((candidate) => candidate.id),
      });
    }
    return adapter;
  }
  return adapters.find((adapter) => adapter.detect(env));
}

/** Options of {@link enrichCi}. */
export interface EnrichCiOptions {
  /** Time budget in milliseconds (default 5000). */
  readonly timeoutMs?: number;
  /** Front-end options handed to the adapter. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Outer cancellation. */
  readonly signal?: AbortSignal;
}

/**
 * Run an adapter's `enrich` within a time budget. Never throws: a failure or a timeout comes
 * back as a warning with code `CI_API_FAILED`, and no properties.
 */
export async function enrichCi(
  adapter: CiAdapter,
  env: Env,
  resolved: ResolvedCi,
  options: EnrichCiOptions = {},
): Promise<Enrichment> {
  if (!adapter.enrich) return {};
  const enrich = adapter.enrich.bind(adapter);
  return boundedCall(adapter, options, (signal) =>
    enrich({ env, resolved, signal, options: options.options ?? {} }),
  );
}

/**
 * Run an adapter's `afterUpload` within a time budget. Never throws; failures become a
 * `CI_API_FAILED` warning.
 */
export async function afterUploadCi(
  adapter: CiAdapter,
  context: Omit<AfterUploadContext, 'signal'>,
  options: Omit<EnrichCiOptions, 'options'> = {},
): Promise<Enrichment> {
  if (!adapter.afterUpload) return {};
  const afterUpload = adapter.afterUpload.bind(adapter);
  return boundedCall(
    adapter,
    options,
    async (signal) => (await afterUpload({ ...context, signal })) ?? {},
  );
}

async function boundedCall(
  adapter: CiAdapter,
  options: Omit<EnrichCiOptions, 'options'>,
  call: (signal: AbortSignal) => Promise<Enrichment>,
): Promise<Enrichment> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } catch (error) {
    return {
      warnings: [
        {
          code: 'CI_API_FAILED',
          message: `${adapter.name} API lookup failed: ${error instanceof Error ? error.message : String(error)}`,
          details: {
            ci: adapter.id,
            reason: error instanceof Error ? error.message : String(error),
          },
        },
      ],
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
