import { describe, expect, it } from 'vitest';
import bitrise from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §17 and the shapes in Bitrise's variable reference.
const build = {
  BITRISE_IO: 'true',
  BITRISE_APP_SLUG: '2a7f1c9e0b3d4e5f',
  BITRISE_APP_URL: 'https://app.bitrise.io/app/2a7f1c9e0b3d4e5f',
  BITRISE_BUILD_NUMBER: '318',
  BITRISE_BUILD_SLUG: '9c8b7a6f5e4d3c2b',
  BITRISE_BUILD_URL: 'https://app.bitrise.io/build/9c8b7a6f5e4d3c2b',
};

describe('bitrise detection', () => {
  it('detects BITRISE_IO or, as datadog-ci does, BITRISE_BUILD_SLUG', () => {
    expect(bitrise.detect({ BITRISE_IO: 'true' })).toBe(true);
    expect(bitrise.detect({ BITRISE_BUILD_SLUG: '9c8b7a6f5e4d3c2b' })).toBe(true);
    expect(bitrise.detect({ BITRISE_IO: '' })).toBe(false);
  });
});

describe('bitrise resolution details', () => {
  it('names the job by the app title, else the app slug', () => {
    expect(bitrise.resolve(build).properties.ciJobName).toBe('2a7f1c9e0b3d4e5f');
    const titled = bitrise.resolve({ ...build, BITRISE_APP_TITLE: 'Acme iOS' });
    expect(titled.properties.ciJobName).toBe('Acme iOS');
    expect(titled.origins.ciJobName).toBe('BITRISE_APP_TITLE');
    expect(titled.properties.ciJobUrl).toBe('https://app.bitrise.io/app/2a7f1c9e0b3d4e5f');
    expect(titled.origins.ciServerUrl).toBe('origin of BITRISE_BUILD_URL');
  });

  it('maps BITRISE_BUILD_STATUS to the result so far', () => {
    const result = (status: string) =>
      bitrise.resolve({ ...build, BITRISE_BUILD_STATUS: status }).properties.ciBuildResult;
    expect(result('0')).toBe('SUCCESS');
    expect(result('1')).toBe('FAILURE');
    expect(result('2')).toBeUndefined();
  });

  it('reads a tag build', () => {
    const { properties } = bitrise.resolve({
      ...build,
      BITRISE_GIT_TAG: 'v3.4.0',
      BITRISE_GIT_COMMIT: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    });
    expect(properties.tag).toBe('v3.4.0');
    expect(properties.branch).toBeUndefined();
  });

  it('keeps an scp-style clone URL and parses its repository', () => {
    const { properties } = bitrise.resolve({
      ...build,
      GIT_REPOSITORY_URL: 'git@github.com:acme/ios-app.git',
    });
    expect(properties.repository).toBe('acme/ios-app');
    expect(properties.repositoryUrl).toBe('git@github.com:acme/ios-app.git');
  });

  it('gives the trigger time (Unix seconds) as the build start', () => {
    const resolved = bitrise.resolve({ ...build, BITRISE_BUILD_TRIGGER_TIMESTAMP: '1700000000' });
    expect(resolved.buildStartedAt?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });
});
