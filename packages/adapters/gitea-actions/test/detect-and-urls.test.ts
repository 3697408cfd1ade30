import { describe, expect, it } from 'vitest';
import giteaActions from '../src/index.js';

// The variables Gitea's act_runner exports in every job (GitHub-style names), without the
// runner's own markers: https://docs.gitea.com/1.27/usage/actions/actions-variables
const runnerEnv = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://gitea.example.com',
  GITHUB_REPOSITORY: 'team/app',
  GITHUB_RUN_ID: '1234',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_REF_TYPE: 'branch',
};

describe('gitea-actions detection', () => {
  it('claims act_runner (GITEA_ACTIONS) and Forgejo runner (FORGEJO_ACTIONS) environments', () => {
    expect(giteaActions.detect({ ...runnerEnv, GITEA_ACTIONS: 'true' })).toBe(true);
    expect(giteaActions.detect({ ...runnerEnv, FORGEJO_ACTIONS: 'true' })).toBe(true);
  });

  it("does not claim GitHub's own runners, nor an empty marker", () => {
    expect(giteaActions.detect(runnerEnv)).toBe(false);
    expect(giteaActions.detect({ ...runnerEnv, GITEA_ACTIONS: '', FORGEJO_ACTIONS: ' ' })).toBe(
      false,
    );
  });
});

describe('gitea-actions run page', () => {
  it('links a Forgejo run by its number, the page Forgejo serves', () => {
    const { properties, origins } = giteaActions.resolve({
      ...runnerEnv,
      FORGEJO_ACTIONS: 'true',
      GITEA_ACTIONS: 'true',
    });
    expect(properties.ciBuildUrl).toBe('https://gitea.example.com/team/app/actions/runs/42');
    expect(origins.ciBuildUrl).toContain('GITHUB_RUN_NUMBER');
  });

  it('gives a Gitea run no build URL: number (≤ 1.25) or id (≥ 1.26) depends on the server', () => {
    const { properties } = giteaActions.resolve({ ...runnerEnv, GITEA_ACTIONS: 'true' });
    expect(properties.ciBuildUrl).toBeUndefined();
    // Everything that does not depend on the version is there.
    expect(properties.ciJobUrl).toBe('https://gitea.example.com/team/app/actions');
    expect(properties.ciBuildNumber).toBe('42');
    expect(properties.pipelineId).toBe('1234');
  });

  it('keeps GITHUB_SERVER_URL as given but never doubles its trailing slash in derived URLs', () => {
    const { properties } = giteaActions.resolve({
      ...runnerEnv,
      FORGEJO_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'http://192.168.8.8:3000/',
    });
    expect(properties.ciServerUrl).toBe('http://192.168.8.8:3000/');
    expect(properties.repositoryUrl).toBe('http://192.168.8.8:3000/team/app');
    expect(properties.ciBuildUrl).toBe('http://192.168.8.8:3000/team/app/actions/runs/42');
  });

  it('derives no URL without a server or a repository', () => {
    const { properties } = giteaActions.resolve({
      FORGEJO_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'team/app',
      GITHUB_RUN_NUMBER: '42',
    });
    expect(properties).toEqual({
      source: 'gitea-actions',
      ciBuildNumber: '42',
      repository: 'team/app',
    });
  });
});

describe('gitea-actions branches', () => {
  it('takes the head branch on pull_request_target, where GITHUB_REF is the base branch', () => {
    const { properties } = giteaActions.resolve({
      ...runnerEnv,
      GITEA_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_HEAD_REF: 'contributor-fix',
      GITHUB_BASE_REF: 'main',
    });
    expect(properties.branch).toBe('contributor-fix');
    expect(properties.targetBranch).toBe('main');
    expect(properties.pullRequest).toBeUndefined();
  });

  it('names the runner when the runner exports RUNNER_NAME', () => {
    const { properties } = giteaActions.resolve({
      ...runnerEnv,
      GITEA_ACTIONS: 'true',
      RUNNER_NAME: 'runner-01',
    });
    expect(properties.ciExecutedOn).toBe('runner-01');
  });
});
