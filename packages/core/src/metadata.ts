/**
 * Metadata merge and validation (protocol.md §4).
 * OWNER: core-io helper. Signatures are the contract; implement behind them.
 */
import type { XltvWarning } from './errors.js';

/** A scalar metadata value. */
export type MetadataScalar = string | number | boolean;
/** A metadata value: scalar or array of scalars. No objects, no null. */
export type MetadataValue = MetadataScalar | readonly MetadataScalar[];
/** The JSON object of part 1. */
export type Metadata = Record<string, MetadataValue>;

/** Where a layer of metadata comes from, lowest precedence first. */
export type MetadataLayerKind = 'adapter' | 'api' | 'generic' | 'meta-file' | 'flag' | 'override';

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

/**
 * Merge layers (later wins: adapter < api < generic < meta-file < flag < override) and
 * validate. Adapter/api/generic values that break a URL rule are dropped with a warning;
 * user values that break a rule throw.
 * @throws {XltvError} `INVALID_METADATA` with details `{ key, rule, value? }`
 */
export function buildMetadata(_layers: readonly MetadataLayer[]): BuiltMetadata {
  throw new Error('not implemented');
}

/**
 * Parse `key=value` flag strings into a metadata object (value kept as string).
 * @throws {XltvError} `INVALID_METADATA` when an item has no `=` or an empty key.
 */
export function parseMetaFlags(_items: readonly string[]): Record<string, string> {
  throw new Error('not implemented');
}

/**
 * Read a `--meta-file` JSON object.
 * @throws {XltvError} `INVALID_METADATA` (not an object / bad JSON) or `UNREADABLE_FILE`.
 */
export async function readMetaFile(_path: string): Promise<Record<string, unknown>> {
  throw new Error('not implemented');
}
