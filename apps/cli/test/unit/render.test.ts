import { describe, expect, it } from 'vitest';
import { ERROR_CODES, XltvError, type XltvErrorCode } from '@xltv/core';
import { formatError, renderCrash, renderError } from '../../src/render/errors.js';
import { renderWarning } from '../../src/render/warnings.js';
import { formatBytes, formatDuration, table } from '../../src/render/format.js';
import { renderSpecsTable } from '../../src/render/specs.js';
import { PLAIN, colourEnabled, createStyle } from '../../src/render/style.js';

const render = (code: XltvErrorCode, details: Record<string, unknown> = {}, context = {}) =>
  renderError(new XltvError(code, `default text of ${code}`, details), context);

describe('error messages say what failed, with which value, and what to do', () => {
  it.each(ERROR_CODES.filter((code) => code !== 'ABORTED'))(
    '%s has its own words and a next step',
    (code) => {
      const rendered = render(code);
      expect(rendered.message).not.toBe(`default text of ${code}`);
      expect(rendered.hint, code).toBeTruthy();
    },
  );

  it('names the option, the env variable, the value and what is expected', () => {
    const rendered = render(
      'INVALID_OPTION',
      { option: 'level', rule: 'range', value: 12, min: 0, max: 9, integer: true },
      { origins: { level: 'XLTV_ZIP_LEVEL' } },
    );
    expect(rendered.message).toContain('--level (XLTV_ZIP_LEVEL)');
    expect(rendered.message).toContain('12');
    expect(rendered.message).toContain('0 to 9');
  });

  it('names the type core got when it withheld the value', () => {
    const rendered = render('INVALID_OPTION', {
      option: 'password',
      rule: 'type',
      type: 'string',
      received: 'number',
    });
    expect(rendered.message).toBe(
      '--password has a value of type number: expected a string value.',
    );
  });

  it('tells which option is missing and how to give it', () => {
    const rendered = render('INVALID_OPTION', { option: 'testSpec', rule: 'missing' });
    expect(rendered.message).toMatch(/No test spec given/);
    expect(rendered.hint).toContain('--test-spec (XLTV_TEST_SPEC)');
  });

  it('lists the build results on a bad --build-result', () => {
    expect(
      render('INVALID_OPTION', {
        option: 'buildResult',
        rule: 'one-of',
        value: 'green',
        allowed: ['success', 'failure', 'cancelled'],
      }).hint,
    ).toMatch(/success.*failure.*cancelled/);
  });

  it('names the patterns and base directory when nothing matched, and offers --allow-empty', () => {
    const rendered = render('NO_FILES', { patterns: ['build/*.xml'], baseDir: '/work' });
    expect(rendered.message).toContain('"build/*.xml"');
    expect(rendered.message).toContain('/work');
    expect(rendered.hint).toContain('--allow-empty');
  });

  it('names the user, never a password, on 401', () => {
    const rendered = render(
      'UNAUTHORIZED',
      { status: 401, username: 'alice' },
      { serverUrl: 'https://x.example.com' },
    );
    expect(rendered.message).toContain('"alice"');
    expect(rendered.message).toContain('https://x.example.com');
    expect(rendered.hint).toContain('XLTV_PASSWORD');
  });

  it('suggests xltv specs on 404 and names the test specification', () => {
    const rendered = render('NOT_FOUND', {
      status: 404,
      testSpecId: 'nope',
      url: 'https://h/api/internal/import/nope',
    });
    expect(rendered.message).toContain('"nope"');
    expect(rendered.hint).toContain('xltv specs');
  });

  it('adds the include-pattern hint on 422 and shows the server message', () => {
    const rendered = render('UNPROCESSABLE', {
      status: 422,
      serverMessage: 'No test results found',
    });
    expect(rendered.message).toContain('No test results found');
    expect(rendered.hint).toMatch(/include\/exclude patterns/);
  });

  it('prints the redirect target so the URL can be fixed', () => {
    const rendered = render('REDIRECT', {
      status: 301,
      location: 'https://new.example.com/xltest/api/internal/import/s',
    });
    expect(rendered.message).toContain('https://new.example.com/xltest');
  });

  it('names the UNKNOWN_CI value and every valid id plus none', () => {
    const rendered = render('UNKNOWN_CI', { value: 'jenkinz', known: ['jenkins', 'gitlab'] });
    expect(rendered.message).toContain('"jenkinz"');
    expect(rendered.hint).toContain('jenkins, gitlab, none');
  });

  it('says how to report a crash, without a stack', () => {
    const rendered = renderCrash(new TypeError('x is undefined'));
    expect(rendered.message).toContain('TypeError: x is undefined');
    expect(rendered.hint).toMatch(/report it at https?:\/\//);
    expect(formatError(rendered, PLAIN)).not.toMatch(/\n\s+at /);
  });
});

describe('unsafe paths', () => {
  it('name a pattern outside the base directory and suggest --base-dir', () => {
    const rendered = render('UNSAFE_PATH', {
      pattern: '../x/*.xml',
      baseDir: '/w',
      fix: '--base-dir',
    });
    expect(rendered.message).toContain('"../x/*.xml"');
    expect(rendered.message).toContain('outside the base directory /w');
    expect(rendered.hint).toContain('--base-dir');
  });

  it('name a file whose name cannot be a zip entry, with the reason, and suggest --exclude', () => {
    const rendered = render('UNSAFE_PATH', {
      name: 'a\\b.xml',
      path: '/w/a\\b.xml',
      reason: 'backslash',
    });
    expect(rendered.message).toMatch(/^Cannot put .* into the zip/);
    expect(rendered.message).toContain('(backslash)');
    expect(rendered.message).not.toContain('outside the base directory');
    expect(rendered.hint).toContain('--exclude');
  });
});

describe('metadata errors', () => {
  it('explain every core metadata rule in words, naming the key and where it came from', async () => {
    const { METADATA_RULES } = await import('@xltv/core');
    for (const rule of METADATA_RULES) {
      const rendered = render('INVALID_METADATA', { key: '@x', rule, origin: 'flag' });
      expect(rendered.message, rule).not.toContain(rule);
      expect(rendered.message).toContain('"@x"');
      expect(rendered.message).toContain('from flag');
    }
  });
});

describe('warnings', () => {
  it('names the dropped CI variable and value', () => {
    const text = renderWarning({
      code: 'ADAPTER_URL_DROPPED',
      message: 'x',
      details: { key: 'ciServerUrl', variable: 'JENKINS_URL', value: 'jenkins' },
    });
    expect(text).toContain('JENKINS_URL="jenkins"');
    expect(text).toContain('ciServerUrl');
  });

  it('suggests --fresh-only for stale files', () => {
    expect(
      renderWarning({
        code: 'STALE_FILES',
        message: 'x',
        details: { count: 2, examples: ['a.xml', 'b.xml'] },
      }),
    ).toMatch(/2 matched files are older.*a\.xml, b\.xml.*--fresh-only/);
  });

  it('counts retries from the attempt that failed', () => {
    // core's onRetry reports the attempt about to be made: 2 after the first failure.
    expect(
      renderWarning({
        code: 'RETRY',
        message: 'x',
        details: { attempt: 2, delayMs: 400, reason: 'ECONNREFUSED' },
      }),
    ).toMatch(/^Attempt 1 failed \(ECONNREFUSED\); trying again in .* \(attempt 2\)\.$/);
  });

  it('falls back to the core message for unknown codes', () => {
    expect(renderWarning({ code: 'SOMETHING_NEW', message: 'core says so' })).toBe('core says so');
  });
});

describe('formatting', () => {
  it('formats sizes and durations for people', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1234)).toBe('1.2 kB');
    expect(formatBytes(12_345_678)).toBe('12 MB');
    expect(formatDuration(350)).toBe('350 ms');
    expect(formatDuration(1499)).toBe('1.5 s');
    expect(formatDuration(65_000)).toBe('1m 05s');
  });

  it('aligns table columns', () => {
    expect(
      table([
        ['a', 'bb', 'c'],
        ['ccc', 'd', 'e'],
      ]),
    ).toEqual(['a    bb  c', 'ccc  d   e']);
  });

  it('lists test specifications with id, project, title, tool and pattern, and marks sets', () => {
    const text = renderSpecsTable(
      [
        {
          id: 's1',
          title: 'Unit',
          project: { id: 'p', title: 'Shop' },
          testTool: { name: 'xlt.JUnit', defaultSearchPattern: '**/TEST-*.xml' },
        },
        {
          id: 'set',
          title: 'All',
          type: 'xlt.TestSpecificationSet',
          project: { id: 'p', title: 'Shop' },
        },
      ],
      PLAIN,
    );
    expect(text.split('\n')[0]).toMatch(/^ID\s+PROJECT\s+TITLE\s+TEST TOOL\s+DEFAULT PATTERN$/);
    expect(text).toMatch(/s1\s+Shop\s+Unit\s+xlt\.JUnit\s+\*\*\/TEST-\*\.xml/);
    expect(text).toMatch(/set\s+Shop\s+All\s+\(set: no uploads\)/);
  });
});

describe('colour', () => {
  it('is off with NO_COLOR, off on non-TTY, on for a TTY, forced by FORCE_COLOR', () => {
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(createStyle(false).red('x')).toBe('x');
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
