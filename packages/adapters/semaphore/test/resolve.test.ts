import { describe, expect, it } from 'vitest';
import semaphore from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §18 with the example values of Semaphore's env-vars
// reference.
const job = {
  SEMAPHORE: 'true',
  SEMAPHORE_ORGANIZATION_URL: 'https://my-org.semaphoreci.com',
  SEMAPHORE_PROJECT_NAME: 'my-awesome-project',
  SEMAPHORE_WORKFLOW_ID: '0dd982e8-32f5-4037-983e-4de01ac7fb1e',
  SEMAPHORE_WORKFLOW_NUMBER: '42',
  SEMAPHORE_PIPELINE_ID: 'ea3e6bba-d19a-45d7-86a0-e78a2301b616',
  SEMAPHORE_JOB_ID: 'a26d42cf-89ac-4c3f-9e2d-51bb231897bf',
  SEMAPHORE_BLOCK_NAME: 'Tests',
  SEMAPHORE_JOB_NAME: 'Unit tests',
  SEMAPHORE_GIT_REPO_SLUG: 'semaphoreci/my-awesome-app',
  SEMAPHORE_GIT_SHA: '5c84719708b9b649b9ef3b56af214f38cee6acde',
};

describe('semaphore resolution details', () => {
  it('links the workflow page of the pipeline, and the project page', () => {
    const { properties, origins } = semaphore.resolve(job);
    expect(properties.ciBuildUrl).toBe(
      'https://my-org.semaphoreci.com/workflows/0dd982e8-32f5-4037-983e-4de01ac7fb1e?pipeline_id=ea3e6bba-d19a-45d7-86a0-e78a2301b616',
    );
    expect(origins.ciBuildUrl).toContain('SEMAPHORE_WORKFLOW_ID');
    expect(properties.ciJobUrl).toBe('https://my-org.semaphoreci.com/projects/my-awesome-project');
    expect(properties.ciBuildNumber).toBe('42');
    expect([properties.stage, properties.step]).toEqual(['Tests', 'Unit tests']);
  });

  it('maps the epilogue job result, else the after-pipeline result', () => {
    const result = (extra: Record<string, string>) =>
      semaphore.resolve({ ...job, ...extra }).properties.ciBuildResult;
    expect(result({ SEMAPHORE_JOB_RESULT: 'passed' })).toBe('SUCCESS');
    expect(result({ SEMAPHORE_JOB_RESULT: 'failed' })).toBe('FAILURE');
    expect(result({ SEMAPHORE_JOB_RESULT: 'stopped' })).toBe('ABORTED');
    expect(result({ SEMAPHORE_JOB_RESULT: 'none' })).toBeUndefined();
    expect(result({ SEMAPHORE_PIPELINE_RESULT: 'canceled' })).toBe('ABORTED');
    expect(result({})).toBeUndefined();
  });

  it('takes the working branch on a pull request whose PR branch is missing', () => {
    const { properties } = semaphore.resolve({
      ...job,
      SEMAPHORE_GIT_BRANCH: 'main',
      SEMAPHORE_GIT_WORKING_BRANCH: 'featureA',
      SEMAPHORE_GIT_PR_NUMBER: '7',
    });
    expect([properties.branch, properties.targetBranch]).toEqual(['featureA', 'main']);
  });

  it('never reports the target branch as the branch of a pull request', () => {
    const { properties } = semaphore.resolve({
      ...job,
      SEMAPHORE_GIT_BRANCH: 'main',
      SEMAPHORE_GIT_PR_NUMBER: '7',
    });
    expect(properties.branch).toBeUndefined();
    expect(properties.targetBranch).toBe('main');
  });

  it('falls back to the Semaphore 1.0 names', () => {
    const { properties } = semaphore.resolve({
      SEMAPHORE: 'true',
      SEMAPHORE_BUILD_NUMBER: '118',
      SEMAPHORE_REPO_SLUG: 'owner/legacy',
      BRANCH_NAME: 'develop',
    });
    expect(properties).toEqual({
      source: 'semaphore',
      ciJobName: 'owner/legacy',
      ciBuildNumber: '118',
      branch: 'develop',
      repository: 'owner/legacy',
    });
  });

  it('gives the pipeline start, else the job creation time, as the build start', () => {
    const created = semaphore.resolve({ ...job, SEMAPHORE_JOB_CREATION_TIME: '1632943641' });
    expect(created.buildStartedAt?.toISOString()).toBe('2021-09-29T19:27:21.000Z');
    const afterPipeline = semaphore.resolve({
      ...job,
      SEMAPHORE_JOB_CREATION_TIME: '1632943700',
      SEMAPHORE_PIPELINE_STARTED_AT: '1632943642',
    });
    expect(afterPipeline.buildStartedAt?.toISOString()).toBe('2021-09-29T19:27:22.000Z');
  });
});
