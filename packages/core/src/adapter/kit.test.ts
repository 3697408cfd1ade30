import { describe, expect, it } from 'vitest';
import {
  Resolution,
  anySet,
  derive,
  isAbsoluteHttpUrl,
  isTagRef,
  joinUrl,
  mapBuildResult,
  nonEmpty,
  normalizeBranch,
  normalizeTag,
  parseTimestamp,
  repositoryFromUrl,
  tagFromRef,
  urlOrigin,
} from './kit.js';
import { stripCredentials } from '../secrets.js';

// Each block below is one normalisation rule of docs/ci-mapping.md §1.

describe('empty values count as unset', () => {
  it('nonEmpty drops empty and blank strings, keeps anything else as provided', () => {
    expect(nonEmpty('')).toBeUndefined();
    expect(nonEmpty('   ')).toBeUndefined();
    expect(nonEmpty(undefined)).toBeUndefined();
    expect(nonEmpty(null)).toBeUndefined();
    expect(nonEmpty(' main ')).toBe(' main ');
    expect(nonEmpty('0')).toBe('0');
  });

  it('anySet tests vendor markers for being set, not for a value', () => {
    expect(anySet({ CIRCLECI: 'circleCI' }, 'CIRCLECI')).toBe(true);
    expect(anySet({ TF_BUILD: 'False' }, 'TF_BUILD')).toBe(true);
    expect(anySet({ CIRCLECI: '' }, 'CIRCLECI')).toBe(false);
    expect(anySet({ OTHER: 'x' }, 'A', 'B')).toBe(false);
    expect(anySet({ B: 'x' }, 'A', 'B')).toBe(true);
  });
});

describe('branch normalisation', () => {
  it.each([
    ['refs/heads/main', 'main'],
    ['refs/heads/feature/one', 'feature/one'],
    ['origin/master', 'master'],
    ['refs/remotes/origin/develop', 'develop'],
    ['remotes/origin/develop', 'develop'],
    ['refs/remotes/upstream/x', 'upstream/x'],
    ['refs/heads/origin/main', 'main'],
    ['main', 'main'],
    ['feature/origin/x', 'feature/origin/x'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeBranch(input)).toBe(expected);
  });

  it.each([
    'refs/tags/v1.0',
    'tags/v1.0',
    'origin/tags/0.1.0',
    'refs/heads/tags/v2',
    'refs/pull/12/merge',
    'refs/pull/12/head',
    'refs/merge-requests/3/head',
    'origin/refs/pull/7/merge',
    'refs/heads/',
    '',
  ])('%s is not a branch', (input) => {
    expect(normalizeBranch(input)).toBeUndefined();
  });

  it('recognises tag refs', () => {
    expect(isTagRef('refs/tags/v1')).toBe(true);
    expect(isTagRef('tags/v1')).toBe(true);
    expect(isTagRef('origin/tags/v1')).toBe(true);
    expect(isTagRef('main')).toBe(false);
    expect(isTagRef('feature/tagsx')).toBe(false);
  });
});

describe('tag normalisation', () => {
  it.each([
    ['refs/tags/v1.2.3', 'v1.2.3'],
    ['origin/tags/0.1.0', '0.1.0'],
    ['refs/heads/tags/v2', 'v2'],
    ['tags/v3', 'v3'],
    ['refs/remotes/origin/tags/v4', 'v4'],
    ['v5', 'v5'],
    ['release/1.0', 'release/1.0'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeTag(input)).toBe(expected);
  });

  it('gives nothing for empty values or bare prefixes', () => {
    expect(normalizeTag('')).toBeUndefined();
    expect(normalizeTag('refs/tags/')).toBeUndefined();
  });

  it('tagFromRef only reads tag refs', () => {
    expect(tagFromRef('refs/tags/v1')).toBe('v1');
    expect(tagFromRef('origin/tags/0.1.0')).toBe('0.1.0');
    expect(tagFromRef('refs/heads/main')).toBeUndefined();
    expect(tagFromRef('v1')).toBeUndefined();
    expect(tagFromRef(undefined)).toBeUndefined();
  });
});

describe('credential stripping', () => {
  it.each([
    [
      'https://gitlab-ci-token:glcbt-64_secret@gitlab.example.com/group/sub/project.git',
      'https://gitlab.example.com/group/sub/project.git',
    ],
    [
      'https://user:pass@dev.azure.com/org/project/_git/repo',
      'https://dev.azure.com/org/project/_git/repo',
    ],
    [
      'https://org@dev.azure.com/org/project/_git/repo',
      'https://dev.azure.com/org/project/_git/repo',
    ],
    ['https://x-access-token:ghs_abc@github.com/o/r.git', 'https://github.com/o/r.git'],
    ['http://token@host:8080/a/b.git', 'http://host:8080/a/b.git'],
    ['ssh://git:secret@host/a/b.git', 'ssh://host/a/b.git'],
  ])('%s loses its credentials', (input, expected) => {
    expect(stripCredentials(input)).toBe(expected);
  });

  it.each([
    'https://github.com/o/r.git',
    'git@github.com:o/r.git',
    'ssh://git@host:22/a/b.git',
    'git+ssh://git@host/a/b.git',
    'https://host/path/with@sign',
    'not a url',
  ])('%s is kept as it is (no secret in it)', (input) => {
    expect(stripCredentials(input)).toBe(input);
  });
});

describe('repository from a clone URL', () => {
  it.each([
    ['https://github.com/owner/name.git', 'owner/name'],
    ['https://github.com/owner/name', 'owner/name'],
    ['https://github.com/owner/name/', 'owner/name'],
    ['git@github.com:owner/name.git', 'owner/name'],
    ['git@gitlab.com:group/sub/project.git', 'group/sub/project'],
    ['ssh://git@host:2222/group/sub/project.git', 'group/sub/project'],
    [
      'https://gitlab-ci-token:secret@gitlab.com/cidverse/cienvsamples.git',
      'cidverse/cienvsamples',
    ],
    ['https://gitlab.example.com/a/b/c/d.git', 'a/b/c/d'],
    ['https://circleci-build-url.com/repo.git', 'repo'],
  ])('%s → %s', (input, expected) => {
    expect(repositoryFromUrl(input)).toBe(expected);
  });

  it.each(['', 'https://github.com', 'https://github.com/', 'not a url', '/local/path/repo.git'])(
    '%s gives nothing',
    (input) => {
      expect(repositoryFromUrl(input)).toBeUndefined();
    },
  );
});

describe('URLs', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(isAbsoluteHttpUrl('https://ci.example.com/')).toBe(true);
    expect(isAbsoluteHttpUrl('http://192.168.1.121:8080/job/x/3/')).toBe(true);
    expect(isAbsoluteHttpUrl('jenkins')).toBe(false);
    expect(isAbsoluteHttpUrl('/job/x')).toBe(false);
    expect(isAbsoluteHttpUrl('vstfs:///Build/Build/27')).toBe(false);
    expect(isAbsoluteHttpUrl('ftp://host/x')).toBe(false);
    expect(isAbsoluteHttpUrl('')).toBe(false);
    expect(isAbsoluteHttpUrl(undefined)).toBe(false);
  });

  it('urlOrigin takes scheme, host and port of an http(s) URL only', () => {
    expect(urlOrigin('https://app.circleci.com/jobs/gh/o/r/9')).toBe('https://app.circleci.com');
    expect(urlOrigin('http://host:8080/a')).toBe('http://host:8080');
    expect(urlOrigin('jenkins')).toBeUndefined();
    expect(urlOrigin(undefined)).toBeUndefined();
  });

  it('joinUrl keeps exactly one slash', () => {
    expect(joinUrl('https://h/a/', '/b')).toBe('https://h/a/b');
    expect(joinUrl('https://h/a', 'b')).toBe('https://h/a/b');
  });
});

describe('build results and timestamps', () => {
  const table = { succeeded: 'SUCCESS', failed: 'FAILURE' } as const;

  it('maps native statuses ignoring case, and nothing else', () => {
    expect(mapBuildResult('Succeeded', table)).toBe('SUCCESS');
    expect(mapBuildResult(' FAILED ', table)).toBe('FAILURE');
    expect(mapBuildResult('Skipped', table)).toBeUndefined();
    expect(mapBuildResult('constructor', table)).toBeUndefined();
    expect(mapBuildResult('', table)).toBeUndefined();
  });

  it('parses ISO 8601, Unix seconds and milliseconds', () => {
    expect(parseTimestamp('2024-11-21T20:07:42Z')?.toISOString()).toBe('2024-11-21T20:07:42.000Z');
    expect(parseTimestamp('2024-11-21 20:07:43+00:00')?.toISOString()).toBe(
      '2024-11-21T20:07:43.000Z',
    );
    expect(parseTimestamp('1732219662')?.toISOString()).toBe('2024-11-21T20:07:42.000Z');
    expect(parseTimestamp('1732219662000')?.toISOString()).toBe('2024-11-21T20:07:42.000Z');
    expect(parseTimestamp('yesterday')).toBeUndefined();
    expect(parseTimestamp('')).toBeUndefined();
  });
});

describe('Resolution', () => {
  it('reads the first set variable and records it as the origin', () => {
    const r = new Resolution('demo', { A: '', B: 'b', C: 'c' });
    expect(r.read('A', 'B', 'C')).toEqual({ value: 'b', origin: 'B' });
    expect(r.value('X', 'C')).toBe('c');
    expect(r.read('X')).toBeUndefined();
  });

  it('stores values with origins, never empty ones, and always the source', () => {
    const env = { NUM: '7', EMPTY: '' };
    const r = new Resolution('demo', env);
    r.set('ciBuildNumber', r.read('NUM'));
    r.set('ciJobName', r.read('EMPTY'));
    r.set('stage', '', 'formula');
    r.set('step', undefined, 'formula');
    r.set('pipelineId', 'p-1', 'A + "-" + B');
    const resolved = r.done();
    expect(resolved.properties).toEqual({ source: 'demo', ciBuildNumber: '7', pipelineId: 'p-1' });
    expect(resolved.origins).toEqual({
      source: 'detected CI',
      ciBuildNumber: 'NUM',
      pipelineId: 'A + "-" + B',
    });
    expect(resolved.warnings).toEqual([]);
    expect(resolved.buildStartedAt).toBeUndefined();
  });

  it('drops URL properties that are not absolute http(s) URLs, with a warning naming the variable', () => {
    const r = new Resolution('demo', {
      JENKINS_URL: 'jenkins',
      BUILD_URL: 'https://user:hunter2@ci.example.com/job/1/',
    });
    r.set('ciServerUrl', r.read('JENKINS_URL'));
    r.set('ciBuildUrl', r.read('BUILD_URL'));
    r.set('ciJobUrl', 'ftp://user:hunter2@host/x', 'FORMULA');
    const resolved = r.done();
    expect(resolved.properties.ciServerUrl).toBeUndefined();
    expect(resolved.properties.ciJobUrl).toBeUndefined();
    expect(resolved.properties.ciBuildUrl).toBe('https://user:hunter2@ci.example.com/job/1/');
    expect(resolved.warnings.map((w) => [w.code, w.details?.['variable']])).toEqual([
      ['ADAPTER_URL_DROPPED', 'JENKINS_URL'],
      ['ADAPTER_URL_DROPPED', 'FORMULA'],
    ]);
    expect(JSON.stringify(resolved.warnings)).not.toContain('hunter2');
  });

  it('fallback only fills what is unset; unset and get work on the store', () => {
    const r = new Resolution('demo', { A: 'a', B: 'b' });
    r.fallback('commit', r.read('A'));
    r.fallback('commit', r.read('B'));
    expect(r.get('commit')).toBe('a');
    r.unset('commit');
    expect(r.get('commit')).toBeUndefined();
    r.fallback('commit', r.read('B'));
    expect(r.done().origins.commit).toBe('B');
  });

  it('drops a branch equal to the tag, keeps a different one', () => {
    const same = new Resolution('demo', {});
    same.set('branch', '0.1.0', 'REF').set('tag', '0.1.0', 'TAG');
    expect(same.done().properties).toEqual({ source: 'demo', tag: '0.1.0' });
    expect(same.done().origins.branch).toBeUndefined();

    const other = new Resolution('demo', {});
    other.set('branch', 'master', 'REF').set('tag', '0.1.0', 'TAG');
    expect(other.done().properties.branch).toBe('master');
  });

  it('passes a valid start time through and leaves an invalid one out', () => {
    const start = new Date('2024-11-21T20:07:42Z');
    expect(new Resolution('demo', {}).done({ buildStartedAt: start }).buildStartedAt).toEqual(
      start,
    );
    expect(
      new Resolution('demo', {}).done({ buildStartedAt: new Date('nope') }).buildStartedAt,
    ).toBeUndefined();
    expect('buildStartedAt' in new Resolution('demo', {}).done({ buildStartedAt: undefined })).toBe(
      false,
    );
  });

  it('returns copies: later changes do not leak into an earlier result', () => {
    const r = new Resolution('demo', { A: 'a' });
    const first = r.done();
    r.set('commit', r.read('A'));
    expect(first.properties.commit).toBeUndefined();
  });

  it('derive transforms a traced value and keeps or replaces its origin', () => {
    const r = new Resolution('demo', { URL: 'https://h/a/b.git', EMPTY_AFTER: 'x' });
    expect(derive(r.read('URL'), (v) => repositoryFromUrl(v))).toEqual({
      value: 'a/b',
      origin: 'URL',
    });
    expect(derive(r.read('URL'), (v) => urlOrigin(v), 'origin of URL')).toEqual({
      value: 'https://h',
      origin: 'origin of URL',
    });
    expect(derive(r.read('EMPTY_AFTER'), () => '')).toBeUndefined();
    expect(derive(undefined, (v) => v)).toBeUndefined();
  });
});

describe('Resolution.setBranches (docs/ci-mapping.md §1 "PR: X; else Y")', () => {
  const branches = (env: Record<string, string>, target?: string) => {
    const r = new Resolution('test-ci', env);
    r.set('pullRequest', r.read('PR'));
    r.setBranches({
      head: r.read('HEAD'),
      branch: r.read('BRANCH'),
      target: target === undefined ? undefined : r.read(target),
    });
    const { branch, targetBranch } = r.done().properties;
    return { branch, targetBranch };
  };

  it('a branch build takes the branch variable, normalised, and has no target', () => {
    expect(branches({ BRANCH: 'refs/heads/main' })).toEqual({
      branch: 'main',
      targetBranch: undefined,
    });
  });

  it('a pull request takes the head branch, and the branch variable as the target', () => {
    expect(branches({ PR: '7', HEAD: 'feature/x', BRANCH: 'main' })).toEqual({
      branch: 'feature/x',
      targetBranch: 'main',
    });
  });

  it('a dedicated target variable wins over the branch variable', () => {
    expect(branches({ PR: '7', HEAD: 'f', BRANCH: 'main', TARGET: 'release' }, 'TARGET')).toEqual({
      branch: 'f',
      targetBranch: 'release',
    });
  });

  it('a pull request without a head branch has no branch: the variable holds the target', () => {
    expect(branches({ PR: '7', BRANCH: 'main' })).toEqual({
      branch: undefined,
      targetBranch: 'main',
    });
  });

  it('a head branch alone marks a PR-like build: no target without a pull request number', () => {
    expect(branches({ HEAD: 'f', BRANCH: 'main' })).toEqual({
      branch: 'f',
      targetBranch: undefined,
    });
  });

  it('a tag ref in the branch variable is not a branch', () => {
    expect(branches({ BRANCH: 'refs/tags/v1.0' })).toEqual({
      branch: undefined,
      targetBranch: undefined,
    });
  });
});
