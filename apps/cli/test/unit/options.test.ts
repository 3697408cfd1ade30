import { describe, expect, it } from 'vitest';
import { isXltvError, type XltvError } from '@xltv/core';
import {
  parseBuildResult,
  parseInteger,
  parseSeconds,
  pick,
  resolveMetadataOptions,
  resolvePatterns,
  resolveServerOptions,
  resolveSwitch,
  resolveUploadOptions,
} from '../../src/options.js';

function thrown(fn: () => unknown): XltvError {
  try {
    fn();
  } catch (error) {
    if (isXltvError(error)) return error;
    throw error;
  }
  throw new Error('expected an XltvError');
}

const minimal = { url: 'https://xltv.example.com/xltest', testSpec: 'spec-1' };

describe('flag > environment variable', () => {
  it('takes the flag over the variable, the variable when no flag, and ignores empty values', () => {
    expect(pick('from-flag', { XLTV_URL: 'from-env' }, 'XLTV_URL')).toEqual({
      value: 'from-flag',
      origin: 'flag',
    });
    expect(pick(undefined, { XLTV_URL: 'from-env' }, 'XLTV_URL')).toEqual({
      value: 'from-env',
      origin: 'XLTV_URL',
    });
    expect(pick('', { XLTV_URL: '  ' }, 'XLTV_URL')).toBeUndefined();
  });

  it('reads every documented variable of upload', () => {
    const options = resolveUploadOptions({}, [], {
      XLTV_URL: 'https://env.example.com',
      XLTV_TEST_SPEC: 'spec-env',
      XLTV_PROJECT: 'project-env',
      XLTV_USERNAME: 'alice',
      XLTV_PASSWORD: 'pw',
      XLTV_INCLUDE: 'a/*.xml,b/*.xml',
      XLTV_EXCLUDE: '**/skip.xml',
      XLTV_CI: 'gitlab',
      XLTV_BUILD_RESULT: 'failure',
      XLTV_ZIP_LEVEL: '6',
      XLTV_SOFT_FAIL: 'true',
    });
    expect(options.server).toMatchObject({
      url: 'https://env.example.com',
      username: 'alice',
      password: 'pw',
    });
    expect(options.target).toMatchObject({ testSpec: 'spec-env', project: 'project-env' });
    expect(options.files.include).toEqual(['a/*.xml,b/*.xml']);
    expect(options.files.includeOrigin).toBe('XLTV_INCLUDE');
    expect(options.files.exclude).toEqual(['**/skip.xml']);
    expect(options.metadata.ci).toBe('gitlab');
    expect(options.metadata.buildResult).toEqual({ value: 'FAILURE', origin: 'XLTV_BUILD_RESULT' });
    expect(options.transfer.level).toBe(6);
    expect(options.output.softFail).toBe(true);
  });

  it('applies network defaults (3 retries, 300 s, 10 s)', () => {
    const server = resolveServerOptions({ url: minimal.url }, {});
    expect(server).toMatchObject({
      retries: 3,
      timeoutMs: 300_000,
      connectTimeoutMs: 10_000,
      insecure: false,
    });
  });
});

describe('patterns', () => {
  it('joins positional patterns and repeated --include items; the env only when no flag is given', () => {
    const env = { XLTV_INCLUDE: 'ignored/*.xml' };
    expect(resolvePatterns(['a.xml'], ['b/*.xml', 'c/*.xml,d/*.xml'], env, 'XLTV_INCLUDE')).toEqual(
      {
        value: ['a.xml', 'b/*.xml', 'c/*.xml,d/*.xml'],
        origin: 'flag',
      },
    );
    expect(resolvePatterns([], undefined, env, 'XLTV_INCLUDE')).toEqual({
      value: ['ignored/*.xml'],
      origin: 'XLTV_INCLUDE',
    });
    expect(resolvePatterns([], [], {}, 'XLTV_INCLUDE')).toBeUndefined();
  });

  it('leaves include empty when nothing is given (the server default is asked later)', () => {
    expect(resolveUploadOptions(minimal, [], {}).files.include).toEqual([]);
  });
});

describe('--build-result', () => {
  it.each([
    ['success', 'SUCCESS'],
    ['SUCCESS', 'SUCCESS'],
    ['failure', 'FAILURE'],
    ['Failed', 'FAILURE'],
    ['cancelled', 'ABORTED'],
    ['canceled', 'ABORTED'],
    ['ABORTED', 'ABORTED'],
    ['unstable', 'UNSTABLE'],
    ['running', 'RUNNING'],
  ])('maps %s to %s', (input, expected) => {
    expect(parseBuildResult(input)).toBe(expected);
  });

  it('rejects anything else, naming the value and the allowed ones', () => {
    const error = thrown(() => parseBuildResult('green'));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.details).toMatchObject({ option: '--build-result', value: 'green' });
    expect(String(error.details.expected)).toMatch(/SUCCESS.*UNSTABLE.*FAILURE.*ABORTED/);
  });

  it('names XLTV_BUILD_RESULT when the bad value came from it', () => {
    const error = thrown(() => resolveMetadataOptions({}, { XLTV_BUILD_RESULT: 'skipped' }));
    expect(error.details).toMatchObject({
      option: '--build-result',
      env: 'XLTV_BUILD_RESULT',
      value: 'skipped',
    });
  });

  it('lets the flag win over the variable', () => {
    expect(
      resolveMetadataOptions({ buildResult: 'success' }, { XLTV_BUILD_RESULT: 'failure' })
        .buildResult,
    ).toEqual({
      value: 'SUCCESS',
      origin: 'flag',
    });
  });
});

describe('numbers and switches', () => {
  it('accepts levels 0-9 only', () => {
    expect(parseInteger('0', '--level', 0, 9)).toBe(0);
    expect(parseInteger('9', '--level', 0, 9)).toBe(9);
    for (const bad of ['10', '-1', '1.5', 'fast', '']) {
      expect(thrown(() => parseInteger(bad, '--level', 0, 9)).details).toMatchObject({
        option: '--level',
        value: bad,
      });
    }
  });

  it('names XLTV_ZIP_LEVEL when the bad level came from it', () => {
    const error = thrown(() => resolveUploadOptions(minimal, [], { XLTV_ZIP_LEVEL: '11' }));
    expect(error.details).toMatchObject({ option: '--level', env: 'XLTV_ZIP_LEVEL', value: '11' });
  });

  it('takes seconds (fractions too) and returns milliseconds', () => {
    expect(parseSeconds('2.5', '--timeout')).toBe(2500);
    expect(thrown(() => parseSeconds('0', '--timeout')).details).toMatchObject({
      option: '--timeout',
      value: '0',
    });
    expect(thrown(() => parseSeconds('10s', '--timeout')).code).toBe('INVALID_OPTION');
    expect(
      thrown(() => resolveServerOptions({ url: minimal.url, retries: 'three' }, {})).details,
    ).toMatchObject({
      option: '--retries',
      value: 'three',
    });
  });

  it('parses XLTV_SOFT_FAIL words and rejects others', () => {
    expect(
      resolveSwitch(undefined, { XLTV_SOFT_FAIL: 'YES' }, 'XLTV_SOFT_FAIL', '--soft-fail'),
    ).toBe(true);
    expect(resolveSwitch(undefined, { XLTV_SOFT_FAIL: '0' }, 'XLTV_SOFT_FAIL', '--soft-fail')).toBe(
      false,
    );
    expect(resolveSwitch(true, { XLTV_SOFT_FAIL: 'false' }, 'XLTV_SOFT_FAIL', '--soft-fail')).toBe(
      true,
    );
    const error = thrown(() =>
      resolveSwitch(undefined, { XLTV_SOFT_FAIL: 'maybe' }, 'XLTV_SOFT_FAIL', '--soft-fail'),
    );
    expect(error.details).toMatchObject({
      option: '--soft-fail',
      env: 'XLTV_SOFT_FAIL',
      value: 'maybe',
    });
  });
});

describe('required and conflicting options', () => {
  it('needs a test specification and a URL for a real upload', () => {
    expect(
      thrown(() => resolveUploadOptions({ url: minimal.url }, ['a.xml'], {})).details,
    ).toMatchObject({
      option: '--test-spec',
      env: 'XLTV_TEST_SPEC',
      missing: true,
    });
    expect(
      thrown(() => resolveUploadOptions({ testSpec: 's' }, ['a.xml'], {})).details,
    ).toMatchObject({
      option: '--url',
      env: 'XLTV_URL',
      missing: true,
    });
  });

  it('lets a dry run with patterns go without server or target', () => {
    const options = resolveUploadOptions({ dryRun: true }, ['a.xml'], {});
    expect(options.server.url).toBeUndefined();
    expect(options.output.dryRun).toBe(true);
  });

  it('rejects a URL that is not absolute http(s), without echoing its credentials', () => {
    const error = thrown(() => resolveServerOptions({ url: 'ftp://bob:hunter22@host/x' }, {}));
    expect(error.code).toBe('INVALID_URL');
    expect(JSON.stringify(error.details)).not.toContain('hunter22');
    expect(
      thrown(() => resolveServerOptions({}, { XLTV_URL: 'xltv.example.com' })).details,
    ).toMatchObject({
      env: 'XLTV_URL',
    });
  });

  it('keeps credentials given inside the URL for the client', () => {
    expect(resolveServerOptions({ url: 'https://bob:pw@host' }, {}).url).toBe(
      'https://bob:pw@host',
    );
  });

  it('rejects --verbose with --quiet, a title with its id, and a spec title without a project', () => {
    expect(
      thrown(() => resolveUploadOptions({ ...minimal, verbose: true, quiet: true }, [], {})).code,
    ).toBe('INVALID_OPTION');
    expect(
      thrown(() => resolveUploadOptions({ ...minimal, testSpecTitle: 'T', project: 'p' }, [], {}))
        .details,
    ).toMatchObject({
      option: '--test-spec-title',
    });
    expect(
      thrown(() => resolveUploadOptions({ url: minimal.url, testSpecTitle: 'Unit tests' }, [], {}))
        .details,
    ).toMatchObject({ option: '--test-spec-title', value: 'Unit tests' });
  });

  it('needs --test-tool to create a missing test specification', () => {
    const error = thrown(() =>
      resolveUploadOptions(
        { url: minimal.url, projectTitle: 'P', testSpecTitle: 'T', createMissing: true },
        [],
        {},
      ),
    );
    expect(error.details).toMatchObject({ option: '--test-tool' });
    expect(
      resolveUploadOptions(
        {
          url: minimal.url,
          projectTitle: 'P',
          testSpecTitle: 'T',
          createMissing: true,
          testTool: 'xlt.JUnit',
        },
        [],
        {},
      ).target,
    ).toMatchObject({
      projectTitle: 'P',
      testSpecTitle: 'T',
      createMissing: true,
      testTool: 'xlt.JUnit',
    });
  });
});
