import { describe, expect, it } from 'vitest';
import azurePipelines, { azurePipelines as named } from '../src/index.js';

const base = {
  TF_BUILD: 'True',
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme',
  SYSTEM_TEAMPROJECT: 'Web Shop',
  SYSTEM_DEFINITIONID: '12',
  BUILD_BUILDID: '345',
};

describe('azure-pipelines adapter beyond the fixtures', () => {
  it('has the same default and named export', () => {
    expect(named).toBe(azurePipelines);
  });

  it('detects by TF_BUILD and the documented fallbacks', () => {
    expect(azurePipelines.detect({ TF_BUILD: 'True' })).toBe(true);
    expect(azurePipelines.detect({ BUILD_BUILDURI: 'vstfs:///Build/Build/1' })).toBe(true);
    expect(azurePipelines.detect({ SYSTEM_TEAMFOUNDATIONSERVERURI: 'https://x/' })).toBe(true);
    expect(azurePipelines.detect({ SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: 'https://x/' })).toBe(true);
    expect(azurePipelines.detect({ AGENT_NAME: 'Hosted Agent' })).toBe(false);
  });

  it('ends the server URI with a slash and URL-encodes the project name in the templates', () => {
    const resolved = azurePipelines.resolve(base);
    expect(resolved.properties.ciServerUrl).toBe('https://dev.azure.com/acme/');
    expect(resolved.properties.ciJobUrl).toBe(
      'https://dev.azure.com/acme/Web%20Shop/_build?definitionId=12',
    );
    expect(resolved.properties.ciBuildUrl).toBe(
      'https://dev.azure.com/acme/Web%20Shop/_build/results?buildId=345',
    );
    expect(resolved.origins.ciServerUrl).toBe('SYSTEM_COLLECTIONURI + "/"');
    expect(resolved.origins.ciBuildUrl).toBe(
      'SYSTEM_COLLECTIONURI + "/" + SYSTEM_TEAMPROJECT (URL-encoded) + "/_build/results?buildId=" + BUILD_BUILDID',
    );
    expect(resolved.properties.ciBuildNumber).toBe('345');
  });

  it('prefers the collection URI over a release server URI', () => {
    const resolved = azurePipelines.resolve({
      ...base,
      SYSTEM_TEAMFOUNDATIONSERVERURI: 'https://vsrm.dev.azure.com/acme/',
    });
    expect(resolved.properties.ciServerUrl).toBe('https://dev.azure.com/acme/');
  });

  it.each([
    ['Succeeded', 'SUCCESS'],
    ['SucceededWithIssues', 'UNSTABLE'],
    ['Failed', 'FAILURE'],
    ['Canceled', 'ABORTED'],
    ['Skipped', undefined],
  ])('maps AGENT_JOBSTATUS=%s to %s', (status, result) => {
    expect(
      azurePipelines.resolve({ ...base, AGENT_JOBSTATUS: status }).properties.ciBuildResult,
    ).toBe(result);
  });

  it('reads the older agent.jobstatus spelling', () => {
    expect(
      azurePipelines.resolve({ ...base, 'agent.jobstatus': 'Failed' }).properties.ciBuildResult,
    ).toBe('FAILURE');
  });

  it('takes the PR source branch on a GitHub PR build, never the merge ref', () => {
    const resolved = azurePipelines.resolve({
      ...base,
      BUILD_SOURCEBRANCH: 'refs/pull/7/merge',
      BUILD_SOURCEBRANCHNAME: 'merge',
      SYSTEM_PULLREQUEST_PULLREQUESTNUMBER: '7',
      SYSTEM_PULLREQUEST_PULLREQUESTID: '1234567',
      SYSTEM_PULLREQUEST_SOURCEBRANCH: 'feature/login',
      SYSTEM_PULLREQUEST_TARGETBRANCH: 'main',
    });
    expect(resolved.properties).toMatchObject({
      branch: 'feature/login',
      targetBranch: 'main',
      pullRequest: '7',
    });
    expect(resolved.properties.tag).toBeUndefined();
  });

  it('leaves the branch out on a PR build without a source branch', () => {
    const resolved = azurePipelines.resolve({
      ...base,
      BUILD_SOURCEBRANCH: 'refs/heads/main',
      SYSTEM_PULLREQUEST_PULLREQUESTID: '99',
    });
    expect(resolved.properties.branch).toBeUndefined();
    expect(resolved.properties.pullRequest).toBe('99');
  });

  it('reads a tag build from BUILD_SOURCEBRANCH', () => {
    const resolved = azurePipelines.resolve({
      ...base,
      BUILD_SOURCEBRANCH: 'refs/tags/v2.0.0',
      BUILD_SOURCEBRANCHNAME: 'v2.0.0',
    });
    expect(resolved.properties.tag).toBe('v2.0.0');
    expect(resolved.properties.branch).toBeUndefined();
  });

  it('removes credentials from BUILD_REPOSITORY_URI', () => {
    const resolved = azurePipelines.resolve({
      ...base,
      BUILD_REPOSITORY_URI: 'https://acme:pat-secret@dev.azure.com/acme/Web%20Shop/_git/shop',
    });
    expect(resolved.properties.repositoryUrl).toBe(
      'https://dev.azure.com/acme/Web%20Shop/_git/shop',
    );
    expect(JSON.stringify(resolved)).not.toContain('pat-secret');
  });

  it('tells when the run started, and nothing when the time is unreadable', () => {
    expect(
      azurePipelines
        .resolve({ ...base, SYSTEM_PIPELINESTARTTIME: '2024-11-21 20:07:43+00:00' })
        .buildStartedAt?.toISOString(),
    ).toBe('2024-11-21T20:07:43.000Z');
    expect(
      azurePipelines.resolve({ ...base, SYSTEM_PIPELINESTARTTIME: 'soon' }).buildStartedAt,
    ).toBeUndefined();
  });
});
