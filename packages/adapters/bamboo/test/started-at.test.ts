import { loadFixtures } from '@xltv/test-utils';
import { describe, expect, it } from 'vitest';
import bamboo from '../src/index.js';

const fixtures = loadFixtures(new URL('./fixtures.json', import.meta.url));

describe('bamboo build start', () => {
  it('reads bamboo_buildTimeStamp (ISO 8601 with an offset)', () => {
    const fixture = fixtures.find((candidate) => candidate.env.bamboo_buildTimeStamp);
    expect(fixture).toBeDefined();
    const resolved = bamboo.resolve(fixture?.env ?? {});
    expect(resolved.buildStartedAt?.toISOString()).toBe('2025-03-14T08:26:53.589Z');
  });

  it('leaves the start out when the timestamp is missing or not a date', () => {
    expect(bamboo.resolve({ bamboo_buildNumber: '1' }).buildStartedAt).toBeUndefined();
    expect(
      bamboo.resolve({ bamboo_buildNumber: '1', bamboo_buildTimeStamp: 'yesterday' })
        .buildStartedAt,
    ).toBeUndefined();
  });

  it('derives no server or plan URL from a results URL without "/browse/"', () => {
    const { properties, origins } = bamboo.resolve({
      bamboo_buildNumber: '7',
      bamboo_planKey: 'WEB-APP',
      bamboo_resultsUrl: 'https://bamboo.example.com/build/result/7',
    });
    expect(properties.ciBuildUrl).toBe('https://bamboo.example.com/build/result/7');
    expect(origins.ciBuildUrl).toBe('bamboo_resultsUrl');
    expect(properties.ciServerUrl).toBeUndefined();
    expect(properties.ciJobUrl).toBeUndefined();
  });
});
