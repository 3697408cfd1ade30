/**
 * Checking the metadata part (docs/protocol.md §4) from the server's side. The default rules are
 * the real server's: a UTF-8 JSON object whose keys do not begin with `@` or `_`. The strict
 * rules add docs/protocol.md's value rules, so that end-to-end tests catch a client that sends
 * what the protocol forbids even where the real server would let it pass.
 */
import { badRequest } from './errors.js';

/** The metadata keys docs/protocol.md §4 requires to be strings. */
const STRING_KEYS = [
  'ciBuildNumber',
  'ciBuildResult',
  'ciBuildUrl',
  'ciExecutedOn',
  'ciJobName',
  'ciJobUrl',
  'ciServerUrl',
  'source',
] as const;
/** The keys docs/protocol.md §4 requires to be absolute http(s) URLs. */
const URL_KEYS = new Set(['ciBuildUrl', 'ciJobUrl', 'ciServerUrl']);

/**
 * Decode and check a metadata part. Throws 400 `INVALID_JSON`, `METADATA_NOT_OBJECT`,
 * `RESERVED_KEY` or (strict) `INVALID_METADATA`.
 */
export function parseMetadata(bytes: Buffer, strict: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw badRequest('INVALID_JSON', 'The metadata part is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest('INVALID_JSON', `The metadata part is not valid JSON: ${why}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(
      'METADATA_NOT_OBJECT',
      `The metadata must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`,
    );
  }
  const metadata = value as Record<string, unknown>;
  for (const key of Object.keys(metadata)) {
    if (key === '') throw badRequest('RESERVED_KEY', 'A metadata key is empty.');
    if (key.startsWith('@') || key.startsWith('_')) {
      throw badRequest(
        'RESERVED_KEY',
        `Metadata key ${JSON.stringify(key)} begins with "${key[0]}"; keys beginning with "@" or "_" are reserved.`,
      );
    }
  }
  if (strict) checkStrict(metadata);
  return metadata;
}

function checkStrict(metadata: Record<string, unknown>): void {
  const invalid = (key: string, why: string): Error =>
    badRequest('INVALID_METADATA', `Metadata key ${JSON.stringify(key)} ${why}.`);
  for (const [key, value] of Object.entries(metadata)) {
    if (Array.isArray(value)) {
      if (!value.every(isScalar)) {
        throw invalid(key, 'holds an array with something other than strings, numbers or booleans');
      }
    } else if (!isScalar(value)) {
      throw invalid(key, 'is not a string, finite number, boolean or array of those');
    }
    if (value === '') throw invalid(key, 'is an empty string (unknown values must be absent)');
  }
  for (const key of STRING_KEYS) {
    const value = metadata[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalid(key, 'must be a string');
    if (URL_KEYS.has(key) && !isAbsoluteHttpUrl(value)) {
      throw invalid(key, 'must be an absolute http(s) URL');
    }
  }
}

function isScalar(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
