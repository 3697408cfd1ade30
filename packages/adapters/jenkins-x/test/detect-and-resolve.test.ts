import { describe, expect, it } from 'vitest';
import { loadFixtures } from '@xltv/test-utils';
import jenkinsX from '../src/index.js';

const [presubmit] = loadFixtures(new URL('./fixtures.json', import.meta.url));

describe('jenkins-x detection', () => {
  it('does not claim a Prow job, which sets the same parameters and PROW_JOB_ID', () => {
    expect(presubmit).toBeDefined();
    expect(
      jenkinsX.detect({ ...presubmit?.env, PROW_JOB_ID: '2c6a1f0e-5b4d-11ee-8c99-0242ac120002' }),
    ).toBe(false);
  });

  it('does not claim Jenkins or Cloud Build variables that share names with Lighthouse', () => {
    expect(jenkinsX.detect({ BUILD_ID: '42', BUILD_NUMBER: '42', JOB_NAME: 'app/main' })).toBe(
      false,
    );
    expect(jenkinsX.detect({ BUILD_ID: 'a7c1e2f0', PROJECT_ID: 'acme-ci' })).toBe(false);
  });

  it('detects JOB_SPEC or PULL_REFS alone', () => {
    expect(jenkinsX.detect({ JOB_SPEC: 'type:periodic' })).toBe(true);
    expect(jenkinsX.detect({ PULL_REFS: 'main:e8d56b5e' })).toBe(true);
  });
});

describe('jenkins-x resolution details', () => {
  it('treats a batch job like a pull request: its base ref is the target', () => {
    const { properties } = jenkinsX.resolve({
      BUILD_ID: '31',
      JOB_SPEC: 'type:batch',
      PULL_BASE_REF: 'main',
      PULL_BASE_SHA: 'e8d56b5ee9671599c75644af574a251dd3b94a5c',
      PULL_REFS: 'main:e8d56b5e,101:aa11bb22,102:cc33dd44',
    });
    expect(properties.branch).toBeUndefined();
    expect(properties.targetBranch).toBe('main');
    expect(properties.pullRequest).toBeUndefined();
  });

  it('names where each value came from', () => {
    const { origins } = jenkinsX.resolve(presubmit?.env ?? {});
    expect(origins).toMatchObject({
      ciJobName: 'JOB_NAME',
      ciBuildNumber: 'BUILD_ID',
      targetBranch: 'PULL_BASE_REF',
      commit: 'PULL_PULL_SHA',
      repository: 'REPO_OWNER + "/" + REPO_NAME',
      repositoryUrl: 'REPO_URL',
    });
  });
});
