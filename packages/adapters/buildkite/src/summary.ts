/**
 * Buildkite's `summarize` hook: the Markdown summary as a build annotation, through
 * `buildkite-agent annotate` (the agent's job token stays inside the agent). The agent binary
 * is looked up on the PATH of the environment the adapter was given, never `process.env`'s.
 * Docs: https://buildkite.com/docs/agent/v3/cli-annotate
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Env, SummaryContext, SummaryResult, XltvWarning } from '@xltv/core/adapter';

/** The annotation's context: a later upload in the same build replaces it. */
export const ANNOTATION_CONTEXT = 'xltv';
/** Most of the agent's stderr kept for a warning. */
const MAX_STDERR = 2000;

/** `success`, `warning` or `error`: how Buildkite colours the annotation. */
export function annotationStyle(context: SummaryContext): 'success' | 'warning' | 'error' {
  const { results, outcome } = context;
  if (results.failed + results.errors > 0 || outcome?.status === 'failed') return 'error';
  if (results.problems.length > 0 || outcome?.status === 'spooled') return 'warning';
  return 'success';
}

/**
 * The first executable `buildkite-agent` on `env.PATH`. On Windows only `.exe` counts: a
 * `.cmd` would need a shell, which is never used.
 */
export async function findAgent(env: Env): Promise<string | undefined> {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  const suffixes = process.platform === 'win32' ? ['.exe'] : [''];
  for (const dir of dirs) {
    for (const suffix of suffixes) {
      const candidate = join(dir, `buildkite-agent${suffix}`);
      try {
        await access(candidate, constants.X_OK);
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // Not there, or not executable: the next one.
      }
    }
  }
  return undefined;
}

function skipped(reason: string, message: string): XltvWarning {
  return {
    code: 'SUMMARY_FAILED',
    message: `Buildkite annotation not added: ${message}`,
    details: { ci: 'buildkite', reason },
  };
}

/** Run `agent annotate …` with `markdown` on stdin; resolves with the exit code and stderr. */
function annotate(
  agent: string,
  args: readonly string[],
  context: SummaryContext,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(agent, args, {
      env: context.env as NodeJS.ProcessEnv,
      signal: context.signal,
      stdio: ['pipe', 'ignore', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STDERR);
    });
    // An agent that exits without reading stdin makes the write fail: its exit code tells why.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr: stderr.trim() }));
    child.stdin.end(context.markdown);
  });
}

/** Annotate the build with the summary when the agent is on the PATH; else say it was skipped. */
export async function summarizeForBuildkite(context: SummaryContext): Promise<SummaryResult> {
  const agent = await findAgent(context.env);
  if (agent === undefined) {
    return {
      warnings: [skipped('no-agent', 'buildkite-agent is not on the PATH')],
    };
  }
  const args = ['annotate', '--style', annotationStyle(context), '--context', ANNOTATION_CONTEXT];
  try {
    const { code, stderr } = await annotate(agent, args, context);
    if (code !== 0) {
      const detail = stderr === '' ? '' : `: ${stderr}`;
      return {
        warnings: [skipped('agent-failed', `buildkite-agent exited with ${String(code)}${detail}`)],
      };
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { warnings: [skipped('agent-failed', reason)] };
  }
  return { done: "the build's annotation shows the results" };
}
