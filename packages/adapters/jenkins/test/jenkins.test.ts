import { describe, expect, it } from 'vitest';
import jenkins, { jenkins as named } from '../src/index.js';

describe('jenkins adapter beyond the fixtures', () => {
  it('has the same default and named export', () => {
    expect(named).toBe(jenkins);
  });

  it('is not detected by BUILD_NUMBER or BUILD_ID alone (TeamCity, Cloud Build, Drone set them)', () => {
    expect(jenkins.detect({ BUILD_NUMBER: '12', BUILD_ID: '12' })).toBe(false);
    expect(jenkins.detect({ JENKINS_URL: 'https://ci.example.com/' })).toBe(true);
    expect(jenkins.detect({ HUDSON_URL: 'https://ci.example.com/' })).toBe(true);
    expect(jenkins.detect({ JENKINS_HOME: '/var/lib/jenkins' })).toBe(true);
  });

  it('takes the source branch of a multibranch change request, never BRANCH_NAME=PR-n', () => {
    const base = { JENKINS_URL: 'https://ci.example.com/', CHANGE_ID: '12', BRANCH_NAME: 'PR-12' };
    expect(
      jenkins.resolve({ ...base, CHANGE_BRANCH: 'feature/x', CHANGE_TARGET: 'main' }).properties,
    ).toMatchObject({ branch: 'feature/x', targetBranch: 'main', pullRequest: '12' });
    expect(jenkins.resolve(base).properties.branch).toBeUndefined();
    expect(jenkins.resolve({ ...base, CHANGE_ID: '' }).properties.branch).toBe('PR-12');
  });

  it('reads a tag build: TAG_NAME, and a tag-like GIT_BRANCH is a tag, not a branch', () => {
    const multibranch = jenkins.resolve({
      JENKINS_URL: 'https://ci.example.com/',
      BRANCH_NAME: 'v1.2.0',
      TAG_NAME: 'v1.2.0',
    });
    expect(multibranch.properties.tag).toBe('v1.2.0');
    expect(multibranch.properties.branch).toBeUndefined();

    const freestyle = jenkins.resolve({
      JENKINS_URL: 'https://ci.example.com/',
      GIT_BRANCH: 'origin/tags/v2',
    });
    expect(freestyle.properties.tag).toBe('v2');
    expect(freestyle.properties.branch).toBeUndefined();
    expect(freestyle.origins.tag).toBe('GIT_BRANCH');
  });

  it('takes gitlabTargetBranch only on merge requests (the GitLab plugin also sets it on pushes)', () => {
    const push = {
      JENKINS_URL: 'https://ci.example.com/',
      gitlabSourceBranch: 'dev',
      gitlabTargetBranch: 'dev',
    };
    expect(jenkins.resolve(push).properties.targetBranch).toBeUndefined();
    expect(
      jenkins.resolve({ ...push, gitlabTargetBranch: 'main', gitlabMergeRequestIid: '4' })
        .properties,
    ).toMatchObject({ branch: 'dev', targetBranch: 'main', pullRequest: '4' });
  });

  it('removes credentials from GIT_URL and parses the repository path, subgroups included', () => {
    const resolved = jenkins.resolve({
      JENKINS_URL: 'https://ci.example.com/',
      GIT_URL: 'https://builder:s3cr3t@gitlab.example.com/group/sub/app.git',
    });
    expect(resolved.properties.repositoryUrl).toBe('https://gitlab.example.com/group/sub/app.git');
    expect(resolved.properties.repository).toBe('group/sub/app');
    expect(resolved.origins.repository).toBe('path of GIT_URL');
    expect(JSON.stringify(resolved)).not.toContain('s3cr3t');
  });

  it('drops a placeholder JENKINS_URL with a warning naming the variable', () => {
    const resolved = jenkins.resolve({
      JENKINS_URL: 'jenkins',
      BUILD_URL: 'https://ci.example.com/job/x/1/',
    });
    expect(resolved.properties.ciServerUrl).toBeUndefined();
    expect(resolved.properties.ciBuildUrl).toBe('https://ci.example.com/job/x/1/');
    expect(resolved.warnings).toEqual([
      expect.objectContaining({
        code: 'ADAPTER_URL_DROPPED',
        details: expect.objectContaining({ variable: 'JENKINS_URL' }),
      }),
    ]);
  });

  it('never knows the build result from the environment', () => {
    expect(
      jenkins.resolve({ JENKINS_URL: 'https://ci.example.com/', BUILD_RESULT: 'SUCCESS' })
        .properties.ciBuildResult,
    ).toBeUndefined();
  });
});
