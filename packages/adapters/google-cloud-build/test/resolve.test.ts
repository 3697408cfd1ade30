import { describe, expect, it } from 'vitest';
import googleCloudBuild from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §16: substitutions mapped into the step env under their
// own names, as the README's snippet does.
const mapped = {
  BUILD_ID: 'a7c1e2f0-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  PROJECT_ID: 'acme-ci',
};

describe('google-cloud-build detection', () => {
  it('needs BUILD_ID and PROJECT_ID together, or BUILDER_OUTPUT', () => {
    expect(googleCloudBuild.detect(mapped)).toBe(true);
    expect(googleCloudBuild.detect({ BUILD_ID: mapped.BUILD_ID })).toBe(false);
    expect(googleCloudBuild.detect({ PROJECT_ID: mapped.PROJECT_ID })).toBe(false);
    expect(googleCloudBuild.detect({ ...mapped, PROJECT_ID: '' })).toBe(false);
    expect(googleCloudBuild.detect({ BUILDER_OUTPUT: '/builder/outputs' })).toBe(true);
  });

  it('does not take a Jenkins build (BUILD_ID, BUILD_NUMBER, JOB_NAME) for Cloud Build', () => {
    expect(
      googleCloudBuild.detect({ BUILD_ID: '42', BUILD_NUMBER: '42', JOB_NAME: 'app/main' }),
    ).toBe(false);
  });
});

describe('google-cloud-build resolution details', () => {
  it("uses trunk-io's build URL form when LOCATION is not mapped", () => {
    const { properties, origins } = googleCloudBuild.resolve(mapped);
    expect(properties.ciBuildUrl).toBe(
      'https://console.cloud.google.com/cloud-build/builds/a7c1e2f0-3b4d-4e5f-8a9b-0c1d2e3f4a5b?project=acme-ci',
    );
    expect(origins.ciBuildUrl).toContain('BUILD_ID');
    expect(origins.ciBuildUrl).not.toContain('LOCATION');
  });

  it('knows the console but no build URL with BUILDER_OUTPUT only', () => {
    expect(googleCloudBuild.resolve({ BUILDER_OUTPUT: '/builder/outputs' }).properties).toEqual({
      source: 'google-cloud-build',
      ciServerUrl: 'https://console.cloud.google.com/cloud-build',
    });
  });

  it('takes the head and base branches of a pull-request trigger', () => {
    const { properties } = googleCloudBuild.resolve({
      ...mapped,
      BRANCH_NAME: '',
      _HEAD_BRANCH: 'feature/login',
      _BASE_BRANCH: 'main',
      _PR_NUMBER: '31',
    });
    expect([properties.branch, properties.targetBranch, properties.pullRequest]).toEqual([
      'feature/login',
      'main',
      '31',
    ]);
  });

  it('reads a tag trigger, where BRANCH_NAME is empty', () => {
    const { properties } = googleCloudBuild.resolve({
      ...mapped,
      BRANCH_NAME: '',
      TAG_NAME: 'v2.0.1',
      COMMIT_SHA: '0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4',
    });
    expect(properties.tag).toBe('v2.0.1');
    expect(properties.branch).toBeUndefined();
    expect(properties.commit).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4');
  });
});
