/**
 * The bundled task as the agent runs it: `node XltvUpload/dist/index.js` from a copy of the
 * task folder outside the workspace (so nothing resolves from node_modules), inputs as the
 * agent passes them (`INPUT_<NAME>`), an Azure Pipelines environment from the adapter's
 * fixtures, against a real receiver. Needs the build (`pnpm --filter @xltv/azure-devops build`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startReceiver, type Receiver } from '@xltv/receiver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const APP = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.resolve(APP, '../../packages/adapters/azure-pipelines/test/fixtures.json');
const USER = 'azure-bot';
const PASSWORD = 'Pw-azure-3kQz!9 x';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let receiver: Receiver;
let root: string;
let entry: string;
let work: string;
let agentTemp: string;
let azureEnv: Record<string, string>;

beforeAll(async () => {
  const built = path.join(APP, 'XltvUpload', 'dist', 'index.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: build @xltv/azure-devops first`);
  root = await mkdtemp(path.join(tmpdir(), 'xltv-azure-task-'));
  await cp(path.join(APP, 'XltvUpload'), path.join(root, 'ext', 'XltvUpload'), {
    recursive: true,
  });
  entry = path.join(root, 'ext', 'XltvUpload', 'dist', 'index.js');
  work = path.join(root, 'work', '1', 's');
  await mkdir(path.join(work, 'build', 'test-results'), { recursive: true });
  await writeFile(
    path.join(work, 'build', 'test-results', 'TEST-calc.xml'),
    '<testsuite name="calc" tests="3" failures="1"><testcase name="adds"/><testcase name="subtracts"/>' +
      '<testcase name="divides"><failure message="by zero"/></testcase></testsuite>',
  );
  await writeFile(path.join(work, 'build', 'test-results', 'notes.txt'), 'not a result');
  const fixtures = JSON.parse(await readFile(FIXTURES, 'utf8')) as {
    env: Record<string, string>;
  }[];
  azureEnv = fixtures[0]!.env;
  receiver = await startReceiver({ user: USER, password: PASSWORD });
});

afterAll(async () => {
  await receiver?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  agentTemp = await mkdtemp(path.join(root, 'agent-temp-'));
});

/** Run the task with these inputs; async, since the receiver answers from this process. */
async function runTask(inputs: Record<string, string>): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    ...azureEnv,
    AGENT_TEMPDIRECTORY: agentTemp,
    SYSTEM_DEFAULTWORKINGDIRECTORY: work,
    BUILD_SOURCESDIRECTORY: work,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [entry], {
      cwd: agentTemp,
      env,
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    url: receiver.url,
    testSpec: 'azure-spec',
    // A Windows-style path (`\`), absolute under the working directory.
    patterns: `${work}\\build\\test-results\\**\\*.xml\n\nbuild\\none\\*.xml`,
    username: USER,
    password: PASSWORD,
    meta: 'team=core\nowner=qa=ops',
    ...overrides,
  };
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('the XltvUpload task', () => {
  it('uploads with the Azure metadata, masks the password and attaches the summary', async () => {
    const before = receiver.imports.length;
    const run = await runTask(inputs());

    expect(run.code, run.stderr).toBe(0);
    expect(receiver.imports).toHaveLength(before + 1);
    const stored = receiver.imports.at(-1)!;
    expect(stored.metadata).toMatchObject({
      source: 'azure-pipelines',
      ciBuildNumber: '20241121.7',
      ciJobName: 'cidverse.cienvsamples',
      ciBuildUrl: 'https://heuer.visualstudio.com/cienvsamples/_build/results?buildId=27',
      ciBuildResult: 'SUCCESS',
      team: 'core',
      owner: 'qa=ops',
    });
    expect(stored.entries.map((e) => e.path)).toEqual(['build/test-results/TEST-calc.xml']);

    // The secret is registered with the agent, and shown nowhere else.
    expect(run.stdout).toContain(`##vso[task.setsecret]${PASSWORD}`);
    expect(occurrences(run.stdout + run.stderr, PASSWORD)).toBe(1);

    const summary = /^##vso\[task\.uploadsummary\](.+)$/m.exec(run.stdout);
    expect(summary, run.stdout).not.toBeNull();
    const file = summary![1]!.trim();
    expect(path.dirname(file)).toBe(agentTemp);
    const markdown = await readFile(file, 'utf8');
    expect(markdown).toContain('| 3 | 2 | 1 | 0 | 0 | 0 |'); // tests, passed, failed…
    expect(markdown).toContain('**Status:** imported');

    expect(run.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]imported/m);
  });

  it('marks a second upload of the same files "succeeded with issues": nothing new', async () => {
    const again = { testSpec: 'azure-spec-again' };
    expect((await runTask(inputs(again))).stdout).toMatch(/result=Succeeded;/);
    const run = await runTask(inputs(again));
    expect(run.stdout).toMatch(/^##vso\[task\.complete result=SucceededWithIssues;\]/m);
  });

  it('masks a password given in the URL', async () => {
    const url = new URL(receiver.url);
    url.username = USER;
    url.password = PASSWORD;
    const run = await runTask(
      inputs({ url: url.href, username: '', password: '', testSpec: 'azure-spec-url' }),
    );
    expect(run.stdout).toMatch(/result=Succeeded;/);
    // As the URL carries it (percent-encoded), and as the task library escapes a command's `%`.
    const encoded = url.password;
    const escaped = encoded.replace(/%/g, '%AZP25');
    expect(run.stdout).toContain(`##vso[task.setsecret]${escaped}`);
    expect(run.stdout).toContain(`##vso[task.setsecret]${PASSWORD}`);
    expect(occurrences(run.stdout + run.stderr, PASSWORD)).toBe(1);
    expect(occurrences(run.stdout + run.stderr, encoded)).toBe(0);
  });

  it('fails the task when the server refuses the upload', async () => {
    const run = await runTask(inputs({ password: 'wrong-password' }));
    expect(run.stdout).toMatch(/^##vso\[task\.issue type=error;.*UNAUTHORIZED/m);
    expect(run.stdout).toMatch(/^##vso\[task\.complete result=Failed;\]/m);
    expect(occurrences(run.stdout + run.stderr, 'wrong-password')).toBe(1); // the setsecret line
  });

  it('only marks it "succeeded with issues" under softFail', async () => {
    const run = await runTask(inputs({ password: 'wrong-password', softFail: 'true' }));
    expect(run.stdout).toMatch(/^##vso\[task\.complete result=SucceededWithIssues;\]/m);
    expect(run.stdout).not.toMatch(/result=Failed/);
  });

  it('fails on a bad input before sending anything', async () => {
    const before = receiver.imports.length;
    const run = await runTask(inputs({ meta: 'no-equals-sign' }));
    expect(run.stdout).toMatch(/^##vso\[task\.complete result=Failed;\].*INVALID_METADATA/m);
    expect(receiver.imports).toHaveLength(before);
  });
});
