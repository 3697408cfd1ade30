import { describe, expect, it } from 'vitest';
import { summaryMarkdown, type SummaryContext } from '@xltv/core/adapter';
import teamcity from '../src/index.js';

const results: SummaryContext['results'] = {
  files: 3,
  tests: 20,
  passed: 15,
  failed: 2,
  errors: 1,
  skipped: 2,
  flaky: 0,
  formats: { junit: 3 },
  problems: [
    {
      file: "reports/it's [x]|y.xml",
      code: 'TRUNCATED',
      message: 'ends inside <testcase>\r\nline 2',
      line: 40,
    },
  ],
};

function context(problems = results.problems) {
  const withProblems = { ...results, problems };
  return {
    env: { TEAMCITY_VERSION: '2025.07' },
    signal: new AbortController().signal,
    options: {},
    results: withProblems,
    baseDir: '/opt/buildagent/work/1a2b3c',
    markdown: summaryMarkdown({ results: withProblems }),
  } satisfies SummaryContext;
}

describe('teamcity summarize', () => {
  it('reports the counts as build statistics and problems as escaped warnings', async () => {
    const result = await teamcity.summarize(context());
    expect(result.commands).toEqual([
      "##teamcity[buildStatisticValue key='xltvTests' value='20']",
      "##teamcity[buildStatisticValue key='xltvPassed' value='15']",
      "##teamcity[buildStatisticValue key='xltvFailed' value='2']",
      "##teamcity[buildStatisticValue key='xltvErrors' value='1']",
      "##teamcity[buildStatisticValue key='xltvSkipped' value='2']",
      "##teamcity[message text='XL TestView: TRUNCATED in reports/it|'s |[x|]||y.xml:40: ends inside <testcase>|r|nline 2' status='WARNING']",
    ]);
    expect(result.done).toBe("the build's statistics show the results");
  });

  it('reports 10 problems and counts the rest in one line', async () => {
    const many = Array.from({ length: 13 }, (_, i) => ({
      file: `f${i}.xml`,
      code: 'EMPTY' as const,
      message: 'no test',
    }));
    const commands = (await teamcity.summarize(context(many))).commands ?? [];
    const messages = commands.filter((line) => line.startsWith('##teamcity[message'));
    expect(messages).toHaveLength(11);
    expect(messages[10]).toBe(
      "##teamcity[message text='XL TestView: …and 3 more problems' status='WARNING']",
    );
  });

  it('keeps every line one line, whatever the file names hold', async () => {
    const nasty = [{ file: 'a\u2028b\u0085c\u2029d', code: 'EMPTY' as const, message: 'x\ny' }];
    const commands = (await teamcity.summarize(context(nasty))).commands ?? [];
    for (const line of commands) expect(line).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(commands.at(-1)).toContain('a|lb|xc|pd: x|ny');
  });
});
