import { describe, expect, it } from 'vitest';
import wercker from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §20 (Wercker).
const run = {
  WERCKER_MAIN_PIPELINE_STARTED: '1546300800',
  WERCKER_GIT_OWNER: 'acme',
  WERCKER_GIT_REPOSITORY: 'api',
  WERCKER_GIT_BRANCH: 'main',
};

describe('wercker resolution details', () => {
  it('takes the build URL from WERCKER_BUILD_URL when WERCKER_RUN_URL is missing', () => {
    const { properties, origins } = wercker.resolve({
      ...run,
      WERCKER_BUILD_URL: 'https://app.wercker.com/acme/api/build/5c2b1a0f',
    });
    expect(properties.ciBuildUrl).toBe('https://app.wercker.com/acme/api/build/5c2b1a0f');
    expect(properties.ciServerUrl).toBe('https://app.wercker.com');
    expect(origins.ciServerUrl).toBe('origin of WERCKER_BUILD_URL');
  });

  it('uses the pipeline start as the build start, never as the build number', () => {
    const resolved = wercker.resolve(run);
    expect(resolved.properties.ciBuildNumber).toBeUndefined();
    expect(resolved.buildStartedAt?.toISOString()).toBe('2019-01-01T00:00:00.000Z');
  });

  it('needs both owner and repository for the job name', () => {
    const { properties } = wercker.resolve({ ...run, WERCKER_GIT_OWNER: '' });
    expect(properties.ciJobName).toBeUndefined();
    expect(properties.repository).toBeUndefined();
  });
});
