/**
 * The metadata pipeline shared by `upload` and `env`, lowest precedence first:
 * detected (or `--ci`) adapter → its API enrichment (only where the env left gaps; skipped
 * with `--no-ci-api`) → the generic `XLTV_CI_*` variables → `--meta-file` → `--meta` →
 * the override flags (`--build-result`). Core's `buildMetadata` merges and validates.
 */
import {
  GENERIC_SOURCE,
  LOCAL_SOURCE,
  buildMetadata,
  detectCi,
  enrichCi,
  parseMetaFlags,
  readMetaFile,
  resolveGenericCi,
  type CiAdapter,
  type Env,
  type Enrichment,
  type Metadata,
  type MetadataLayer,
  type ResolvedCi,
  type XltvWarning,
} from '@xltv/core';
import type { MetadataOptions } from './options.js';

/** What the pipeline found. */
export interface CollectedMetadata {
  /** The adapter used, if a CI was detected or chosen. */
  readonly adapter: CiAdapter | undefined;
  /** What the adapter resolved from the env. */
  readonly resolved: ResolvedCi | undefined;
  /** True when only `XLTV_CI_*` variables describe the CI. */
  readonly generic: boolean;
  /** Exactly what would be sent. */
  readonly metadata: Metadata;
  /** Where each key came from: a variable, a formula of them, `flag`, `meta-file`, `api`. */
  readonly origins: Readonly<Record<string, string>>;
  readonly warnings: readonly XltvWarning[];
  /** When the build started, if the CI tells. */
  readonly buildStartedAt: Date | undefined;
  /** The `source` value sent (adapter id, `generic`, custom, or `local`). */
  readonly source: string;
}

/** Where `source` comes from when no adapter gives it. */
const ORIGIN_NO_CI = 'no CI detected';
const ORIGIN_CI_NONE = '--ci none';
const ORIGIN_GENERIC = 'XLTV_CI_* variables (no CI detected)';

/**
 * Run the pipeline.
 * @throws {XltvError} `UNKNOWN_CI`, `INVALID_METADATA`, `UNREADABLE_FILE`
 */
export async function collectMetadata(
  options: MetadataOptions,
  adapters: readonly CiAdapter[],
  env: Env,
  signal?: AbortSignal,
): Promise<CollectedMetadata> {
  const warnings: XltvWarning[] = [];
  const layers: MetadataLayer[] = [];
  const chosenNone = options.ci === 'none';
  const adapter = detectCi(adapters, env, { ci: options.ci });
  const resolved = adapter?.resolve(env);
  if (resolved) {
    warnings.push(...resolved.warnings);
    layers.push({
      kind: 'adapter',
      values: resolved.properties,
      origins: stringOrigins(resolved.origins),
    });
  }

  if (adapter && resolved && options.ciApi) {
    const enrichment: Enrichment = await enrichCi(adapter, env, resolved, {
      options: { gitlabMrNote: options.gitlabMrNote },
      ...(signal ? { signal } : {}),
    });
    warnings.push(...(enrichment.warnings ?? []));
    // The API only fills gaps: what the environment says about this very job wins.
    const gaps = Object.fromEntries(
      Object.entries(enrichment.properties ?? {}).filter(
        ([key, value]) => value !== undefined && !(key in resolved.properties),
      ),
    );
    if (Object.keys(gaps).length > 0) {
      const origins = stringOrigins(enrichment.origins ?? {});
      layers.push({
        kind: 'api',
        values: gaps,
        origins: Object.fromEntries(Object.keys(gaps).map((key) => [key, origins[key] ?? 'api'])),
      });
    }
  }

  // `--ci none` sends no CI metadata at all, generic variables included.
  const generic = chosenNone ? undefined : resolveGenericCi(env);
  if (generic) {
    warnings.push(...generic.warnings);
    const values: Record<string, string> = { ...generic.properties };
    const origins = stringOrigins(generic.origins);
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
      origins: { source: chosenNone ? ORIGIN_CI_NONE : ORIGIN_NO_CI },
    });
  }

  if (options.metaFile !== undefined) {
    const values = await readMetaFile(options.metaFile);
    layers.push({ kind: 'meta-file', values, origins: uniform(values, 'meta-file') });
  }
  if (options.meta.length > 0) {
    const values = parseMetaFlags(options.meta);
    layers.push({ kind: 'flag', values, origins: uniform(values, 'flag') });
  }
  if (options.buildResult) {
    layers.push({
      kind: 'override',
      values: { ciBuildResult: options.buildResult.value },
      origins: { ciBuildResult: options.buildResult.origin },
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

function stringOrigins(
  origins: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(origins).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function uniform(
  values: Readonly<Record<string, unknown>>,
  origin: string,
): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((key) => [key, origin]));
}

/** The same warning may come from a layer and from the merge: show it once. */
function dedupe(warnings: readonly XltvWarning[]): XltvWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.code}\u0000${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
