import { describe, expect, it } from 'vitest';
import codefresh from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §19 and the variables of Codefresh's reference.
const build = {
  CF_BUILD_ID: '65f0c1d2e3a4b5c6d7e8f901',
  CF_BUILD_URL: 'https://g.codefresh.io/build/65f0c1d2e3a4b5c6d7e8f901',
  CF_PIPELINE_NAME: 'acme/app/ci',
  CF_REPO_OWNER: 'acme',
  CF_REPO_NAME: 'app',
  CF_REVISION: '1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c',
};

describe('codefresh resolution details', () => {
  it('prefers CF_URL for the server and composes the repository', () => {
    const { properties, origins } = codefresh.resolve({
      ...build,
      CF_URL: 'https://codefresh.acme.example',
    });
    expect(properties.ciServerUrl).toBe('https://codefresh.acme.example');
    expect(origins.ciServerUrl).toBe('CF_URL');
    expect(properties.repository).toBe('acme/app');
    expect(origins.repository).toBe('CF_REPO_OWNER + "/" + CF_REPO_NAME');
  });

  it('falls back to the origin of the build URL', () => {
    const { properties, origins } = codefresh.resolve(build);
    expect(properties.ciServerUrl).toBe('https://g.codefresh.io');
    expect(origins.ciServerUrl).toBe('origin of CF_BUILD_URL');
  });

  it('reads a tag out of CF_BRANCH on tag builds', () => {
    const { properties } = codefresh.resolve({ ...build, CF_BRANCH: 'tags/v1.4.2' });
    expect(properties.tag).toBe('v1.4.2');
    expect(properties.branch).toBeUndefined();
  });

  it('reads a branch build and the attempt', () => {
    const { properties } = codefresh.resolve({
      ...build,
      CF_BRANCH: 'feature/search',
      CF_CURRENT_ATTEMPT: '2',
    });
    expect([properties.branch, properties.tag, properties.attempt]).toEqual([
      'feature/search',
      undefined,
      '2',
    ]);
  });

  it('takes CF_PULL_REQUEST_ID when CF_PULL_REQUEST_NUMBER is missing', () => {
    const { properties, origins } = codefresh.resolve({ ...build, CF_PULL_REQUEST_ID: '19' });
    expect(properties.pullRequest).toBe('19');
    expect(origins.pullRequest).toBe('CF_PULL_REQUEST_ID');
  });

  it('needs both owner and name for the repository', () => {
    expect(codefresh.resolve({ ...build, CF_REPO_NAME: '' }).properties.repository).toBeUndefined();
  });

  it('gives CF_BUILD_TIMESTAMP as the build start', () => {
    const resolved = codefresh.resolve({ ...build, CF_BUILD_TIMESTAMP: '1710000000000' });
    expect(resolved.buildStartedAt?.toISOString()).toBe('2024-03-09T16:00:00.000Z');
  });
});
