/**
 * The example pipeline, run by gitlab-ci-local in shell mode: a test job that fails, then the
 * component (included with `include: component:`), which must still upload the failed job's
 * report to a real @xltv/receiver with GitLab metadata, credentials kept out of the log and
 * inputs holding shell syntax passed as plain text, and say FAILURE; then the same pipeline
 * with the test passing, whose upload says SUCCESS.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';

const here = fileURLToPath(new URL('..', import.meta.url));
const cliDir = join(here, '..', 'cli');
const gitlabCiLocal = join(here, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
const setMethods = join(here, 'test', 'set-methods.mjs');
const PASSWORD = 'gl-Secret-Pa55word-2718';

let root: string;
let repo: string;
let tarball: string;
let receiver: Receiver;
/** The example pipeline, its component read from the local project. */
let pipelineYaml: string;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/** Runs a command without blocking the event loop (the receiver answers in this process). */
function run(command: string, args: string[], cwd: string): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

// gitlab-ci-local copies files and artifacts with rsync and cannot run without it; a machine
// without rsync (and no way to install it) skips this run, saying so.
const hasRsync = ((): boolean => {
  try {
    execFileSync('rsync', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(
      'gitlab-ci-local needs rsync on PATH (apt-get install rsync): pipeline run skipped',
    );
    return false;
  }
})();

beforeAll(async () => {
  if (!hasRsync) return;
  root = mkdtempSync(join(tmpdir(), 'xltv-gitlab-component-'));
  execFileSync('pnpm', ['pack', '--pack-destination', root], { cwd: cliDir, stdio: 'pipe' });
  const packed = readdirSync(root).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error(`pnpm pack wrote no tarball into ${root}`);
  tarball = join(root, packed);

  // The component's own project: templates/ at its root, a GitLab remote, one commit. A
  // component whose path is this project's and whose ref is HEAD's SHA is read from disk.
  repo = join(root, 'repo');
  mkdirSync(repo);
  cpSync(join(here, 'templates'), join(repo, 'templates'), { recursive: true });
  git('init', '-q');
  git('remote', 'add', 'origin', 'git@gitlab.com:xltv/gitlab-component.git');
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'component');
  const example = readFileSync(join(here, 'examples', '.gitlab-ci.yml'), 'utf8');
  const local = example.replace(
    'component: gitlab.com/xltv/gitlab-component/upload@0.1.0',
    `component: gitlab.com/xltv/gitlab-component/upload@${git('rev-parse', 'HEAD')}`,
  );
  expect(local).not.toBe(example);
  pipelineYaml = local;

  receiver = await startReceiver({ user: 'ci', password: PASSWORD });
});

afterAll(async () => {
  await receiver?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Run `yaml` as the project's pipeline under gitlab-ci-local; `odd` goes in as a --meta value. */
async function runPipeline(yaml: string, odd: string): Promise<{ code: number; log: string }> {
  writeFileSync(join(repo, '.gitlab-ci.yml'), yaml);
  return run(
    process.execPath,
    [
      '--import',
      setMethods,
      gitlabCiLocal,
      '--force-shell-executor',
      '--shell-isolation',
      '--no-color',
      '--input',
      `cli-package=${tarball}`,
      // gitlab-ci-local parses an --input value as JSON when it can: this one is an array.
      '--input',
      `extra-args=${JSON.stringify(['--no-ci-api', '--meta', `odd=${odd}`])}`,
      '--variable',
      `XLTV_URL=${receiver.url}`,
      '--variable',
      'XLTV_USERNAME=ci',
      '--variable',
      `XLTV_PASSWORD=${PASSWORD}`,
    ],
    repo,
  );
}

describe.skipIf(!hasRsync)('the example pipeline under gitlab-ci-local', () => {
  it('uploads after the failing test job, with GitLab metadata and literal inputs', async () => {
    const pwned = join(root, 'pwned');
    const odd = `$(touch ${pwned}); touch ${pwned}; $HOME "q' \`id\``;
    const { code, log } = await runPipeline(pipelineYaml, odd);

    expect(log).toMatch(/FAIL\s+unit-tests/);
    // The job GitLab runs after a failed job; the one for passed stages does not run.
    expect(log).toMatch(/PASS\s+xltv-upload-on-failure/);
    expect(log).not.toMatch(/PASS\s+xltv-upload\s/);
    expect(code).not.toBe(0); // the pipeline failed: its test job did
    expect(log).not.toContain(PASSWORD);
    expect(existsSync(pwned)).toBe(false);

    expect(receiver.imports).toHaveLength(1);
    const [upload] = receiver.imports;
    expect(upload?.target).toMatchObject({ testSpecificationId: '0f3c9a2e-unit-tests' });
    expect(upload?.entries.map((entry) => entry.path)).toEqual([
      'build/test-results/TEST-com.example.CartTest.xml',
    ]);
    expect(upload?.results).toMatchObject({ tests: 2, failed: 1 });
    expect(upload?.metadata).toMatchObject({
      source: 'gitlab',
      ciJobName: 'xltv-upload-on-failure',
      ciBuildResult: 'FAILURE',
      ciBuildNumber: expect.stringMatching(/^\d+$/),
      stage: '.post',
      repository: 'xltv/gitlab-component',
      commit: git('rev-parse', 'HEAD'),
      odd,
    });
  });

  it('says SUCCESS when every job before the upload passed', async () => {
    // The example with its test passing: no failure in the report, no `exit 1`.
    const passing = pipelineYaml
      .replace('failures="1"', 'failures="0"')
      .replace(/\n *<failure[^\n]*\n/, '\n')
      .replace(/\n *- exit 1\n/, '\n');
    expect(passing).not.toMatch(/<failure|exit 1/);
    const before = receiver.imports.length;
    const { code, log } = await runPipeline(passing, 'plain');

    expect(log).toMatch(/PASS\s+unit-tests/);
    expect(log).toMatch(/PASS\s+xltv-upload\s/);
    expect(log).not.toMatch(/PASS\s+xltv-upload-on-failure/);
    expect(code).toBe(0);
    expect(receiver.imports).toHaveLength(before + 1);
    const upload = receiver.imports.at(-1);
    expect(upload?.results).toMatchObject({ tests: 2, failed: 0 });
    expect(upload?.metadata).toMatchObject({
      source: 'gitlab',
      ciJobName: 'xltv-upload',
      ciBuildResult: 'SUCCESS',
    });
  });
});
