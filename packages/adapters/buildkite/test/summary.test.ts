import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryMarkdown, type SummaryContext } from '@xltv/core/adapter';
import buildkite from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xltv-bk-summary-'));
  dirs.push(dir);
  return dir;
}

/**
 * A fake `buildkite-agent` in its own directory: a Node script that records its arguments,
 * its stdin and one variable of its environment, then exits with `exitCode`.
 */
async function fakeAgent(exitCode = 0, stderr = ''): Promise<{ bin: string; record: string }> {
  const dir = await tempDir();
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const record = join(dir, 'record.json');
  const script = `#!${process.execPath}
const { readFileSync, writeFileSync } = require('node:fs');
const stdin = readFileSync(0, 'utf8');
writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), stdin, job: process.env.BUILDKITE_JOB_ID }));
process.stderr.write(${JSON.stringify(stderr)});
process.exit(${exitCode});
`;
  const file = join(bin, 'buildkite-agent');
  await writeFile(file, script);
  await chmod(file, 0o755);
  return { bin, record };
}

const results: SummaryContext['results'] = {
  files: 2,
  tests: 8,
  passed: 7,
  failed: 1,
  errors: 0,
  skipped: 0,
  flaky: 0,
  formats: { junit: 2 },
  problems: [],
};

function context(path: string, overrides: Partial<SummaryContext> = {}): SummaryContext {
  const outcome = { status: 'imported' as const, testRunIds: ['run-9'] };
  return {
    env: { BUILDKITE: 'true', BUILDKITE_JOB_ID: 'job-42', PATH: path },
    signal: new AbortController().signal,
    options: {},
    results,
    baseDir: '/var/lib/buildkite-agent/builds/agent-1/org/app',
    outcome,
    markdown: summaryMarkdown({ results, outcome }),
    ...overrides,
  };
}

describe.skipIf(process.platform === 'win32')('buildkite summarize', () => {
  it("runs the agent found on the env's PATH with the Markdown on stdin", async () => {
    const { bin, record } = await fakeAgent();
    const ctx = context([join(bin, 'missing'), bin].join(delimiter));

    const result = await buildkite.summarize(ctx);

    expect(result.warnings).toBeUndefined();
    expect(result.done).toBe("the build's annotation shows the results");
    const recorded = JSON.parse(await readFile(record, 'utf8')) as Record<string, unknown>;
    expect(recorded).toEqual({
      args: ['annotate', '--style', 'error', '--context', 'xltv'],
      stdin: ctx.markdown,
      job: 'job-42',
    });
    expect(ctx.markdown).toContain('| 8 | 7 | 1 | 0 | 0 | 0 |');
  });

  it('styles the annotation by the results', async () => {
    const { bin, record } = await fakeAgent();
    const style = async (over: Partial<SummaryContext>) => {
      await buildkite.summarize(context(bin, over));
      const recorded = JSON.parse(await readFile(record, 'utf8')) as { args: string[] };
      return recorded.args[2];
    };
    const green = { ...results, failed: 0, passed: 8 };
    expect(await style({ results: green })).toBe('success');
    const problem = { file: 'a.xml', code: 'EMPTY' as const, message: 'no test' };
    expect(await style({ results: { ...green, problems: [problem] } })).toBe('warning');
    expect(await style({ results: green, outcome: { status: 'failed', testRunIds: [] } })).toBe(
      'error',
    );
  });

  it('warns, without running anything, when the agent is not on the PATH', async () => {
    const empty = await tempDir();
    const result = await buildkite.summarize(context(empty));
    expect(result.warnings?.[0]).toMatchObject({
      code: 'SUMMARY_FAILED',
      details: { ci: 'buildkite', reason: 'no-agent' },
    });
    expect(result.warnings?.[0]?.message).toContain('buildkite-agent is not on the PATH');
    expect(result.done).toBeUndefined();
  });

  it('ignores a process.env PATH: only the given env counts', async () => {
    const { bin } = await fakeAgent();
    const saved = process.env['PATH'];
    process.env['PATH'] = `${bin}${delimiter}${saved ?? ''}`;
    try {
      const result = await buildkite.summarize(context(''));
      expect(result.warnings?.[0]?.details).toMatchObject({ reason: 'no-agent' });
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it("turns the agent's failure into a warning with its stderr", async () => {
    const { bin } = await fakeAgent(1, 'fatal: failed to annotate: 401 Unauthorized\n');
    const result = await buildkite.summarize(context(bin));
    expect(result.warnings?.[0]).toMatchObject({
      code: 'SUMMARY_FAILED',
      details: { ci: 'buildkite', reason: 'agent-failed' },
    });
    expect(result.warnings?.[0]?.message).toBe(
      'Buildkite annotation not added: buildkite-agent exited with 1: fatal: failed to annotate: 401 Unauthorized',
    );
  });

  it('stops the agent when the signal aborts', async () => {
    const dir = await tempDir();
    const file = join(dir, 'buildkite-agent');
    await writeFile(file, `#!${process.execPath}\nsetTimeout(() => {}, 60_000);\n`);
    await chmod(file, 0o755);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const result = await buildkite.summarize(context(dir, { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.warnings?.[0]?.details).toMatchObject({ reason: 'agent-failed' });
  });
});
