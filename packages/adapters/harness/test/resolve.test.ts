import { describe, expect, it } from 'vitest';
import harness from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §20 and Harness' "CI environment variables reference".
const branchBuild = {
  CI: 'true',
  DRONE: 'true',
  HARNESS_BUILD_ID: '57',
  HARNESS_EXECUTION_ID: 'kX2b9QzRTdmWmZ3pYv1c0A',
  HARNESS_PIPELINE_ID: 'build_and_test',
  HARNESS_STAGE_ID: 'unit_tests',
  HARNESS_STEP_ID: 'upload_results',
  CI_BUILD_LINK:
    'https://app.harness.io/ng/account/acct/ci/orgs/default/projects/app/pipelines/build_and_test/executions/kX2b9QzRTdmWmZ3pYv1c0A/pipeline',
  DRONE_BUILD_NUMBER: '57',
  DRONE_BRANCH: 'main',
  DRONE_COMMIT_BRANCH: 'main',
  DRONE_SOURCE_BRANCH: 'main',
  DRONE_TARGET_BRANCH: 'main',
  DRONE_COMMIT_SHA: '8f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e',
  DRONE_REPO: 'octocat/hello-world',
  DRONE_REPO_LINK: 'https://github.com/octocat/hello-world',
  DRONE_STAGE_NAME: 'Unit tests',
  DRONE_STEP_NAME: 'Upload results',
  DRONE_BUILD_STARTED: '1700000000',
};

describe('harness detection', () => {
  it('detects either HARNESS_* marker', () => {
    expect(harness.detect({ HARNESS_BUILD_ID: '57' })).toBe(true);
    expect(harness.detect({ HARNESS_EXECUTION_ID: 'kX2b9QzRTdmWmZ3pYv1c0A' })).toBe(true);
  });

  it('does not claim a plain Drone environment, whose variables Harness imitates', () => {
    const {
      HARNESS_BUILD_ID: _buildId,
      HARNESS_EXECUTION_ID: _executionId,
      ...droneOnly
    } = branchBuild;
    expect(harness.detect(droneOnly)).toBe(false);
  });
});

describe('harness resolution details', () => {
  it('resolves a branch build, with Harness identifiers before their Drone twins', () => {
    const resolved = harness.resolve(branchBuild);
    expect(resolved.properties).toEqual({
      source: 'harness',
      ciServerUrl: 'https://app.harness.io',
      ciJobName: 'build_and_test',
      ciBuildNumber: '57',
      ciBuildUrl: branchBuild.CI_BUILD_LINK,
      branch: 'main',
      commit: '8f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e',
      repository: 'octocat/hello-world',
      repositoryUrl: 'https://github.com/octocat/hello-world',
      pipelineId: 'kX2b9QzRTdmWmZ3pYv1c0A',
      stage: 'unit_tests',
      step: 'upload_results',
    });
    expect(resolved.origins.ciServerUrl).toBe('origin of CI_BUILD_LINK');
    expect(resolved.buildStartedAt?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('reads the tag of a tag push out of the branch variables', () => {
    const { properties } = harness.resolve({
      ...branchBuild,
      DRONE_BRANCH: 'refs/tags/v1.0.0',
      DRONE_COMMIT_BRANCH: 'refs/tags/v1.0.0',
      DRONE_SOURCE_BRANCH: 'refs/tags/v1.0.0',
      DRONE_TARGET_BRANCH: 'refs/tags/v1.0.0',
    });
    expect(properties.tag).toBe('v1.0.0');
    expect(properties.branch).toBeUndefined();
    expect(properties.targetBranch).toBeUndefined();
  });

  it('takes the repository from CI_REPO only as a slug, else from the clone URL', () => {
    const base = { HARNESS_BUILD_ID: '3' };
    expect(harness.resolve({ ...base, CI_REPO: 'octocat/hello-world' }).properties.repository).toBe(
      'octocat/hello-world',
    );
    const parsed = harness.resolve({
      ...base,
      CI_REPO: 'hello-world',
      DRONE_GIT_HTTP_URL: 'https://github.com/octocat/hello-world.git',
    });
    expect(parsed.properties.repository).toBe('octocat/hello-world');
    expect(parsed.origins.repository).toBe('(repository of DRONE_GIT_HTTP_URL)');
  });

  it('falls back to the Drone names of build number, build link, stage and step', () => {
    const { properties } = harness.resolve({
      HARNESS_EXECUTION_ID: 'kX2b9QzRTdmWmZ3pYv1c0A',
      DRONE_BUILD_NUMBER: '58',
      DRONE_BUILD_LINK: 'https://harness.acme.example/ng/build/58',
      DRONE_STAGE_NAME: 'Unit tests',
      DRONE_STEP_NAME: 'Upload results',
    });
    expect(properties.ciBuildNumber).toBe('58');
    expect(properties.ciServerUrl).toBe('https://harness.acme.example');
    expect([properties.stage, properties.step]).toEqual(['Unit tests', 'Upload results']);
  });
});
