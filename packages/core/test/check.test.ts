/**
 * `check()` and `listSpecs()` against real receivers: each step of the check is reported, the
 * first failure ends it, and bad options reject before any request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';
import { check, listSpecs, type CheckStep } from '../src/index.js';

const credentials = { username: 'checker', password: 'check-pass-0123' };
let receiver: Receiver;
let unlicensed: Receiver;

beforeAll(async () => {
  const specs = [
    { id: 'unit', title: 'Unit tests', testTool: { name: 'xlt.JUnit' } },
    { id: 'all', title: 'Every suite', type: 'xlt.TestSpecificationSet' },
  ];
  receiver = await startReceiver({
    user: credentials.username,
    password: credentials.password,
    specs,
  });
  unlicensed = await startReceiver({ licensed: false });
});
afterAll(async () => {
  await receiver.close();
  await unlicensed.close();
});

/** The steps as `name ok reason|error code`. */
function summary(steps: readonly CheckStep[]): string[] {
  return steps.map((step) =>
    [step.name, String(step.ok), step.reason ?? step.error?.code ?? ''].join(' ').trim(),
  );
}

describe('check', () => {
  it('passes every step, the target included', async () => {
    const report = await check({ url: receiver.url, ...credentials, testSpec: 'unit' });
    expect(report.ok).toBe(true);
    expect(report.username).toBe('checker');
    expect(summary(report.steps)).toEqual([
      'server true',
      'credentials true',
      'licence true',
      'target true',
    ]);
    expect(report.steps[0]?.server?.version).toBeDefined();
    expect(report.steps[3]?.spec?.title).toBe('Unit tests');
  });

  it('leaves the target unchecked without a test specification', async () => {
    const report = await check({ url: receiver.url, ...credentials });
    expect(report.ok).toBe(true);
    expect(summary(report.steps).at(-1)).toBe('target undefined not-given');
  });

  it('ends at the first failure: credentials, an unknown id, a set, no licence', async () => {
    const wrong = await check({ url: receiver.url, username: 'checker', password: 'nope-nope' });
    expect(wrong.ok).toBe(false);
    expect(summary(wrong.steps)).toEqual(['server true', 'credentials false UNAUTHORIZED']);

    const missing = await check({ url: receiver.url, ...credentials, testSpec: 'nope' });
    expect(summary(missing.steps).at(-1)).toBe('target false not-found');

    const set = await check({ url: receiver.url, ...credentials, testSpec: 'all' });
    expect(summary(set.steps).at(-1)).toBe('target false set');

    const noLicence = await check({ url: unlicensed.url });
    expect(summary(noLicence.steps)).toEqual([
      'server true',
      'credentials true',
      'licence false LICENSE_REQUIRED',
    ]);
  });

  it('reports a server that cannot be reached as a failed step', async () => {
    const report = await check({ url: 'http://127.0.0.1:9', retries: 0 });
    expect(summary(report.steps)).toEqual(['server false NETWORK']);
  });

  it('rejects bad options before any request', async () => {
    await expect(check({})).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      details: { option: 'url', rule: 'missing' },
    });
    await expect(check({ url: receiver.url, testSpec: ' ' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      details: { option: 'testSpec', rule: 'empty' },
    });
  });
});

describe('listSpecs', () => {
  it("lists the server's test specifications", async () => {
    const specs = await listSpecs({ url: receiver.url, ...credentials });
    expect(specs.map((spec) => [spec.id, spec.type])).toEqual(
      expect.arrayContaining([
        ['unit', expect.any(String) as unknown],
        ['all', 'xlt.TestSpecificationSet'],
      ]),
    );
  });

  it('rejects wrong credentials with UNAUTHORIZED', async () => {
    await expect(
      listSpecs({ url: receiver.url, username: 'x', password: 'y' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
