import { describe, expect, it } from 'vitest';
import { GENERIC_ENV_VARS, genericVariableName, resolveGenericCi } from './generic.js';

describe('generic XLTV_CI_* fallback', () => {
  it('names one variable per property', () => {
    expect(genericVariableName('ciBuildNumber')).toBe('XLTV_CI_BUILD_NUMBER');
    expect(genericVariableName('ciExecutedOn')).toBe('XLTV_CI_EXECUTED_ON');
    expect(genericVariableName('source')).toBe('XLTV_CI_SOURCE');
    expect(genericVariableName('pullRequest')).toBe('XLTV_CI_PULL_REQUEST');
    expect(genericVariableName('repositoryUrl')).toBe('XLTV_CI_REPOSITORY_URL');
    expect(new Set(GENERIC_ENV_VARS).size).toBe(19);
  });

  it('is absent when no variable is set (empty values count as unset)', () => {
    expect(resolveGenericCi({})).toBeUndefined();
    expect(resolveGenericCi({ XLTV_CI_BUILD_NUMBER: '' })).toBeUndefined();
  });

  it('resolves what is set, with origins, and leaves source to the caller', () => {
    const resolved = resolveGenericCi({
      XLTV_CI_BUILD_NUMBER: '17',
      XLTV_CI_BUILD_URL: 'https://ci.example.com/builds/17',
      XLTV_CI_BRANCH: 'main',
      XLTV_CI_STAGE: '',
    });
    expect(resolved?.properties).toEqual({
      ciBuildNumber: '17',
      ciBuildUrl: 'https://ci.example.com/builds/17',
      branch: 'main',
    });
    expect(resolved?.origins.ciBuildUrl).toBe('XLTV_CI_BUILD_URL');
  });

  it('drops a URL that is not absolute http(s), with a warning naming the variable', () => {
    const resolved = resolveGenericCi({ XLTV_CI_JOB_URL: 'ci.example.com/job' });
    expect(resolved?.properties).toEqual({});
    expect(resolved?.warnings).toMatchObject([
      { code: 'ADAPTER_URL_DROPPED', details: { key: 'ciJobUrl', variable: 'XLTV_CI_JOB_URL' } },
    ]);
  });

  it('removes credentials from the repository URL', () => {
    const resolved = resolveGenericCi({
      XLTV_CI_REPOSITORY_URL: 'https://bot:s3cret@git.example.com/a/b.git',
    });
    expect(resolved?.properties.repositoryUrl).toBe('https://git.example.com/a/b.git');
    expect(JSON.stringify(resolved)).not.toContain('s3cret');
  });
});
