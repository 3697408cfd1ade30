import { describe, expect, it } from 'vitest';
import gitlab, { gitlab as named } from '../src/index.js';

describe('gitlab adapter beyond the fixtures', () => {
  it('has the same default and named export, and declares what enrich reads', () => {
    expect(named).toBe(gitlab);
    for (const name of ['CI_API_V4_URL', 'CI_JOB_TOKEN', 'XLTV_GITLAB_TOKEN', 'CI_PROJECT_ID']) {
      expect(gitlab.envVars).toContain(name);
    }
  });

  it('detects GITLAB_CI (any value) or a GitLab CI_SERVER_NAME', () => {
    expect(gitlab.detect({ GITLAB_CI: 'gitlab' })).toBe(true);
    expect(gitlab.detect({ CI_SERVER_NAME: 'GitLab' })).toBe(true);
    expect(gitlab.detect({ CI_SERVER_NAME: 'Forgejo' })).toBe(false);
  });

  it('rebuilds the server URL from protocol, host and a non-default port', () => {
    const base = {
      GITLAB_CI: 'true',
      CI_SERVER_PROTOCOL: 'https',
      CI_SERVER_HOST: 'git.example.com',
    };
    expect(gitlab.resolve({ ...base, CI_SERVER_PORT: '443' }).properties.ciServerUrl).toBe(
      'https://git.example.com',
    );
    const custom = gitlab.resolve({ ...base, CI_SERVER_PORT: '8443' });
    expect(custom.properties.ciServerUrl).toBe('https://git.example.com:8443');
    expect(custom.origins.ciServerUrl).toBe(
      'CI_SERVER_PROTOCOL + "://" + CI_SERVER_HOST + ":" + CI_SERVER_PORT',
    );
  });

  it('derives the job list and the job URL from the project URL', () => {
    const resolved = gitlab.resolve({
      GITLAB_CI: 'true',
      CI_PROJECT_URL: 'https://gitlab.example.com/group/sub/app',
      CI_JOB_ID: '42',
    });
    expect(resolved.properties).toMatchObject({
      ciServerUrl: 'https://gitlab.example.com',
      ciJobUrl: 'https://gitlab.example.com/group/sub/app/-/jobs',
      ciBuildUrl: 'https://gitlab.example.com/group/sub/app/-/jobs/42',
    });
    expect(resolved.origins.ciBuildUrl).toBe('CI_PROJECT_URL + "/-/jobs/" + CI_JOB_ID');
  });

  it.each([
    ['running', 'RUNNING'],
    ['success', 'SUCCESS'],
    ['failed', 'FAILURE'],
    ['canceled', 'ABORTED'],
    ['manual', undefined],
  ])('maps CI_JOB_STATUS=%s to %s', (status, result) => {
    expect(
      gitlab.resolve({ GITLAB_CI: 'true', CI_JOB_STATUS: status }).properties.ciBuildResult,
    ).toBe(result);
  });

  it('reads a merge request pipeline: source branch, target, IID (not the instance-wide id)', () => {
    const { properties } = gitlab.resolve({
      GITLAB_CI: 'true',
      CI_COMMIT_REF_NAME: 'feature/login',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_IID: '7',
      CI_MERGE_REQUEST_ID: '99001',
    });
    expect(properties).toMatchObject({
      branch: 'feature/login',
      targetBranch: 'main',
      pullRequest: '7',
    });
  });

  it('drops the ref name of a tag pipeline as a branch', () => {
    const { properties } = gitlab.resolve({
      GITLAB_CI: 'true',
      CI_COMMIT_REF_NAME: 'v1.2.0',
      CI_COMMIT_TAG: 'v1.2.0',
    });
    expect(properties.tag).toBe('v1.2.0');
    expect(properties.branch).toBeUndefined();
  });

  it('takes repository and URL from the clone URL without the job token when the project vars are missing', () => {
    const resolved = gitlab.resolve({
      GITLAB_CI: 'true',
      CI_REPOSITORY_URL:
        'https://gitlab-ci-token:glcbt-64_secret@gitlab.example.com/group/sub/app.git',
    });
    expect(resolved.properties.repository).toBe('group/sub/app');
    expect(resolved.properties.repositoryUrl).toBe('https://gitlab.example.com/group/sub/app.git');
    expect(resolved.origins.repository).toBe('path of CI_REPOSITORY_URL');
    expect(JSON.stringify(resolved)).not.toContain('glcbt-64_secret');
  });

  it('reads the legacy names when the current ones are missing', () => {
    const { properties } = gitlab.resolve({
      GITLAB_CI: 'true',
      CI_BUILD_ID: '5',
      CI_BUILD_NAME: 'rspec',
      CI_BUILD_REF: 'abc',
      CI_BUILD_REF_NAME: 'master',
      CI_BUILD_STAGE: 'test',
      CI_BUILD_REPO: 'https://gitlab-ci-token:xxx@gitlab.example.com/a/b.git',
    });
    expect(properties).toEqual({
      source: 'gitlab',
      ciBuildNumber: '5',
      ciJobName: 'rspec',
      commit: 'abc',
      branch: 'master',
      stage: 'test',
      repository: 'a/b',
      repositoryUrl: 'https://gitlab.example.com/a/b.git',
    });
  });

  it('tells when the job started', () => {
    expect(
      gitlab
        .resolve({ GITLAB_CI: 'true', CI_JOB_STARTED_AT: '2024-11-21T20:07:42Z' })
        .buildStartedAt?.toISOString(),
    ).toBe('2024-11-21T20:07:42.000Z');
  });
});
