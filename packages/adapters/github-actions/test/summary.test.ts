import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryMarkdown, type SummaryContext } from '@xltv/core/adapter';
import githubActions from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xltv-gha-summary-'));
  dirs.push(dir);
  return dir;
}

const results: SummaryContext['results'] = {
  files: 2,
  tests: 5,
  passed: 3,
  failed: 1,
  errors: 0,
  skipped: 1,
  flaky: 0,
  formats: { junit: 2 },
  problems: [
    {
      file: 'out/a,b:c%d.xml',
      code: 'MALFORMED',
      message: 'unclosed <testcase>\r\n at 100%',
      line: 7,
      column: 3,
    },
    { file: 'out/empty.xml', code: 'EMPTY', message: 'no test' },
  ],
};

/** The checkout on a hosted Linux runner (`GITHUB_WORKSPACE`). */
const WORKSPACE = '/home/runner/work/app/app';

function context(
  env: Record<string, string>,
  signal = new AbortController().signal,
  baseDir = WORKSPACE,
) {
  const outcome = { status: 'imported' as const, testRunIds: ['run-1'] };
  return {
    env: { GITHUB_ACTIONS: 'true', ...env },
    signal,
    options: {},
    results,
    baseDir,
    outcome,
    markdown: summaryMarkdown({ results, outcome }),
  } satisfies SummaryContext;
}

describe('github-actions summarize', () => {
  it('appends the Markdown to the step summary file, after what other steps wrote', async () => {
    const file = join(await tempDir(), 'step_summary_1');
    await writeFile(file, '# Tests\n');
    const ctx = context({ GITHUB_STEP_SUMMARY: file });

    const result = await githubActions.summarize(ctx);

    expect(await readFile(file, 'utf8')).toBe(`# Tests\n${ctx.markdown}`);
    expect(ctx.markdown).toContain('## XL TestView upload');
    expect(result.done).toBe('the step summary shows the results');
    expect(result.warnings).toBeUndefined();
  });

  it('annotates each problem with escaped properties and message', async () => {
    const result = await githubActions.summarize(context({}));
    expect(result.commands).toEqual([
      '::warning file=out/a%2Cb%3Ac%25d.xml,line=7,col=3,title=XL TestView%3A MALFORMED::unclosed <testcase>%0D%0A at 100%25',
      '::warning file=out/empty.xml,title=XL TestView%3A EMPTY::no test',
    ]);
    // Without GITHUB_STEP_SUMMARY nothing is written and nothing is claimed.
    expect(result.done).toBeUndefined();
  });

  // GitHub resolves an annotation's file from the checkout, the problems' files are relative to
  // the base directory the files were selected from.
  it.each<{
    case: string;
    env: Record<string, string>;
    baseDir: string;
    problems?: SummaryContext['results']['problems'];
    commands: string[];
  }>([
    {
      case: 'the base directory is the workspace: the names as they are',
      env: { GITHUB_WORKSPACE: WORKSPACE },
      baseDir: WORKSPACE,
      commands: [
        '::warning file=out/a%2Cb%3Ac%25d.xml,line=7,col=3,title=XL TestView%3A MALFORMED::unclosed <testcase>%0D%0A at 100%25',
        '::warning file=out/empty.xml,title=XL TestView%3A EMPTY::no test',
      ],
    },
    {
      case: 'the base directory is a subdirectory of the workspace: its path comes first',
      env: { GITHUB_WORKSPACE: `${WORKSPACE}/` },
      baseDir: `${WORKSPACE}/services/backend`,
      commands: [
        '::warning file=services/backend/out/a%2Cb%3Ac%25d.xml,line=7,col=3,title=XL TestView%3A MALFORMED::unclosed <testcase>%0D%0A at 100%25',
        '::warning file=services/backend/out/empty.xml,title=XL TestView%3A EMPTY::no test',
      ],
    },
    {
      case: 'the workspace is inside the base directory: the path from the workspace',
      env: { GITHUB_WORKSPACE: WORKSPACE },
      baseDir: '/home/runner/work/app/app/../../app',
      problems: [{ file: 'app/build/TEST-a.xml', code: 'EMPTY', message: 'no test' }],
      commands: ['::warning file=build/TEST-a.xml,title=XL TestView%3A EMPTY::no test'],
    },
    {
      case: 'the files are outside the workspace: no file, the path in the message',
      env: { GITHUB_WORKSPACE: WORKSPACE },
      baseDir: '/home/runner/work/_temp/results',
      commands: [
        '::warning title=XL TestView%3A MALFORMED::/home/runner/work/_temp/results/out/a,b:c%25d.xml:7:3: unclosed <testcase>%0D%0A at 100%25',
        '::warning title=XL TestView%3A EMPTY::/home/runner/work/_temp/results/out/empty.xml: no test',
      ],
    },
    {
      case: 'a sibling directory whose name starts with the workspace is outside',
      env: { GITHUB_WORKSPACE: WORKSPACE },
      baseDir: `${WORKSPACE}-results`,
      problems: [{ file: 'TEST-a.xml', code: 'EMPTY', message: 'no test' }],
      commands: [`::warning title=XL TestView%3A EMPTY::${WORKSPACE}-results/TEST-a.xml: no test`],
    },
    {
      case: 'without GITHUB_WORKSPACE: the names relative to the base directory',
      env: {},
      baseDir: `${WORKSPACE}/services/backend`,
      commands: [
        '::warning file=out/a%2Cb%3Ac%25d.xml,line=7,col=3,title=XL TestView%3A MALFORMED::unclosed <testcase>%0D%0A at 100%25',
        '::warning file=out/empty.xml,title=XL TestView%3A EMPTY::no test',
      ],
    },
  ])('annotates the file in the workspace: $case', async (row) => {
    const base = context(row.env, undefined, row.baseDir);
    const ctx = row.problems ? { ...base, results: { ...results, problems: row.problems } } : base;
    expect((await githubActions.summarize(ctx)).commands).toEqual(row.commands);
  });

  it.skipIf(process.platform === 'win32')(
    'finds the files when the workspace is a link to the real base directory',
    async () => {
      // process.cwd() (the default base) is a real path; the runner's workspace may be a link.
      const dir = await tempDir();
      await mkdir(join(dir, 'real', 'backend'), { recursive: true });
      await symlink(join(dir, 'real'), join(dir, 'link'));
      const ctx = context(
        { GITHUB_WORKSPACE: join(dir, 'link') },
        undefined,
        join(dir, 'real', 'backend'),
      );
      const commands = (await githubActions.summarize(ctx)).commands;
      expect(commands?.[1]).toBe(
        '::warning file=backend/out/empty.xml,title=XL TestView%3A EMPTY::no test',
      );
    },
  );

  it('annotates at most 10 problems', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({
      file: `f${i}.xml`,
      code: 'EMPTY' as const,
      message: 'no test',
    }));
    const ctx = { ...context({}), results: { ...results, problems: many } };
    const result = await githubActions.summarize(ctx);
    expect(result.commands).toHaveLength(10);
    expect(result.commands?.[9]).toContain('file=f9.xml');
  });

  it('turns a summary file it cannot write into a warning and still annotates', async () => {
    const dir = await tempDir();
    const result = await githubActions.summarize(context({ GITHUB_STEP_SUMMARY: dir }));
    expect(result.warnings?.[0]).toMatchObject({
      code: 'SUMMARY_FAILED',
      details: { ci: 'github-actions', reason: 'write-failed' },
    });
    expect(result.commands).toHaveLength(2);
    expect(result.done).toBeUndefined();
  });

  it('declares the variables it reads', () => {
    expect(githubActions.envVars).toContain('GITHUB_STEP_SUMMARY');
    expect(githubActions.envVars).toContain('GITHUB_WORKSPACE');
  });
});
