/**
 * The CLI's human output: control characters escaped in one place (the reporter), URL
 * credentials masked in INVALID_URL, flag names in every INVALID_OPTION message, the 404
 * hint with the base URL, and words for an upload to a set.
 */
import { describe, expect, it } from 'vitest';
import { XltvError, type XltvErrorCode } from '@xltv/core';
import { Reporter, escapeControl, type OutputStream } from '../../src/reporter.js';
import { renderError } from '../../src/render/errors.js';
import { createStyle } from '../../src/render/style.js';

const render = (code: XltvErrorCode, details: Record<string, unknown> = {}, context = {}) =>
  renderError(new XltvError(code, `default text of ${code}`, details), context);

function capture(isTTY = false): OutputStream & { text: string } {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('control characters', () => {
  const hostile = 'build 7\u001b[2J\u009b31m\u0007\u007f\rX\tY';

  it('are escaped by escapeControl, line feeds and tabs stay', () => {
    expect(escapeControl(`${hostile}\nnext`, false)).toBe(
      'build 7\\x1b[2J\\x9b31m\\x07\\x7f\\x0dX\tY\nnext',
    );
  });

  it("keep the CLI's own colour sequences only when colour is on", () => {
    const red = createStyle(true).red('error');
    expect(escapeControl(`${red} ${hostile}`, true)).toBe(
      `${red} build 7\\x1b[2J\\x9b31m\\x07\\x7f\\x0dX\tY`,
    );
    expect(escapeControl(red, false)).toBe('\\x1b[31merror\\x1b[39m');
  });

  it('never reach stdout or stderr through the reporter', () => {
    const stdout = capture();
    const stderr = capture();
    const reporter = new Reporter({ env: { FORCE_COLOR: '1' }, stdout, stderr }, 'verbose');
    reporter.result(hostile);
    reporter.milestone(hostile);
    reporter.warn(hostile);
    reporter.error(reporter.errStyle.red(hostile));
    reporter.debug(hostile);
    for (const text of [stdout.text, stderr.text]) {
      // eslint-disable-next-line no-control-regex
      const unstyled = text.replace(/\u001b\[(?:1|2|22|31|32|33|36|39)m/g, '');
      // eslint-disable-next-line no-control-regex
      expect(unstyled).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(text).toContain('\\x1b[2J');
    }
  });
});

describe('INVALID_URL', () => {
  it.each([
    ['ci-bot:s3cret/pw@host:1', '***@host:1'],
    ['http://ci-bot:s3cret/pw@host', 'http://***@host'],
  ])('masks the user-info of %s even in raw details', (value, shown) => {
    const rendered = render('INVALID_URL', { option: 'url', value, reason: 'unparsable' });
    expect(rendered.message).not.toContain('s3cret');
    expect(rendered.message).toContain(shown);
  });
});

describe('the 404 hint', () => {
  const endpoint = 'https://xltv.example.com/xltest/api/internal/import/unit';

  it('suggests xltv specs with the base URL of the context', () => {
    const hint = render(
      'NOT_FOUND',
      { url: endpoint, status: 404 },
      { serverUrl: 'https://xltv.example.com/xltest' },
    ).hint;
    expect(hint).toContain('xltv specs --url https://xltv.example.com/xltest');
    expect(hint).not.toContain('/api/');
  });

  it('derives the base URL from the endpoint when the context has none', () => {
    const hint = render('NOT_FOUND', { url: endpoint, status: 404 }).hint;
    expect(hint).toMatch(/xltv specs --url https:\/\/xltv\.example\.com\/xltest$/);
  });
});

describe('INVALID_OPTION names flags, never core option names or rule codes', () => {
  const internal =
    /caCertFile|baseDir|buildStartedAt|retryBaseDelayMs|testSpecId|not-a-directory|expected ENOENT/;

  it.each([
    [{ option: 'baseDir', path: '/tmp/a-file', reason: 'not-a-directory' }, 'is not a directory'],
    [{ option: 'baseDir', path: '/tmp/missing', reason: 'ENOENT' }, 'cannot be used (ENOENT)'],
    [{ option: 'caCertFile', path: '/tmp/not-pem.txt' }, 'holds no PEM certificate'],
    [{ option: 'buildStartedAt' }, "the CI's build start time"],
    [{ option: 'retryBaseDelayMs', value: -1 }, 'an internal option'],
    [{ option: 'url', rule: 'missing', when: 'buildStartedAt' }, "with the CI's build start time"],
    [{ option: 'testSpec', rule: 'conflict', with: 'testSpecId' }, 'either --test-spec or'],
  ])('%j', (details, words) => {
    const { message, hint } = render('INVALID_OPTION', details);
    expect(`${message} ${hint ?? ''}`).toContain(words);
    expect(`${message} ${hint ?? ''}`).not.toMatch(internal);
  });

  it('says what is wrong with a base directory and a CA file', () => {
    expect(
      render('INVALID_OPTION', { option: 'baseDir', path: '/f', reason: 'not-a-directory' })
        .message,
    ).toBe('--base-dir "/f" is not a directory.');
    expect(render('INVALID_OPTION', { option: 'caCertFile', path: '/f' }).message).toBe(
      '--ca-cert "/f" holds no PEM certificate.',
    );
  });
});

describe('TARGET_IS_SET', () => {
  it('names the set and says nothing was sent', () => {
    const { message, hint } = render('TARGET_IS_SET', {
      testSpecId: 'all',
      title: 'All suites',
      type: 'xlt.TestSpecificationSet',
    });
    expect(message).toContain('"all"');
    expect(message).toContain('a set cannot receive uploads, so nothing was sent');
    expect(hint).toContain('xltv specs');
  });
});
