/**
 * The metadata an upload sends, from every source, lowest precedence first: the CI adapter →
 * its API (only where the environment left gaps) → the generic `XLTV_CI_*` variables →
 * `metaFile` → `meta` → `buildResult`. `buildMetadata` merges and checks the layers.
 */
import type { CiAdapter, Env, ResolvedCi } from '../adapter/contract.js';
import { GENERIC_SOURCE, resolveGenericCi } from '../adapter/generic.js';
import { mapBuildResult } from '../adapter/kit.js';
import { chooseAdapter, enrichCi } from '../adapter/run.js';
import type { XltvWarning } from '../errors.js';
import { createFetch, type TransportOptions } from '../http/transport.js';
import { buildMetadata, readMetaFile, type Metadata, type MetadataLayer } from '../metadata.js';
import { booleanOption, invalidOption, stringOption } from '../option-checks.js';
import { BUILD_RESULTS, LOCAL_SOURCE, type BuildResult } from '../properties.js';

/** Where the metadata comes from. */
export interface MetadataOptions {
  /** The CI adapter, or the id of one of `adapters`, or `none` for no CI metadata at all. */
  readonly adapter?: CiAdapter | string;
  /** Adapters to detect the CI among when `adapter` is not given (the first match wins). */
  readonly adapters?: readonly CiAdapter[];
  /** The CI's environment (default: none); `process.env` in a CI job. */
  readonly env?: Env;
  /** Let the adapter call its CI's API to fill gaps (default true). */
  readonly ciApi?: boolean;
  /** Switches for the adapter's API calls, e.g. `{ gitlabMrNote: true }`. */
  readonly adapterOptions?: Readonly<Record<string, unknown>>;
  /** Extra metadata, over the CI's. An empty string removes a key. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** A file holding one JSON object of extra metadata, under `meta`. */
  readonly metaFile?: string;
  /** The build's result when the CI cannot tell: `SUCCESS`, `UNSTABLE`, `FAILURE`, `ABORTED`, `RUNNING`, or GitHub's and GitLab's words (`success`, `failed`, `cancelled`, …). */
  readonly buildResult?: string;
  /** Cancels the CI API calls. */
  readonly signal?: AbortSignal;
}

/** {@link MetadataOptions}, checked. */
export interface CheckedMetadataOptions {
  readonly adapter: CiAdapter | string | undefined;
  readonly adapters: readonly CiAdapter[];
  readonly env: Env;
  readonly ciApi: boolean;
  readonly adapterOptions: Readonly<Record<string, unknown>>;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly metaFile: string | undefined;
  readonly buildResult: BuildResult | undefined;
  readonly signal: AbortSignal | undefined;
}

/** What the metadata step found. */
export interface CollectedMetadata {
  /** The adapter used, if a CI was detected or chosen. */
  readonly adapter: CiAdapter | undefined;
  /** What the adapter resolved from the environment. */
  readonly resolved: ResolvedCi | undefined;
  /** True when only `XLTV_CI_*` variables describe the CI. */
  readonly generic: boolean;
  /** Exactly what would be sent. */
  readonly metadata: Metadata;
  /** Per key: a variable, a formula of them, `api`, `meta`, `metaFile` or `buildResult`. */
  readonly origins: Readonly<Record<string, string>>;
  readonly warnings: readonly XltvWarning[];
  /** When the build started, if the CI tells. */
  readonly buildStartedAt: Date | undefined;
  /** The `source` value sent: the adapter's id, `generic`, or `local`. */
  readonly source: string;
}

/** Words CIs use for a build's outcome (lower case), mapped onto `ciBuildResult`. */
const BUILD_RESULT_WORDS: Readonly<Record<string, BuildResult>> = {
  ...Object.fromEntries(BUILD_RESULTS.map((result) => [result.toLowerCase(), result])),
  succeeded: 'SUCCESS',
  passed: 'SUCCESS',
  failed: 'FAILURE',
  cancelled: 'ABORTED',
  canceled: 'ABORTED',
};

/**
 * Check the metadata options.
 * @throws {XltvError} `INVALID_OPTION`
 */
export function checkMetadataOptions(options: MetadataOptions): CheckedMetadataOptions {
  const buildResult = stringOption('buildResult', options.buildResult);
  const mapped = mapBuildResult(buildResult, BUILD_RESULT_WORDS);
  if (buildResult !== undefined && mapped === undefined) {
    throw invalidOption('buildResult', 'one-of', {
      value: buildResult,
      allowed: Object.keys(BUILD_RESULT_WORDS),
    });
  }
  const adapter = options.adapter;
  if (
    adapter !== undefined &&
    typeof adapter !== 'string' &&
    typeof adapter?.resolve !== 'function'
  ) {
    throw invalidOption('adapter', 'type', { type: 'CiAdapter' });
  }
  return {
    adapter,
    adapters: options.adapters ?? [],
    env: options.env ?? {},
    ciApi: options.ciApi === undefined || booleanOption('ciApi', options.ciApi),
    adapterOptions: plainObject('adapterOptions', options.adapterOptions),
    meta: plainObject('meta', options.meta),
    metaFile: stringOption('metaFile', options.metaFile),
    buildResult: mapped,
    signal: options.signal,
  };
}

function plainObject(option: string, value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption(option, 'type', { type: 'object' });
  }
  return value as Record<string, unknown>;
}

/** Origin of `source` when no adapter gives it. */
const ORIGIN_NO_CI = 'no CI detected';
const ORIGIN_NONE = 'adapter "none"';
const ORIGIN_GENERIC = 'XLTV_CI_* variables (no CI detected)';

/**
 * The metadata an upload with these options would send, and where each value came from. The
 * adapter's API calls honour the proxy variables of `env`.
 * @throws {XltvError} `INVALID_OPTION`, `UNKNOWN_CI`, `INVALID_METADATA`, `UNREADABLE_FILE`
 */
export async function collectMetadata(options: MetadataOptions): Promise<CollectedMetadata> {
  return collectChecked(checkMetadataOptions(options));
}

/**
 * {@link collectMetadata} with options already checked; the adapter's API calls connect with
 * `network` (an upload's connection options), by default with the proxy variables of `env`.
 */
export async function collectChecked(
  options: CheckedMetadataOptions,
  network: TransportOptions = { env: options.env },
): Promise<CollectedMetadata> {
  const { env } = options;
  const warnings: XltvWarning[] = [];
  const layers: MetadataLayer[] = [];
  const none = options.adapter === 'none';
  const adapter = chooseAdapter(options.adapter, options.adapters, env);
  const resolved = adapter?.resolve(env);
  if (resolved) {
    warnings.push(...resolved.warnings);
    layers.push({
      kind: 'adapter',
      values: resolved.properties,
      origins: strings(resolved.origins),
    });
  }
  warnings.push(...adapterOptionWarnings(adapter, options));

  if (adapter && resolved && options.ciApi) {
    const connected = createFetch(network);
    const enrichment = await enrichCi(
      adapter,
      { env, resolved, options: options.adapterOptions, fetch: connected.fetch },
      { signal: options.signal },
    ).finally(() => connected.close());
    warnings.push(...(enrichment.warnings ?? []));
    // The API only fills gaps: what the environment says about this very job wins.
    const gaps = Object.fromEntries(
      Object.entries(enrichment.properties ?? {}).filter(
        ([key, value]) => value !== undefined && !(key in resolved.properties),
      ),
    );
    const origins = strings(enrichment.origins ?? {});
    layers.push({
      kind: 'api',
      values: gaps,
      origins: Object.fromEntries(Object.keys(gaps).map((key) => [key, origins[key] ?? 'api'])),
    });
  }

  // `adapter: 'none'` sends no CI metadata at all, generic variables included.
  const generic = none ? undefined : resolveGenericCi(env);
  if (generic) {
    warnings.push(...generic.warnings);
    const values: Record<string, string> = { ...generic.properties };
    const origins = strings(generic.origins);
    if (!adapter && values.source === undefined) {
      values.source = GENERIC_SOURCE;
      origins.source = ORIGIN_GENERIC;
    }
    layers.push({ kind: 'generic', values, origins });
  }
  if (!adapter && !generic) {
    layers.unshift({
      kind: 'adapter',
      values: { source: LOCAL_SOURCE },
      origins: { source: none ? ORIGIN_NONE : ORIGIN_NO_CI },
    });
  }

  if (options.metaFile !== undefined) {
    const values = await readMetaFile(options.metaFile, { signal: options.signal });
    layers.push({ kind: 'metaFile', values });
  }
  layers.push({ kind: 'meta', values: options.meta });
  if (options.buildResult) {
    layers.push({
      kind: 'override',
      values: { ciBuildResult: options.buildResult },
      origins: { ciBuildResult: 'buildResult' },
    });
  }

  const built = buildMetadata(layers);
  warnings.push(...built.warnings);
  const source = typeof built.metadata.source === 'string' ? built.metadata.source : LOCAL_SOURCE;
  return {
    adapter,
    resolved,
    generic: !adapter && generic !== undefined,
    metadata: built.metadata,
    origins: built.origins,
    warnings: dedupe(warnings),
    buildStartedAt: resolved?.buildStartedAt,
    source,
  };
}

/**
 * Adapter options the chosen adapter does not declare (`CI_OPTION_UNSUPPORTED`), or that
 * cannot act because API calls are off (`CI_OPTION_NEEDS_API`): adapter options only steer
 * the adapter's API calls.
 */
function adapterOptionWarnings(
  adapter: CiAdapter | undefined,
  options: CheckedMetadataOptions,
): XltvWarning[] {
  const warnings: XltvWarning[] = [];
  for (const [option, value] of Object.entries(options.adapterOptions)) {
    if (value === undefined || value === false) continue;
    if (!adapter?.options || !Object.hasOwn(adapter.options, option)) {
      warnings.push({
        code: 'CI_OPTION_UNSUPPORTED',
        message: `${option} is not an option of ${adapter?.name ?? 'any CI here (none detected)'}`,
        details: { option, ci: adapter?.id ?? LOCAL_SOURCE },
      });
    } else if (!options.ciApi) {
      warnings.push({
        code: 'CI_OPTION_NEEDS_API',
        message: `${option} needs ${adapter.name}'s API, which ciApi: false forbids`,
        details: { option, ci: adapter.id },
      });
    }
  }
  return warnings;
}

function strings(origins: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(origins).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The same warning may come from a layer and from the merge: keep it once. */
function dedupe(warnings: readonly XltvWarning[]): XltvWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.code}\u0000${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
