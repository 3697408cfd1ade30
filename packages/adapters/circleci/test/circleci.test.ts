import { describe, expect, it } from 'vitest';
import circleci, { circleci as named, projectPageFromJobUrl } from '../src/index.js';

describe('circleci adapter beyond the fixtures', () => {
  it('has the same default and named export', () => {
    expect(named).toBe(circleci);
  });

  it('derives the project page from both job URL shapes, and nothing from others', () => {
    expect(projectPageFromJobUrl('https://circleci.com/gh/acme/app/123')).toBe(
      'https://app.circleci.com/pipelines/github/acme/app',
    );
    expect(projectPageFromJobUrl('https://circleci.com/bb/acme/app/7/')).toBe(
      'https://app.circleci.com/pipelines/bitbucket/acme/app',
    );
    expect(
      projectPageFromJobUrl('https://app.circleci.com/jobs/circleci/org-id/project-id/9'),
    ).toBe('https://app.circleci.com/pipelines/circleci/org-id/project-id');
    for (const other of [
      'https://circleci-build-url.com/',
      'https://circleci.com/gh/acme/app',
      'https://circleci.com/gh/acme/app/latest',
      'https://circleci.com/xx/acme/app/1',
      'https://app.circleci.com/pipelines/github/acme/app/1',
      'http://circleci.com/gh/acme/app/1',
      'not a url',
    ]) {
      expect(projectPageFromJobUrl(other), other).toBeUndefined();
    }
  });

  it('reads a legacy GitHub OAuth job with a pull request URL and an scp-style clone URL', () => {
    const resolved = circleci.resolve({
      CIRCLECI: 'true',
      CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/app/123',
      CIRCLE_BUILD_NUM: '123',
      CIRCLE_JOB: 'test',
      CIRCLE_BRANCH: 'feature/x',
      CIRCLE_PULL_REQUEST: 'https://github.com/acme/app/pull/45',
      CIRCLE_REPOSITORY_URL: 'git@github.com:acme/app.git',
      CIRCLE_WORKFLOW_ID: 'wf-1',
    });
    expect(resolved.properties).toEqual({
      source: 'circleci',
      ciServerUrl: 'https://circleci.com',
      ciJobName: 'test',
      ciJobUrl: 'https://app.circleci.com/pipelines/github/acme/app',
      ciBuildNumber: '123',
      ciBuildUrl: 'https://circleci.com/gh/acme/app/123',
      branch: 'feature/x',
      pullRequest: '45',
      repository: 'acme/app',
      repositoryUrl: 'git@github.com:acme/app.git',
      pipelineId: 'wf-1',
    });
    expect(resolved.origins.pullRequest).toBe('number in CIRCLE_PULL_REQUEST');
    expect(resolved.origins.ciJobUrl).toBe('project page of CIRCLE_BUILD_URL');
  });

  it('prefers CIRCLE_PR_NUMBER and ignores a pull request URL without a number', () => {
    expect(
      circleci.resolve({
        CIRCLECI: 'true',
        CIRCLE_PR_NUMBER: '3',
        CIRCLE_PULL_REQUEST: 'https://x/pull/4',
      }).properties.pullRequest,
    ).toBe('3');
    expect(
      circleci.resolve({ CIRCLECI: 'true', CI_PULL_REQUEST: 'https://github.com/acme/app/pulls' })
        .properties.pullRequest,
    ).toBeUndefined();
  });

  it('never resolves a build result or an executor', () => {
    const { properties } = circleci.resolve({ CIRCLECI: 'true', CIRCLE_NODE_INDEX: '0' });
    expect(properties.ciBuildResult).toBeUndefined();
    expect(properties.ciExecutedOn).toBeUndefined();
  });
});
