/**
 * The shared adapter suite: every adapter's tests are data. Each fixture file is an array of
 * `{ name, origin, env, expected }` (copied from real or reconstructed CI environments);
 * `expected` lists every property, `null` meaning "absent".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CI_PROPERTY_KEYS, type CiAdapter, type Env } from '@xltv/core/adapter';

/** One CI environment and the properties a correct adapter resolves from it. */
export interface CiFixture {
  readonly name: string;
  readonly origin?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly expected: Readonly<Record<string, string | null>>;
}

/** Read a fixture file (a JSON array of {@link CiFixture}). */
export function loadFixtures(file: string | URL): CiFixture[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${String(file)}: expected a JSON array of fixtures`);
  return parsed as CiFixture[];
}

/** `expected` without its nulls: the exact properties object `resolve` must return. */
export function expectedProperties(fixture: CiFixture): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fixture.expected).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    ),
  );
}

/** An env that records every variable name read from it. */
function recordingEnv(values: Readonly<Record<string, string>>, reads: Set<string>): Env {
  return new Proxy(values, {
    get(target, name) {
      if (typeof name === 'string') reads.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
}

function onlyVars(env: Env, names: readonly string[]): Env {
  return Object.fromEntries(names.filter((name) => name in env).map((name) => [name, env[name]]));
}

/**
 * The shared suite: for every fixture, `detect` is true, `resolve` gives exactly `expected`,
 * no value is `""`, every value has an origin, and reading only `envVars` changes nothing;
 * `detect` is false on `{}` and `{ CI: "true" }`.
 */
export function describeAdapter(adapter: CiAdapter, fixtures: readonly CiFixture[]): void {
  describe(`${adapter.id} adapter`, () => {
    it('is a well-formed plain object', () => {
      expect(adapter.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(adapter.name.length).toBeGreaterThan(0);
      expect(adapter.docsUrl).toMatch(/^https:\/\//);
      expect(adapter.envVars.length).toBeGreaterThan(0);
      expect(new Set(adapter.envVars).size).toBe(adapter.envVars.length);
    });

    it('has fixtures', () => {
      expect(fixtures.length).toBeGreaterThan(0);
    });

    it('does not detect an empty or a generic CI environment', () => {
      expect(adapter.detect({})).toBe(false);
      expect(adapter.detect({ CI: 'true' })).toBe(false);
    });

    // Reading through a recording env catches a variable missing from envVars even when no
    // fixture sets it: empty env = every fallback of every chain is read; all set = every
    // branch that needs a value.
    const declared: readonly string[] = adapter.envVars;
    const recordedEnvs: [string, Readonly<Record<string, string>>][] = [
      ['an empty env', {}],
      ['every declared variable set', Object.fromEntries(declared.map((name) => [name, '1']))],
      ...fixtures.map((fixture): [string, Readonly<Record<string, string>>] => [
        fixture.name,
        fixture.env,
      ]),
    ];
    it.each(recordedEnvs)('declares every variable it reads in envVars (%s)', (_name, values) => {
      const reads = new Set<string>();
      const env = recordingEnv(values, reads);
      adapter.detect(env);
      adapter.resolve(env);
      expect([...reads].filter((name) => !declared.includes(name))).toEqual([]);
    });

    for (const fixture of fixtures) {
      describe(fixture.name, () => {
        it('detects the environment', () => {
          expect(adapter.detect(fixture.env)).toBe(true);
        });

        it('resolves exactly the expected properties', () => {
          const resolved = adapter.resolve(fixture.env);
          expect(resolved.properties).toEqual(expectedProperties(fixture));
          for (const key of Object.keys(fixture.expected)) {
            expect(CI_PROPERTY_KEYS as readonly string[]).toContain(key);
          }
        });

        it('never resolves an empty value and names an origin for each value', () => {
          const resolved = adapter.resolve(fixture.env);
          for (const [key, value] of Object.entries(resolved.properties)) {
            expect(value, key).not.toBe('');
            expect(typeof value, key).toBe('string');
            expect(resolved.origins[key as keyof typeof resolved.origins], key).toBeTruthy();
          }
        });

        it('reads only the variables it declares in envVars', () => {
          const filtered = onlyVars(fixture.env, adapter.envVars);
          expect(adapter.detect(filtered)).toBe(true);
          expect(adapter.resolve(filtered)).toEqual(adapter.resolve(fixture.env));
        });
      });
    }
  });
}
