/**
 * A simulated GitHub runner: runs the committed dist/index.js as the runner does (node, the
 * workspace as working directory, `INPUT_*` variables, files for `GITHUB_OUTPUT` and
 * `GITHUB_STEP_SUMMARY`, a `RUNNER_TEMP`), with the environment of a real workflow run.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACTION_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ENTRY = join(ACTION_DIR, 'dist', 'index.js');
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const FIXTURES = fileURLToPath(
  new URL('../../../packages/adapters/github-actions/test/fixtures.json', import.meta.url),
);

/** The first fixture of the adapter: a real GitHub-hosted runner's environment (push to main). */
export function githubEnv(): Record<string, string> {
  const fixtures = JSON.parse(readFileSync(FIXTURES, 'utf8')) as {
    env: Record<string, string>;
  }[];
  const first = fixtures[0];
  if (!first) throw new Error('no GitHub Actions fixture');
  return first.env;
}

/** The variable the runner sets for an input: upper case, spaces as `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** What one step run left behind. */
export interface StepRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The `GITHUB_OUTPUT` file's content. */
  readonly outputFile: string;
  /** `name=value` lines of the output file, parsed. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly workspace: string;
  readonly runnerTemp: string;
}

/**
 * Run the action in a fresh workspace holding the repository's examples/ under
 * `build/test-results`, with `inputs` given by name as in a workflow's `with:`.
 */
export async function runStep(
  inputs: Readonly<Record<string, string>>,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<StepRun> {
  const root = mkdtempSync(join(tmpdir(), 'xltv-action-'));
  const workspace = join(root, 'workspace');
  const runnerTemp = join(root, 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  cpSync(EXAMPLES, join(workspace, 'build', 'test-results'), { recursive: true });
  const outputFile = join(runnerTemp, 'github_output');
  const summaryFile = join(runnerTemp, 'step_summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    ...githubEnv(),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;

  const child = spawn(process.execPath, [ENTRY], { cwd: workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const output = readFileSync(outputFile, 'utf8');
  const outputs = Object.fromEntries(
    output
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    code,
    stdout,
    stderr,
    outputFile: output,
    outputs,
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
    runnerTemp,
  };
}
