import { describe, expect, it } from 'vitest';
import githubActions from '../src/index.js';

// Reconstructed from docs/ci-mapping.md §1/§6: Gitea's act_runner and the Forgejo runner export
// GitHub-style variables (GITHUB_ACTIONS included) next to their own markers.
const giteaLike = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://gitea.example.com',
  GITHUB_REPOSITORY: 'team/app',
  GITHUB_RUN_ID: '57',
  GITHUB_RUN_NUMBER: '12',
};

describe('github-actions detection', () => {
  it('does not claim a Gitea Actions environment', () => {
    expect(githubActions.detect({ ...giteaLike, GITEA_ACTIONS: 'true' })).toBe(false);
  });

  it('does not claim a Forgejo Actions environment', () => {
    expect(
      githubActions.detect({ ...giteaLike, FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true' }),
    ).toBe(false);
    expect(githubActions.detect({ ...giteaLike, FORGEJO_ACTIONS: 'true' })).toBe(false);
  });

  it('claims the same variables without a Gitea/Forgejo marker (set, not compared)', () => {
    expect(githubActions.detect(giteaLike)).toBe(true);
    expect(githubActions.detect({ ...giteaLike, GITEA_ACTIONS: '' })).toBe(true);
  });
});

describe('github-actions resolution details', () => {
  it('names the formula each derived URL came from', () => {
    const { origins } = githubActions.resolve({
      ...giteaLike,
      GITHUB_WORKFLOW_REF: 'team/app/.github/workflows/ci.yml@refs/heads/main',
    });
    expect(origins.ciBuildUrl).toBe(
      'GITHUB_SERVER_URL + "/" + GITHUB_REPOSITORY + "/actions/runs/" + GITHUB_RUN_ID',
    );
    expect(origins.ciJobUrl).toContain('GITHUB_WORKFLOW_REF');
    expect(origins.ciBuildNumber).toBe('GITHUB_RUN_NUMBER');
  });

  it('takes the head branch on pull_request_target, where GITHUB_REF is the base branch', () => {
    const { properties } = githubActions.resolve({
      ...giteaLike,
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_HEAD_REF: 'contributor-fix',
      GITHUB_BASE_REF: 'main',
    });
    expect(properties.branch).toBe('contributor-fix');
    expect(properties.targetBranch).toBe('main');
    // The number is only in the event payload, which a pure adapter does not read.
    expect(properties.pullRequest).toBeUndefined();
  });

  it('leaves the branch out of a pull_request build without GITHUB_HEAD_REF', () => {
    const { properties } = githubActions.resolve({
      ...giteaLike,
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_REF_NAME: '7/merge',
      GITHUB_REF_TYPE: 'branch',
    });
    expect(properties.pullRequest).toBe('7');
    expect(properties.branch).toBeUndefined();
  });

  it('never derives URLs from a missing server or repository', () => {
    const { properties } = githubActions.resolve({ GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '1' });
    expect(properties).toEqual({ source: 'github-actions', pipelineId: '1' });
  });
});
