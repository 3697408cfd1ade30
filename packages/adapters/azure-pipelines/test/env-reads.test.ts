import { describe, expect, it } from 'vitest';
import { loadFixtures } from '@xltv/test-utils';
import type { Env } from '@xltv/core';
import adapter from '../src/index.js';

/** An env that records every variable name read from it. */
function recording(values: Readonly<Record<string, string>>, reads: Set<string>): Env {
  return new Proxy(values, {
    get(target, name) {
      if (typeof name === 'string') reads.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
}

describe(`${adapter.id}: envVars lists every variable detect and resolve read`, () => {
  // Empty: every fallback of every chain is read. All set: every branch that needs a value.
  const declared: readonly string[] = adapter.envVars;
  const everySet = Object.fromEntries(declared.map((name) => [name, '1']));
  const fixtures = loadFixtures(new URL('./fixtures.json', import.meta.url));
  const envs: [string, Readonly<Record<string, string>>][] = [
    ['an empty env', {}],
    ['every declared variable set', everySet],
    ...fixtures.map((fixture): [string, Readonly<Record<string, string>>] => [
      fixture.name,
      fixture.env,
    ]),
  ];
  it.each(envs)('%s', (_name, values) => {
    const reads = new Set<string>();
    const env = recording(values, reads);
    adapter.detect(env);
    adapter.resolve(env);
    expect([...reads].filter((name) => !declared.includes(name))).toEqual([]);
  });
});
