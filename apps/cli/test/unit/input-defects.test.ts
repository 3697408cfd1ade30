/**
 * The words and flags of the input guards: files named by an option are not result files,
 * `--meta` without `=` names its value, a Windows-style pattern on POSIX gets the `/` hint, and
 * the size guard's flags, variables, errors and warnings.
 */
import { describe, expect, it } from 'vitest';
import { INPUT_ERROR_CODES, XltvError, type XltvErrorCode } from '@xltv/core';
import { exitCodeForError } from '../../src/boundary.js';
import { EXIT } from '../../src/exit.js';
import { uploadFromFlags } from '../../src/options.js';
import { renderError } from '../../src/render/errors.js';
import { renderWarning } from '../../src/render/warnings.js';

const render = (code: XltvErrorCode, details: Record<string, unknown>, context = {}) =>
  renderError(new XltvError(code, `default text of ${code}`, details), context);

describe('files named by an option', () => {
  it.each([
    ['metaFile', '--meta-file'],
    ['caCertFile', '--ca-cert'],
  ])('a missing %s says to check the path, not to --exclude it', (option, flag) => {
    const rendered = render('UNREADABLE_FILE', { path: 'nope.pem', option, reason: 'ENOENT' });
    expect(rendered.message).toContain('"nope.pem"');
    expect(rendered.message).toContain(flag);
    expect(rendered.hint).toContain(`Check the path given to ${flag}`);
    expect(rendered.hint).not.toContain('--exclude');
  });

  it('a result file that cannot be read still suggests --exclude', () => {
    const rendered = render('UNREADABLE_FILE', {
      path: '/w/r.xml',
      name: 'r.xml',
      reason: 'EACCES',
    });
    expect(rendered.hint).toContain('--exclude');
  });

  it('a metadata file above the limit names the file and the limit', () => {
    const rendered = render('INVALID_METADATA', {
      path: '/dev/zero',
      rule: 'too-large',
      layer: 'metaFile',
      limit: 1024 * 1024,
    });
    expect(rendered.message).toContain('--meta-file "/dev/zero"');
    expect(rendered.message).toContain('1.0 MB');
  });

  it('a CA file above the limit names the file and the limit', () => {
    const rendered = render('INVALID_OPTION', {
      path: '/dev/zero',
      option: 'caCertFile',
      rule: 'too-large',
      limit: 16 * 1024 * 1024,
    });
    expect(rendered.message).toContain('--ca-cert "/dev/zero"');
    expect(rendered.message).toContain('17 MB');
  });
});

describe('--meta and patterns', () => {
  it('--meta without "=" names the value and asks for key=value', () => {
    const rendered = render('INVALID_METADATA', {
      item: 'novalue',
      rule: 'missing-equals',
      layer: 'meta',
    });
    expect(rendered.message).toContain('--meta "novalue"');
    expect(rendered.message).toContain('key=value');
  });

  it.skipIf(process.platform === 'win32')(
    'a pattern with a backslash that matched nothing gets the hint to use "/"',
    () => {
      const rendered = render('NO_FILES', {
        patterns: ['build\\test-results\\*.xml'],
        baseDir: '/w',
      });
      expect(rendered.hint).toContain('"/"');
      expect(rendered.hint).toContain('"build/test-results/*.xml"');
      const plain = render('NO_FILES', { patterns: ['build/*.xml'], baseDir: '/w' });
      expect(plain.hint).not.toContain('"/"');
    },
  );

  it('a directory given as a pattern is named, with the glob to use instead', () => {
    const text = renderWarning({
      code: 'DIRECTORY_PATTERN',
      message: 'default',
      details: { pattern: 'results', files: 120, suggestion: 'results/**/*.xml' },
    });
    expect(text).toContain('"results" is a directory');
    expect(text).toContain('120 files');
    expect(text).toContain('"results/**/*.xml"');
  });
});

describe('the size guard', () => {
  it('--max-files and --max-bytes (with units) beat XLTV_MAX_FILES and XLTV_MAX_BYTES', () => {
    const fromFlags = uploadFromFlags({ maxFiles: '500', maxBytes: '2G' }, ['a'], {
      XLTV_MAX_FILES: '7',
      XLTV_MAX_BYTES: '1M',
    });
    expect(fromFlags.options).toMatchObject({ maxFiles: 500, maxBytes: 2 * 1024 ** 3 });
    const fromEnv = uploadFromFlags({}, ['a'], { XLTV_MAX_FILES: '7', XLTV_MAX_BYTES: '500M' });
    expect(fromEnv.options).toMatchObject({ maxFiles: 7, maxBytes: 500 * 1024 ** 2 });
    expect(fromEnv.origins).toMatchObject({
      maxFiles: 'XLTV_MAX_FILES',
      maxBytes: 'XLTV_MAX_BYTES',
    });
    expect(() => uploadFromFlags({ maxBytes: 'lots' }, ['a'], {})).toThrow(XltvError);
  });

  it('TOO_MANY_FILES and TOO_LARGE are input errors (exit 2) with words naming the limit', () => {
    for (const code of ['TOO_MANY_FILES', 'TOO_LARGE'] as const) {
      expect(INPUT_ERROR_CODES.has(code)).toBe(true);
      expect(exitCodeForError(new XltvError(code, 'x'))).toBe(EXIT.USAGE);
    }
    const many = render(
      'TOO_MANY_FILES',
      { files: 250_000, limit: 100_000, option: 'maxFiles' },
      { origins: { maxFiles: 'XLTV_MAX_FILES' } },
    );
    expect(many.message).toContain('250000 files');
    expect(many.message).toContain('--max-files (XLTV_MAX_FILES)');
    expect(many.message).toContain('100000');
    expect(many.hint).toContain('--exclude');
    const large = render('TOO_LARGE', {
      files: 3,
      bytes: 12e9,
      limit: 10 * 1024 ** 3,
      option: 'maxBytes',
    });
    expect(large.message).toContain('12 GB');
    expect(large.message).toContain('--max-bytes');
  });

  it('LARGE_SELECTION says how much was selected and how to narrow it', () => {
    const text = renderWarning({
      code: 'LARGE_SELECTION',
      message: 'default',
      details: { files: 12_000, bytes: 5e6 },
    });
    expect(text).toContain('12000 files');
    expect(text).toContain('5.0 MB');
    expect(text).toContain('--max-files');
  });
});
