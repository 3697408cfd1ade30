/**
 * Flags → core's options: a flag beats its variable, an empty variable counts as unset, text
 * becomes numbers, and the origin of each value is kept for the error words. What the values
 * must satisfy is core's (packages/core/test/upload-options.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { isXltvError, type XltvError } from '@xltv/core';
import {
  checkFromFlags,
  connectionFromFlags,
  metadataFromFlags,
  resolveSwitch,
  resolveVerbosity,
  uploadFromFlags,
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

describe('flag > environment variable', () => {
  it('takes the flag over the variable, the variable when no flag, and ignores empty values', () => {
    expect(connectionFromFlags({ url: 'https://flag' }, { XLTV_URL: 'https://env' })).toEqual(
      expect.objectContaining({
        options: expect.objectContaining({ url: 'https://flag' }) as unknown,
        origins: { url: 'flag' },
      }),
    );
    expect(connectionFromFlags({}, { XLTV_URL: 'https://env' }).origins).toEqual({
      url: 'XLTV_URL',
    });
    expect(connectionFromFlags({ url: '' }, { XLTV_URL: '  ' }).options.url).toBeUndefined();
  });

  it('reads every documented variable of upload', () => {
    const { options, origins } = uploadFromFlags({}, [], {
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
    expect(options).toMatchObject({
      url: 'https://env.example.com',
      username: 'alice',
      password: 'pw',
      testSpec: 'spec-env',
      project: 'project-env',
      include: ['a/*.xml,b/*.xml'],
      exclude: ['**/skip.xml'],
      adapter: 'gitlab',
      buildResult: 'failure',
      level: 6,
      softFail: true,
    });
    expect(origins).toMatchObject({
      include: 'XLTV_INCLUDE',
      buildResult: 'XLTV_BUILD_RESULT',
      level: 'XLTV_ZIP_LEVEL',
      adapter: 'XLTV_CI',
    });
  });

  it('passes the environment on, for the CI adapters and the proxy variables', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128' };
    expect(uploadFromFlags({}, [], env).options.env).toBe(env);
    expect(metadataFromFlags({}, env).options.env).toBe(env);
  });

  it('reads --test-spec and --project of check, or their variables', () => {
    expect(checkFromFlags({ project: 'p' }, { XLTV_TEST_SPEC: 's' }).options).toMatchObject({
      testSpec: 's',
      project: 'p',
    });
  });
});

describe('patterns', () => {
  it('joins positional patterns and repeated --include items; the env only when no flag is given', () => {
    const env = { XLTV_INCLUDE: 'ignored/*.xml' };
    expect(uploadFromFlags({ include: ['b/*.xml', 'c/*.xml,d/*.xml'] }, ['a.xml'], env)).toEqual(
      expect.objectContaining({
        options: expect.objectContaining({
          include: ['a.xml', 'b/*.xml', 'c/*.xml,d/*.xml'],
        }) as unknown,
      }),
    );
    expect(uploadFromFlags({}, [], env).options.include).toEqual(['ignored/*.xml']);
    expect(uploadFromFlags({}, [], {}).options.include).toBeUndefined();
  });
});

describe('text to numbers', () => {
  it('reads levels and retries as whole numbers, naming the option and the text otherwise', () => {
    expect(uploadFromFlags({ level: '9', retries: '0' }, [], {}).options).toMatchObject({
      level: 9,
      retries: 0,
    });
    for (const bad of ['-1', '1.5', 'fast']) {
      expect(thrown(() => uploadFromFlags({ level: bad }, [], {})).details).toMatchObject({
        option: 'level',
        rule: 'type',
        value: bad,
      });
    }
    expect(thrown(() => connectionFromFlags({ retries: 'three' }, {})).details).toMatchObject({
      option: 'retries',
      value: 'three',
    });
  });

  it('names XLTV_ZIP_LEVEL as the origin of a level from the environment', () => {
    expect(uploadFromFlags({}, [], { XLTV_ZIP_LEVEL: '11' })).toMatchObject({
      options: { level: 11 },
      origins: { level: 'XLTV_ZIP_LEVEL' },
    });
  });

  it('takes seconds (fractions too) and gives milliseconds', () => {
    expect(connectionFromFlags({ timeout: '2.5', connectTimeout: '1' }, {}).options).toMatchObject({
      timeoutMs: 2500,
      connectTimeoutMs: 1000,
    });
    expect(thrown(() => connectionFromFlags({ timeout: '10s' }, {})).details).toMatchObject({
      option: 'timeoutMs',
      value: '10s',
    });
  });
});

describe('switches', () => {
  it('parses XLTV_SOFT_FAIL words and rejects others', () => {
    expect(resolveSwitch(undefined, { XLTV_SOFT_FAIL: 'YES' }, 'softFail')).toBe(true);
    expect(resolveSwitch(undefined, { XLTV_SOFT_FAIL: '0' }, 'softFail')).toBe(false);
    expect(resolveSwitch(true, { XLTV_SOFT_FAIL: 'false' }, 'softFail')).toBe(true);
    const error = thrown(() => resolveSwitch(undefined, { XLTV_SOFT_FAIL: 'maybe' }, 'softFail'));
    expect(error.details).toMatchObject({
      option: 'softFail',
      env: 'XLTV_SOFT_FAIL',
      value: 'maybe',
    });
  });

  it('rejects --verbose with --quiet', () => {
    expect(thrown(() => resolveVerbosity({ verbose: true, quiet: true })).details).toMatchObject({
      option: 'quiet',
      rule: 'conflict',
      with: 'verbose',
    });
  });

  it("turns an adapter's switch into its option, and --no-ci-api into ciApi: false", () => {
    const { options } = uploadFromFlags({ gitlabMrNote: true, ciApi: false }, [], {});
    expect(options.adapterOptions).toEqual({ gitlabMrNote: true });
    expect(options.ciApi).toBe(false);
  });

  it('keeps a blank --save-request for core to refuse (a file name is needed)', () => {
    expect(uploadFromFlags({ saveRequest: '' }, [], {}).options.saveRequest).toBe('');
  });
});

describe('metadata flags', () => {
  it('turns --meta items into an object and keeps --build-result as given', () => {
    expect(
      metadataFromFlags({ meta: ['team=qa', 'url=https://x/?q=1'], buildResult: 'failed' }, {})
        .options,
    ).toMatchObject({ meta: { team: 'qa', url: 'https://x/?q=1' }, buildResult: 'failed' });
  });

  it('refuses a --meta item without "="', () => {
    expect(thrown(() => metadataFromFlags({ meta: ['novalue'] }, {})).details).toMatchObject({
      rule: 'missing-equals',
      item: 'novalue',
    });
  });
});
