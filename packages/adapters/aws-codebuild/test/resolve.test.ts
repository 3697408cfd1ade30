import { describe, expect, it } from 'vitest';
import awsCodebuild from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §15 and the AWS docs' examples of each variable.
const arnOnly = {
  CODEBUILD_BUILD_ARN:
    'arn:aws:codebuild:eu-west-1:123456789012:build/codebuild-demo-project:b1e6661e-e4f2-4156-9ab9-82a19EXAMPLE',
};

describe('aws-codebuild detection', () => {
  it('detects each documented marker alone', () => {
    expect(awsCodebuild.detect({ CODEBUILD_BUILD_ID: 'p:1' })).toBe(true);
    expect(awsCodebuild.detect(arnOnly)).toBe(true);
    expect(awsCodebuild.detect({ CODEBUILD_CI: 'true' })).toBe(true);
  });

  it('treats empty markers as unset', () => {
    expect(awsCodebuild.detect({ CODEBUILD_BUILD_ID: '', CODEBUILD_CI: ' ' })).toBe(false);
  });
});

describe('aws-codebuild resolution details', () => {
  it('takes region, project and build id from the ARN when the other variables are missing', () => {
    const { properties, origins } = awsCodebuild.resolve(arnOnly);
    expect(properties).toEqual({
      source: 'aws-codebuild',
      ciServerUrl: 'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild',
      ciJobName: 'codebuild-demo-project',
      ciJobUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/projects/codebuild-demo-project/history?region=eu-west-1',
      ciBuildUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/projects/codebuild-demo-project/build/codebuild-demo-project%3Ab1e6661e-e4f2-4156-9ab9-82a19EXAMPLE/?region=eu-west-1',
      pipelineId: 'codebuild-demo-project:b1e6661e-e4f2-4156-9ab9-82a19EXAMPLE',
    });
    expect(origins.ciServerUrl).toContain('region of CODEBUILD_BUILD_ARN');
    expect(origins.pipelineId).toContain('CODEBUILD_BUILD_ARN');
  });

  it('prefers the public build page to the console link, and AWS_REGION to the ARN region', () => {
    const { properties, origins } = awsCodebuild.resolve({
      ...arnOnly,
      AWS_REGION: 'us-east-2',
      CODEBUILD_PUBLIC_BUILD_URL: 'https://public.codebuild.eu-west-1.amazonaws.com/project/abc',
    });
    expect(properties.ciBuildUrl).toBe(
      'https://public.codebuild.eu-west-1.amazonaws.com/project/abc',
    );
    expect(origins.ciBuildUrl).toBe('CODEBUILD_PUBLIC_BUILD_URL');
    expect(properties.ciServerUrl).toBe(
      'https://us-east-2.console.aws.amazon.com/codesuite/codebuild',
    );
  });

  it('maps CODEBUILD_BUILD_SUCCEEDING to the result so far', () => {
    const result = (value: string) =>
      awsCodebuild.resolve({ ...arnOnly, CODEBUILD_BUILD_SUCCEEDING: value }).properties
        .ciBuildResult;
    expect(result('1')).toBe('SUCCESS');
    expect(result('0')).toBe('FAILURE');
    expect(result('yes')).toBeUndefined();
  });

  it('reads branch and tag from the webhook trigger, and the target only on pull requests', () => {
    const push = awsCodebuild.resolve({
      ...arnOnly,
      CODEBUILD_WEBHOOK_TRIGGER: 'branch/feature/x',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/heads/feature/x',
      CODEBUILD_WEBHOOK_BASE_REF: 'refs/heads/main',
    }).properties;
    expect(push.branch).toBe('feature/x');
    expect(push.targetBranch).toBeUndefined();
    expect(push.pullRequest).toBeUndefined();

    const tag = awsCodebuild.resolve({
      ...arnOnly,
      CODEBUILD_WEBHOOK_TRIGGER: 'tag/v1.2.0',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/tags/v1.2.0',
    }).properties;
    expect(tag.tag).toBe('v1.2.0');
    expect(tag.branch).toBeUndefined();

    const pr = awsCodebuild.resolve({
      ...arnOnly,
      CODEBUILD_WEBHOOK_TRIGGER: 'pr/17',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/heads/fix',
      CODEBUILD_WEBHOOK_BASE_REF: 'refs/heads/main',
    }).properties;
    expect([pr.pullRequest, pr.branch, pr.targetBranch]).toEqual(['17', 'fix', 'main']);
  });

  it('does not take an S3 source for a repository, and names a CodeCommit repository', () => {
    const s3 = awsCodebuild.resolve({
      ...arnOnly,
      CODEBUILD_SOURCE_REPO_URL: 's3://my-bucket/sources/app.zip',
    }).properties;
    expect(s3.repository).toBeUndefined();
    expect(s3.repositoryUrl).toBeUndefined();

    const codeCommit = awsCodebuild.resolve({
      ...arnOnly,
      CODEBUILD_SOURCE_REPO_URL: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-app',
    }).properties;
    expect(codeCommit.repository).toBe('my-app');
    expect(codeCommit.repositoryUrl).toBe(
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-app',
    );
  });

  it('removes credentials from the source URL', () => {
    const { properties } = awsCodebuild.resolve({
      ...arnOnly,
      CODEBUILD_SOURCE_REPO_URL: 'https://bot:secret-token@github.com/acme/app.git',
    });
    expect(properties.repositoryUrl).toBe('https://github.com/acme/app.git');
    expect(properties.repository).toBe('acme/app');
  });

  it('gives the build start from CODEBUILD_START_TIME (Unix milliseconds)', () => {
    const resolved = awsCodebuild.resolve({ ...arnOnly, CODEBUILD_START_TIME: '1585485347003' });
    expect(resolved.buildStartedAt?.toISOString()).toBe('2020-03-29T12:35:47.003Z');
    expect(awsCodebuild.resolve(arnOnly).buildStartedAt).toBeUndefined();
  });
});
