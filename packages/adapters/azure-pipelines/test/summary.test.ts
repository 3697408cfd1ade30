import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryMarkdown, type SummaryContext } from '@xltv/core/adapter';
import azurePipelines from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xltv-azure-summary-'));
  dirs.push(dir);
  return dir;
}

const results: SummaryContext['results'] = {
  files: 1,
  tests: 4,
  passed: 4,
  failed: 0,
  errors: 0,
  skipped: 0,
  flaky: 0,
  formats: { trx: 1 },
  problems: [
    {
      file: 'TestResults/a;b].trx',
      code: 'COUNT_MISMATCH',
      message: 'says 5]; got 4 (100%)\nsee file',
      line: 2,
      column: 1,
    },
  ],
};

function context(env: Record<string, string>) {
  return {
    env: { TF_BUILD: 'True', ...env },
    signal: new AbortController().signal,
    options: {},
    results,
    baseDir: '/agent/_work/1/s',
    markdown: summaryMarkdown({ results }),
  } satisfies SummaryContext;
}

const UPLOAD = '##vso[task.uploadsummary]';

describe('azure-pipelines summarize', () => {
  it('writes the Markdown to a file in AGENT_TEMPDIRECTORY and attaches it', async () => {
    const dir = await tempDir();
    const ctx = context({ AGENT_TEMPDIRECTORY: dir });

    const result = await azurePipelines.summarize(ctx);

    const upload = result.commands?.[0] ?? '';
    expect(upload.startsWith(UPLOAD)).toBe(true);
    const file = upload.slice(UPLOAD.length);
    expect(file.startsWith(join(dir, 'xltv-summary-'))).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(ctx.markdown);
    expect(ctx.markdown).toContain('| 4 | 4 | 0 | 0 | 0 | 0 |');
    expect(result.done).toBe("the run's summary page shows the results");
  });

  it('gives each call its own file, so that two uploads in a job both show', async () => {
    const dir = await tempDir();
    const first = await azurePipelines.summarize(context({ AGENT_TEMPDIRECTORY: dir }));
    const second = await azurePipelines.summarize(context({ AGENT_TEMPDIRECTORY: dir }));
    expect(first.commands?.[0]).not.toBe(second.commands?.[0]);
  });

  it('logs each problem as a warning issue, escaped as the agent decodes it', async () => {
    const result = await azurePipelines.summarize(
      context({ AGENT_TEMPDIRECTORY: await tempDir() }),
    );
    expect(result.commands?.slice(1)).toEqual([
      '##vso[task.logissue type=warning;sourcepath=TestResults/a%3Bb%5D.trx;linenumber=2;columnnumber=1;code=COUNT_MISMATCH]' +
        'COUNT_MISMATCH: says 5%5D%3B got 4 (100%AZP25)%0Asee file',
    ]);
  });

  it('falls back to the OS temp directory', async () => {
    const result = await azurePipelines.summarize(context({}));
    const file = (result.commands?.[0] ?? '').slice(UPLOAD.length);
    dirs.push(file);
    expect(file.startsWith(join(tmpdir(), 'xltv-summary-'))).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(context({}).markdown);
  });

  it('turns a directory it cannot write into a warning and still logs the issues', async () => {
    const missing = join(await tempDir(), 'no', 'such', 'dir');
    const result = await azurePipelines.summarize(context({ AGENT_TEMPDIRECTORY: missing }));
    expect(result.warnings?.[0]).toMatchObject({
      code: 'SUMMARY_FAILED',
      details: { ci: 'azure-pipelines', reason: 'write-failed' },
    });
    expect(result.commands).toHaveLength(1);
    expect(result.commands?.[0]).toContain('##vso[task.logissue');
  });
});
