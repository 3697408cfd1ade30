import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAbsoluteHttpUrl } from './adapter/kit.js';
import { XltvError } from './errors.js';
import {
  METADATA_LAYER_KINDS,
  USER_METADATA_LAYER_KINDS,
  buildMetadata,
  parseMetaFlags,
  type BuiltMetadata,
  type MetadataLayer,
} from './metadata.js';
import { SEED_PROPERTY_KEYS, URL_PROPERTY_KEYS } from './properties.js';

const CREDENTIAL_URL = /[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*:[^/?#\s]*@/i;

/**
 * True when any string inside `value` holds a URL with credentials. Each string is tested on
 * its own: a regex over the whole JSON text would span fields (`http://a","b":"x@`).
 */
function hasCredentialUrl(value: unknown): boolean {
  if (typeof value === 'string') return CREDENTIAL_URL.test(value);
  if (Array.isArray(value)) return value.some(hasCredentialUrl);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, inner]) => hasCredentialUrl(key) || hasCredentialUrl(inner),
    );
  }
  return false;
}

/** Every rule of docs/protocol.md §4 that an accepted result must satisfy. */
function assertValid(result: BuiltMetadata): void {
  const { metadata, origins } = result;
  expect(Object.keys(origins).sort()).toEqual(Object.keys(metadata).sort());
  for (const [key, value] of Object.entries(metadata)) {
    expect(key.trim()).not.toBe('');
    expect(CREDENTIAL_URL.test(key)).toBe(false);
    expect(key.startsWith('@') || key.startsWith('_')).toBe(false);
    expect(typeof origins[key]).toBe('string');
    if ((SEED_PROPERTY_KEYS as readonly string[]).includes(key))
      expect(typeof value).toBe('string');
    if ((URL_PROPERTY_KEYS as readonly string[]).includes(key)) {
      expect(isAbsoluteHttpUrl(value as string)).toBe(true);
    }
    const items = Array.isArray(value) ? (value as readonly unknown[]) : [value];
    if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
    for (const item of items) {
      if (typeof item === 'string') {
        expect(item.trim()).not.toBe('');
        expect(CREDENTIAL_URL.test(item)).toBe(false);
      } else if (typeof item === 'number') {
        expect(Number.isFinite(item)).toBe(true);
      } else {
        expect(typeof item).toBe('boolean');
      }
    }
  }
  // What is sent survives JSON unchanged.
  expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
}

const keyArb = fc.oneof(
  fc.string(),
  fc.webUrl({ withQueryParameters: true }).map((url) => url.replace('://', '://user:pw@')),
  fc.constantFrom(...SEED_PROPERTY_KEYS, 'branch', 'repositoryUrl', 'ci', 'ciFoo', 'city'),
  fc.string().map((s) => `@${s}`),
  fc.string().map((s) => `_${s}`),
  fc.string().map((s) => `ci${s}`),
);

const urlArb = fc.oneof(
  fc.webUrl(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(fc.constantFrom('http', 'https', 'ftp', 'ssh'), fc.string(), fc.string(), fc.domain())
    .map(([scheme, user, pass, host]) => `${scheme}://${user}:${pass}@${host}/x`),
  fc.constantFrom('jenkins', '/job/1', 'job/1', 'http://', 'mailto:x@y.z', ''),
);

const scalarArb = fc.oneof(
  fc.string(),
  urlArb,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, '', '   '),
);

const valueArb = fc.oneof(
  { weight: 4, arbitrary: scalarArb },
  { weight: 2, arbitrary: fc.array(scalarArb, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 1n, [[1]], { a: 1 }) },
);

const layerArb = (kinds: readonly MetadataLayer['kind'][]): fc.Arbitrary<MetadataLayer> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    values: fc.dictionary(keyArb, valueArb, { maxKeys: 6 }),
  });

describe('buildMetadata properties', () => {
  it('throws nothing but XltvError INVALID_METADATA, and every accepted result obeys the rules', () => {
    fc.assert(
      fc.property(fc.array(layerArb(METADATA_LAYER_KINDS), { maxLength: 5 }), (layers) => {
        let result: BuiltMetadata;
        try {
          result = buildMetadata(layers);
        } catch (error) {
          expect(error).toBeInstanceOf(XltvError);
          expect((error as XltvError).code).toBe('INVALID_METADATA');
          const details = (error as XltvError).details;
          expect(USER_METADATA_LAYER_KINDS.has(details.layer as MetadataLayer['kind'])).toBe(true);
          expect(typeof details.key).toBe('string');
          expect(typeof details.rule).toBe('string');
          expect(hasCredentialUrl(details)).toBe(false);
          return;
        }
        assertValid(result);
        expect(hasCredentialUrl(result.warnings)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws for adapter, api and generic layers: it drops and warns', () => {
    fc.assert(
      fc.property(fc.array(layerArb(['adapter', 'api', 'generic']), { maxLength: 5 }), (layers) => {
        assertValid(buildMetadata(layers));
      }),
      { numRuns: 500 },
    );
  });

  it('the highest-precedence layer that sets a valid string wins', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...METADATA_LAYER_KINDS), { minLength: 1 }),
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !s.includes('://')),
          {
            minLength: 6,
            maxLength: 6,
          },
        ),
        (kinds, values) => {
          const layers = kinds.map((kind, index) => ({ kind, values: { stage: values[index] } }));
          const top = [...kinds].sort(
            (a, b) => METADATA_LAYER_KINDS.indexOf(b) - METADATA_LAYER_KINDS.indexOf(a),
          )[0]!;
          const { metadata, origins } = buildMetadata(layers);
          expect(metadata.stage).toBe(values[kinds.indexOf(top)]);
          expect(origins.stage).toBe(top);
        },
      ),
    );
  });
});

describe('parseMetaFlags properties', () => {
  it('splits at the first "=": the key (trimmed) before, the whole rest after', () => {
    fc.assert(
      fc.property(
        fc.string().filter((k) => !k.includes('=') && k.trim() !== ''),
        fc.string(),
        (key, value) => {
          const parsed = parseMetaFlags([`${key}=${value}`]);
          expect(Object.keys(parsed)).toEqual([key.trim()]);
          expect(parsed[key.trim()]).toBe(value);
        },
      ),
    );
  });

  it('throws only XltvError INVALID_METADATA for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), (items) => {
        try {
          parseMetaFlags(items);
        } catch (error) {
          expect(error).toBeInstanceOf(XltvError);
          expect((error as XltvError).code).toBe('INVALID_METADATA');
        }
      }),
    );
  });
});
