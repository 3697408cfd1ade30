import { describe, expect, it } from 'vitest';
import awsAmplify from '../src/index.js';

// Variables from https://docs.aws.amazon.com/amplify/latest/userguide/environment-variables.html
const build = {
  AWS_APP_ID: 'd2d7s1wcuvgj1p',
  AWS_BRANCH: 'main',
  AWS_JOB_ID: '0000000012',
  AWS_COMMIT_ID: '3f786850e387550fdab836ed7e6dc881de23001b',
};

describe('aws-amplify detection', () => {
  it('needs AWS_APP_ID and one of Amplify’s build variables', () => {
    expect(awsAmplify.detect(build)).toBe(true);
    expect(awsAmplify.detect({ AWS_APP_ID: 'abc', AWS_BRANCH_ARN: 'arn:aws:amplify:x' })).toBe(
      true,
    );
  });

  it('does not take a lone AWS_APP_ID (a deployment script elsewhere) for an Amplify build', () => {
    expect(awsAmplify.detect({ CI: 'true', AWS_APP_ID: 'd2d7s1wcuvgj1p' })).toBe(false);
    expect(awsAmplify.detect({ ...build, AWS_APP_ID: '' })).toBe(false);
    expect(awsAmplify.detect({ AWS_BRANCH: 'main', AWS_JOB_ID: '1' })).toBe(false);
  });
});

describe('aws-amplify resolution', () => {
  it('never derives a URL, a result or an agent: Amplify gives none', () => {
    const { properties, warnings } = awsAmplify.resolve({
      ...build,
      AWS_BRANCH_ARN: 'arn:aws:amplify:us-west-2:123456789012:apps/d2d7s1wcuvgj1p/branches/main',
    });
    for (const key of ['ciServerUrl', 'ciJobUrl', 'ciBuildUrl', 'ciBuildResult', 'ciExecutedOn']) {
      expect(properties, key).not.toHaveProperty(key);
    }
    expect(warnings).toEqual([]);
  });

  it('names the app and branch as the job only when both are known', () => {
    expect(awsAmplify.resolve(build).origins.ciJobName).toBe('AWS_APP_ID + "/" + AWS_BRANCH');
    const withoutBranch = awsAmplify.resolve({ ...build, AWS_BRANCH: '' });
    expect(withoutBranch.properties.ciJobName).toBeUndefined();
  });

  it('treats a source branch without a pull request id (CodeCommit) as a pull request build', () => {
    const { properties } = awsAmplify.resolve({
      ...build,
      AWS_BRANCH: 'pr-3',
      AWS_PULL_REQUEST_SOURCE_BRANCH: 'refs/heads/feature/x',
      AWS_PULL_REQUEST_DESTINATION_BRANCH: 'main',
    });
    expect(properties.branch).toBe('feature/x');
    expect(properties.targetBranch).toBe('main');
    expect(properties.pullRequest).toBeUndefined();
  });

  it('leaves the branch out of a pull request build without a source branch', () => {
    const { properties } = awsAmplify.resolve({ ...build, AWS_PULL_REQUEST_ID: '42' });
    expect(properties.pullRequest).toBe('42');
    expect(properties.branch).toBeUndefined();
    expect(properties.targetBranch).toBeUndefined();
  });

  it('removes credentials from the clone URL and keeps a real commit', () => {
    const { properties } = awsAmplify.resolve({
      ...build,
      AWS_CLONE_URL: 'https://x-token:s3cr3t@gitlab.example.com/group/sub/web-app.git',
    });
    expect(properties.repositoryUrl).toBe('https://gitlab.example.com/group/sub/web-app.git');
    expect(JSON.stringify(properties)).not.toContain('s3cr3t');
    expect(properties.repository).toBe('group/sub/web-app');
    expect(properties.commit).toBe(build.AWS_COMMIT_ID);
  });
});
