import type { FileProblem, ResultsSummary } from '@xltv/results';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatDuration, summaryMarkdown } from './summary-markdown.js';

const results: ResultsSummary = {
  files: 3,
  tests: 12,
  passed: 9,
  failed: 1,
  errors: 1,
  skipped: 1,
  flaky: 2,
  durationMs: 3240,
  formats: { junit: 2, trx: 1 },
  problems: [],
};

function problems(count: number): FileProblem[] {
  return Array.from({ length: count }, (_, i) => ({
    file: `build/r${i + 1}.xml`,
    code: 'EMPTY',
    message: 'no test in the file',
  }));
}

describe('summaryMarkdown', () => {
  it('shows the counts, the formats and the outcome of an upload', () => {
    const markdown = summaryMarkdown({
      results,
      outcome: {
        status: 'imported',
        testRunIds: ['3ee6614c-addd-4126-92cb-2274c8af201b', 'run-2'],
        targetUrl: 'https://uploader:secret@xltv.example.com/api/internal/import/7',
      },
    });
    expect(markdown).toBe(
      [
        '## XL TestView upload',
        '',
        '| Tests | Passed | Failed | Errors | Skipped | Flaky | Duration |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| 12 | 9 | 1 | 1 | 1 | 2 | 3.2 s |',
        '',
        '**Files:** 3 (JUnit XML: 2, TRX: 1)',
        '',
        '- **Status:** imported',
        '- **Test runs:** 3ee6614c-addd-4126-92cb-2274c8af201b, run-2',
        '- **Sent to:** [https\\://xltv.example.com/api/internal/import/7](<https://xltv.example.com/api/internal/import/7>)',
        '',
      ].join('\n'),
    );
    expect(markdown).not.toContain('secret');
  });

  it('has its own heading and no outcome when nothing was sent', () => {
    const markdown = summaryMarkdown({ results: { ...results, durationMs: undefined } });
    expect(markdown.split('\n')[0]).toBe('## XL TestView: test results');
    expect(markdown).toContain('| 12 | 9 | 1 | 1 | 1 | 2 | – |');
    expect(markdown).not.toContain('Status');
  });

  it('words every status', () => {
    const status = (s: 'nothing-new' | 'failed' | 'spooled') =>
      summaryMarkdown({ results, outcome: { status: s, testRunIds: [] } });
    expect(status('nothing-new')).toContain('- **Status:** nothing new to import');
    expect(status('failed')).toContain('- **Status:** upload failed');
    expect(status('spooled')).toContain('kept in the spool directory');
    expect(status('failed')).not.toContain('Test runs');
  });

  it('lists the first 20 problems with file, code and position, then counts the rest', () => {
    const list = problems(23);
    list[0] = { file: 'a.xml', code: 'MALFORMED', message: 'bad', line: 3, column: 9 };
    const markdown = summaryMarkdown({ results: { ...results, problems: list } });
    expect(markdown).toContain('### Problems (23)');
    expect(markdown).toContain('- MALFORMED in a.xml (line 3, column 9): bad\n');
    expect(markdown).toContain('- EMPTY in build/r20.xml: no test in the file\n');
    expect(markdown).not.toContain('r21.xml');
    expect(markdown).toMatch(/- …and 3 more\n$/);
  });

  it('shows file names and messages from users literally: no markup, no HTML, one line', () => {
    const file = 'evil|name<img src=x onerror=alert(1)>`code`\n# heading *b* [l](http://x).xml';
    const message = 'expected <b> & got </b>\r\n| cell | ~~x~~ $x$';
    const markdown = summaryMarkdown({
      results: { ...results, problems: [{ file, code: 'MALFORMED', message }] },
    });
    const line = markdown.split('\n').find((l) => l.startsWith('- MALFORMED'));
    expect(line).toBe(
      '- MALFORMED in evil\\|name\\<img src=x onerror=alert\\(1\\)\\>\\`code\\` \\# heading \\*b\\* \\[l\\]\\(http\\://x\\).xml: ' +
        'expected \\<b\\> \\& got \\</b\\> \\| cell \\| \\~\\~x\\~\\~ \\$x\\$',
    );
    // Every character with inline meaning is preceded by a backslash.
    expect(line?.replace(/\\./g, '')).not.toMatch(/[<>|`*[\]&~$]/);
  });

  it('links no URL, address or mention found in a file name', () => {
    expect(escapeMarkdown('see https://x.example, www.example.com and @team or a@b.example')).toBe(
      'see https\\://x.example, www\\.example.com and \\@team or a\\@b.example',
    );
  });
});

describe('escapeMarkdown', () => {
  it('keeps long texts short without splitting a character', () => {
    const escaped = escapeMarkdown(`${'a'.repeat(299)}😀tail`);
    expect(escaped).toBe(`${'a'.repeat(299)}…`);
    expect(escapeMarkdown('x'.repeat(400))).toHaveLength(301);
  });

  it('turns control characters into spaces', () => {
    expect(escapeMarkdown('a\u0000b\tc\u2028d')).toBe('a b c d');
  });
});

describe('formatDuration', () => {
  it('reads as people read durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(3240)).toBe('3.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
    expect(formatDuration(999.7)).toBe('1 s');
    expect(formatDuration(59_970)).toBe('1 min 0 s');
  });
});
