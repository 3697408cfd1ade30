/**
 * Metadata merge and validation (docs/protocol.md §4).
 *
 * Layers are merged by precedence (adapter < api < generic < metaFile < meta < override) and
 * every value is checked before anything is sent. The rules split by who gave the value:
 * - user layers (`metaFile`, `meta`, `override`): a value that breaks a rule is an error
 *   (`INVALID_METADATA`, details `{ key, rule, layer, origin, value? }`);
 * - derived layers (`adapter`, `api`, `generic`): the value came from a CI variable the user
 *   may not control, so it is dropped with a warning naming the variable and the upload
 *   goes on.
 */
import { isAbsoluteHttpUrl } from './adapter/kit.js';
import { XltvError, type XltvWarning } from './errors.js';
import {
  BUILD_RESULTS,
  EXTRA_PROPERTY_KEYS,
  SEED_PROPERTY_KEYS,
  URL_PROPERTY_KEYS,
  isBuildResult,
} from './properties.js';
import { stripCredentials } from './secrets.js';
import { FileTooLargeError, readUserFile } from './user-file.js';

/** A scalar metadata value. */
export type MetadataScalar = string | number | boolean;
/** A metadata value: scalar or array of scalars. No objects, no null. */
export type MetadataValue = MetadataScalar | readonly MetadataScalar[];
/** The JSON object of part 1. */
export type Metadata = Record<string, MetadataValue>;

/**
 * Where a layer of metadata comes from, lowest precedence first: the CI adapter, its API, the
 * `XLTV_CI_*` variables, the metadata file, the `meta` values, and overrides (the build result).
 */
export type MetadataLayerKind = 'adapter' | 'api' | 'generic' | 'metaFile' | 'meta' | 'override';

/** Every layer kind, lowest precedence first: the merge order of {@link buildMetadata}. */
export const METADATA_LAYER_KINDS: readonly MetadataLayerKind[] = [
  'adapter',
  'api',
  'generic',
  'metaFile',
  'meta',
  'override',
];

/** Layer kinds whose values the user typed: a broken rule there is an error, not a warning. */
export const USER_METADATA_LAYER_KINDS: ReadonlySet<MetadataLayerKind> = new Set([
  'metaFile',
  'meta',
  'override',
]);

/**
 * The stable `rule` strings in `INVALID_METADATA` details and in drop warnings. Front ends
 * map them to words; scripts may rely on them.
 */
export const METADATA_RULES = [
  /** The key is empty or only white space. */
  'empty-key',
  /** The key begins with `@` (the seed's rule). */
  'reserved-prefix-at',
  /** The key begins with `_` (rejected by servers since late 2015). */
  'reserved-prefix-underscore',
  /** The key holds a URL with credentials (a secret must never be sent). */
  'credentials-in-key',
  /** One of the seed's eight keys holds something other than a string. */
  'not-string',
  /** `ciBuildUrl`, `ciJobUrl` or `ciServerUrl` is not an absolute http(s) URL. */
  'not-absolute-http-url',
  /** The value is `null`. */
  'null-value',
  /** The value is an object (or an array holding something other than scalars). */
  'object-value',
  /** The value is an array that holds an array. */
  'nested-array',
  /** An array holds an empty string (unknown values are absent, never `""`). */
  'empty-string-in-array',
  /** `NaN` or an infinity. */
  'non-finite-number',
  /** A bigint, symbol or function. */
  'unsupported-type',
  /** `parseMetaFlags`: an item without `=`. */
  'missing-equals',
  /** `readMetaFile`: the file is not JSON. */
  'not-json',
  /** `readMetaFile`: the JSON is not an object. */
  'not-object',
  /** `readMetaFile`: the file holds more than {@link META_FILE_LIMIT} bytes. */
  'too-large',
] as const;

/** One of {@link METADATA_RULES}. */
export type MetadataRule = (typeof METADATA_RULES)[number];

/** One layer of metadata to merge. */
export interface MetadataLayer {
  readonly kind: MetadataLayerKind;
  readonly values: Readonly<Record<string, unknown>>;
  /** Per-key origin; defaults to the layer kind. */
  readonly origins?: Readonly<Record<string, string>>;
}

/** Result of {@link buildMetadata}. */
export interface BuiltMetadata {
  readonly metadata: Metadata;
  readonly origins: Readonly<Record<string, string>>;
  readonly warnings: readonly XltvWarning[];
}

const SEED_KEYS: ReadonlySet<string> = new Set(SEED_PROPERTY_KEYS);
const URL_KEYS: ReadonlySet<string> = new Set(URL_PROPERTY_KEYS);
/** The order keys appear in the JSON: the seed's, the extras, then the rest as first given. */
const KEY_ORDER: readonly string[] = [...SEED_PROPERTY_KEYS, ...EXTRA_PROPERTY_KEYS];

/**
 * True for a key in the product's reserved `ci…` namespace that is not one of the seed's
 * seven `ci*` keys. "ci" counts as a prefix only when a lower-case letter does not follow it,
 * so `ciFoo`, `ci_foo` and `ci` are reserved while `city` or `circle` are ordinary keys.
 */
export function isReservedCiKey(key: string): boolean {
  return /^ci(?![a-z])/.test(key) && !SEED_KEYS.has(key);
}

type Checked =
  | { readonly ok: true; readonly value: MetadataValue | undefined }
  | { readonly ok: false; readonly rule: MetadataRule };

function checkScalar(value: unknown, inArray: boolean): Checked {
  switch (typeof value) {
    case 'string':
      if (inArray && value.trim() === '') return { ok: false, rule: 'empty-string-in-array' };
      return { ok: true, value };
    case 'boolean':
      return { ok: true, value };
    case 'number':
      // -0 becomes 0: JSON has no negative zero, so what is sent equals what was checked.
      return Number.isFinite(value)
        ? { ok: true, value: value === 0 ? 0 : value }
        : { ok: false, rule: 'non-finite-number' };
    case 'object':
      if (value === null) return { ok: false, rule: 'null-value' };
      if (Array.isArray(value))
        return { ok: false, rule: inArray ? 'nested-array' : 'object-value' };
      return { ok: false, rule: 'object-value' };
    case 'undefined':
      return { ok: true, value: undefined };
    default:
      return { ok: false, rule: 'unsupported-type' };
  }
}

/** Type check one value; `value: undefined` means "absent" (empty string, empty array). */
function checkValue(key: string, value: unknown): Checked {
  if (SEED_KEYS.has(key) && typeof value !== 'string' && value !== undefined) {
    return { ok: false, rule: 'not-string' };
  }
  if (Array.isArray(value)) {
    const items: MetadataScalar[] = [];
    for (const item of value as readonly unknown[]) {
      const checked = checkScalar(item, true);
      if (!checked.ok) return checked;
      if (checked.value === undefined) return { ok: false, rule: 'null-value' };
      items.push(checked.value as MetadataScalar);
    }
    return { ok: true, value: items.length === 0 ? undefined : items };
  }
  const checked = checkScalar(value, false);
  if (!checked.ok) return checked;
  if (typeof checked.value === 'string' && checked.value.trim() === '') {
    return { ok: true, value: undefined };
  }
  if (URL_KEYS.has(key) && typeof checked.value === 'string') {
    if (!isAbsoluteHttpUrl(checked.value)) return { ok: false, rule: 'not-absolute-http-url' };
  }
  return checked;
}

function keyRule(key: string): MetadataRule | undefined {
  if (key.trim() === '') return 'empty-key';
  if (key.startsWith('@')) return 'reserved-prefix-at';
  if (key.startsWith('_')) return 'reserved-prefix-underscore';
  if (stripCredentials(key) !== key) return 'credentials-in-key';
  return undefined;
}

/** A value fit for error details and warnings: scalars only, credentials removed. */
function safeValue(value: unknown): { value?: unknown; type: string } {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (typeof value === 'string') return { value: stripCredentials(value), type };
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { value, type };
  }
  return { type };
}

/** Strip URL credentials from a string or from each string of an array. */
function withoutCredentials(value: unknown): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const cleaned = stripCredentials(value);
    return { value: cleaned, changed: cleaned !== value };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const cleaned = (value as readonly unknown[]).map((item) => {
      const result = withoutCredentials(item);
      changed ||= result.changed;
      return result.value;
    });
    return { value: changed ? cleaned : value, changed };
  }
  return { value, changed: false };
}

function layerRank(kind: MetadataLayerKind): number {
  const rank = METADATA_LAYER_KINDS.indexOf(kind);
  if (rank < 0) {
    throw new XltvError('INVALID_OPTION', `unknown metadata layer kind "${String(kind)}"`, {
      option: 'layers',
      kind: String(kind),
      expected: METADATA_LAYER_KINDS,
    });
  }
  return rank;
}

/**
 * Merge layers (later wins: adapter < api < generic < metaFile < meta < override) and
 * validate (docs/protocol.md §4). The input order of `layers` does not matter: they are sorted by
 * kind (stably, so of two layers of one kind the later in the array wins).
 *
 * Rules, for every key of every layer:
 * - keys: non-empty, not beginning with `@` or `_`;
 * - the seed's eight keys hold strings; `ciBuildUrl`, `ciJobUrl`, `ciServerUrl` absolute
 *   http(s) URLs; other values a string, finite number, boolean or array of those;
 * - `user:password@` (or `token@`) inside a URL is removed, with a `CREDENTIALS_REMOVED`
 *   warning: metadata never carries a secret;
 * - an empty (or blank) string, or an empty array, is "absent". From an adapter it is
 *   ignored; from a user layer it **removes** the key, so `--meta ciJobUrl=` suppresses a
 *   value the CI adapter found;
 * - breaking a rule in a user layer throws; in an adapter/api/generic layer the value is
 *   dropped with an `ADAPTER_URL_DROPPED` (URL keys) or `ADAPTER_VALUE_DROPPED` warning.
 *
 * Warnings on the merged result: `RESERVED_CI_KEY` for a `ci…` key outside the seed's (see
 * {@link isReservedCiKey}), `UNKNOWN_BUILD_RESULT` when `ciBuildResult` is outside
 * `BUILD_RESULTS` (the value is kept).
 *
 * Keys are ordered: the seed's, then the extras of `EXTRA_PROPERTY_KEYS`, then the rest in
 * the order first given.
 * @throws {XltvError} `INVALID_METADATA` with details `{ key, rule, layer, origin, type, value? }`
 *   (`value` is left out for objects and arrays; strings have URL credentials removed).
 */
export function buildMetadata(layers: readonly MetadataLayer[]): BuiltMetadata {
  const ordered = layers
    .map((layer, index) => ({ layer, index, rank: layerRank(layer.kind) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.layer);

  const merged = new Map<string, MetadataValue>();
  const origins = new Map<string, string>();
  const warnings: XltvWarning[] = [];

  for (const layer of ordered) {
    const isUser = USER_METADATA_LAYER_KINDS.has(layer.kind);
    const values: Readonly<Record<string, unknown>> = layer.values ?? {};
    for (const key of Object.keys(values)) {
      const raw: unknown = values[key];
      const originOf = layer.origins?.[key];
      const origin = typeof originOf === 'string' && originOf !== '' ? originOf : layer.kind;

      const fail = (rule: MetadataRule, value: unknown): void => {
        const shown = safeValue(value);
        const details = {
          key: stripCredentials(key),
          rule,
          layer: layer.kind,
          origin,
          ...shown,
        };
        if (isUser) {
          throw new XltvError(
            'INVALID_METADATA',
            `metadata key "${details.key}" breaks rule ${rule}`,
            details,
          );
        }
        const code =
          rule === 'not-absolute-http-url' ? 'ADAPTER_URL_DROPPED' : 'ADAPTER_VALUE_DROPPED';
        warnings.push({
          code,
          message: `${origin} gave ${details.key} a value that breaks rule ${rule}; it is left out`,
          details: { ...details, variable: origin },
        });
      };

      const badKey = keyRule(key);
      if (badKey) {
        fail(badKey, raw);
        continue;
      }

      const stripped = withoutCredentials(raw);
      if (stripped.changed) {
        warnings.push({
          code: 'CREDENTIALS_REMOVED',
          message: `credentials were removed from the URL in ${key} (from ${origin})`,
          details: { key, layer: layer.kind, origin, ...safeValue(stripped.value) },
        });
      }

      const checked = checkValue(key, stripped.value);
      if (!checked.ok) {
        fail(checked.rule, stripped.value);
        continue;
      }
      if (checked.value === undefined) {
        // Absent. From a user layer an explicit empty value removes what lower layers set.
        if (isUser && raw !== undefined) {
          merged.delete(key);
          origins.delete(key);
        }
        continue;
      }
      merged.set(key, checked.value);
      origins.set(key, origin);
    }
  }

  const keys = [
    ...KEY_ORDER.filter((key) => merged.has(key)),
    ...[...merged.keys()].filter((key) => !KEY_ORDER.includes(key)),
  ];
  const metadata: Metadata = Object.fromEntries(keys.map((key) => [key, merged.get(key)!]));
  const originsOut: Record<string, string> = Object.fromEntries(
    keys.map((key) => [key, origins.get(key)!]),
  );

  for (const key of keys) {
    if (isReservedCiKey(key)) {
      warnings.push({
        code: 'RESERVED_CI_KEY',
        message: `metadata key "${key}" uses the "ci" prefix the product reserves for its own keys`,
        details: { key, origin: originsOut[key] },
      });
    }
  }
  const buildResult = metadata.ciBuildResult;
  if (buildResult !== undefined && !isBuildResult(buildResult)) {
    warnings.push({
      code: 'UNKNOWN_BUILD_RESULT',
      message: `ciBuildResult "${String(buildResult)}" is not one of ${BUILD_RESULTS.join(', ')}`,
      details: {
        key: 'ciBuildResult',
        value: buildResult,
        origin: originsOut.ciBuildResult,
        expected: BUILD_RESULTS,
      },
    });
  }

  return { metadata, origins: originsOut, warnings };
}

/**
 * Check metadata given by a user (as `meta` is): the rules of {@link buildMetadata}, with the
 * empty values left out.
 * @returns the metadata as it would be sent, and its warnings
 * @throws {XltvError} `INVALID_METADATA` for the first value that breaks a rule
 */
export function validateMetadata(values: Readonly<Record<string, unknown>>): {
  readonly metadata: Metadata;
  readonly warnings: readonly XltvWarning[];
} {
  const { metadata, warnings } = buildMetadata([{ kind: 'meta', values }]);
  return { metadata, warnings };
}

/**
 * Parse `key=value` flag strings into a metadata object (value kept as string). Each item is
 * split at its first `=`, so values may contain `=`; the key is trimmed of surrounding white
 * space, the value is kept as given (an empty value is allowed: {@link buildMetadata} treats
 * it as "remove this key"). A repeated key keeps its last value. Key rules (`@`, `_`) are
 * checked later, by {@link buildMetadata}.
 * @throws {XltvError} `INVALID_METADATA` when an item has no `=` (rule `missing-equals`) or an
 *   empty key (rule `empty-key`); details `{ item, rule, layer: 'meta' }`.
 */
export function parseMetaFlags(items: readonly string[]): Record<string, string> {
  const entries: [string, string][] = [];
  for (const item of items) {
    const text = String(item);
    const equals = text.indexOf('=');
    const shown = stripCredentials(text);
    if (equals < 0) {
      throw new XltvError('INVALID_METADATA', `--meta "${shown}" is not key=value`, {
        item: shown,
        rule: 'missing-equals',
        layer: 'meta',
      });
    }
    const key = text.slice(0, equals).trim();
    if (key === '') {
      throw new XltvError('INVALID_METADATA', `--meta "${shown}" has an empty key`, {
        item: shown,
        key,
        rule: 'empty-key',
        layer: 'meta',
      });
    }
    entries.push([key, text.slice(equals + 1)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays a key (and is then
  // refused by buildMetadata) instead of replacing the prototype.
  return Object.fromEntries(entries);
}

/** The most a metadata file may hold: metadata is a few keys, never megabytes. */
export const META_FILE_LIMIT = 1024 * 1024;

/**
 * Read a metadata file: one JSON object (UTF-8, an optional BOM is ignored). Values are returned
 * as parsed; {@link buildMetadata} validates them. A pipe (`/dev/stdin`) is read too; a FIFO
 * that waits for its writer does so without blocking, so `signal` (or a signal) still ends it.
 * @throws {XltvError} `UNREADABLE_FILE` (details `{ path, option, reason }`, reason an errno
 *   code such as `ENOENT` or `EISDIR`), or `INVALID_METADATA` with rule `not-json` (details
 *   `{ path, rule, position? }`, never the file's text), `not-object` (details
 *   `{ path, rule, type }`) or `too-large` (details `{ path, rule, limit }`); `ABORTED`
 */
export async function readMetaFile(
  path: string,
  options: { readonly signal?: AbortSignal | undefined } = {},
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = (await readUserFile(path, { limit: META_FILE_LIMIT, signal: options.signal })).toString(
      'utf8',
    );
  } catch (error) {
    if (error instanceof XltvError) throw error;
    if (error instanceof FileTooLargeError) {
      throw new XltvError(
        'INVALID_METADATA',
        `metadata file ${path} holds more than ${META_FILE_LIMIT} bytes`,
        { path, rule: 'too-large', layer: 'metaFile', limit: META_FILE_LIMIT },
      );
    }
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new XltvError(
      'UNREADABLE_FILE',
      `cannot read metadata file ${path} (${reason})`,
      { path, option: 'metaFile', reason },
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The parser's message quotes the file's text, which may hold a secret: keep only where.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new XltvError('INVALID_METADATA', `metadata file ${path} is not valid JSON`, {
      path,
      rule: 'not-json',
      layer: 'metaFile',
      ...(position !== undefined ? { position: Number(position) } : {}),
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const type = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
    throw new XltvError('INVALID_METADATA', `metadata file ${path} is not a JSON object`, {
      path,
      rule: 'not-object',
      layer: 'metaFile',
      type,
    });
  }
  return parsed as Record<string, unknown>;
}
