// Input that used to hang, flood or mislead the CLI: a FIFO given as --meta-file or --ca-cert
// (a signal must still end the run, 143), a signal while a large tree is crawled (the ABORTED
// receipt), /dev/zero as --meta-file (a clear input error, not a growing process), a reader
// that leaves early (the command's own exit code), the size guard (nothing zipped or sent), and
// the words about files and patterns.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { baseEnv, expectOrderlyExit, runCli, type Receipt } from './helpers/cli.js';
import { useLeakGuard } from './helpers/evidence.js';
import { CLI_BIN } from './helpers/paths.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import { credentialEnv, resultsWorkspace, uploadArgs } from './helpers/upload.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

const linux = process.platform === 'linux';
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

function mkfifo(file: string): void {
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
}

/** True once `pid` has the FIFO open, or one of its threads waits in the FIFO's open. */
function waitsOnFifo(pid: number, fifo: string): boolean {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === fifo) return true;
    }
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      if (readFileSync(`/proc/${pid}/task/${task}/wchan`, 'utf8') === 'wait_for_partner')
        return true;
    }
  } catch {
    // The process or one of its threads is gone: not waiting.
  }
  return false;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!linux)('a FIFO without a writer as an input file', () => {
  it.each([
    ['--meta-file', 'meta.fifo'],
    ['--ca-cert', 'ca.fifo'],
  ])('%s: SIGTERM ends the run with 143', async (flag, name) => {
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    const { dir } = await resultsWorkspace(`fifo-${name}`, 2);
    const fifo = path.join(dir, name);
    mkfifo(fifo);
    let child: ChildProcess | undefined;
    const finished = runCli(uploadArgs(receiver.url, [flag, fifo]), {
      cwd: dir,
      env: credentialEnv(credentials),
      timeoutMs: 20_000,
      onSpawn: (spawned) => (child = spawned),
    });
    await until(() => child?.pid !== undefined && waitsOnFifo(child.pid, fifo), 15_000);
    child?.kill('SIGTERM');
    const run = await finished;
    expect(run.signal, `still running at the deadline; stderr:\n${run.stderr}`).toBeNull();
    expect(run.code, run.stderr).toBe(143);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    if (flag === '--meta-file') expect(run.receipt?.error?.code).toBe('ABORTED');
    expect(receiver.imports).toHaveLength(0);
  });
});

describe('a signal while the files are being found', () => {
  it('ends the crawl at once and writes the ABORTED receipt', async () => {
    const { dir } = await resultsWorkspace('crawl-signal', 1);
    // A tree that takes a few seconds to crawl, made by one mkdir.
    const made = spawnSync('bash', ['-c', 'mkdir -p tree/d{1..150}/e{1..150}'], { cwd: dir });
    expect(made.status).toBe(0);
    const args = ['upload', '**/*.xml', '--dry-run', '--ci', 'none', '--json'];
    // How long the whole run takes uninterrupted, on this machine, now.
    const whole = await runCli(args, { cwd: dir, timeoutMs: 60_000 });
    expect(whole.code, whole.stderr).toBe(0);
    const receiptFile = path.join(await tempDir('crawl-receipt'), 'receipt.json');
    let child: ChildProcess | undefined;
    let signalledAt = 0;
    const finished = runCli([...args, '--receipt', receiptFile], {
      cwd: dir,
      timeoutMs: 60_000,
      onSpawn: (spawned) => (child = spawned),
      onStderr: (chunk) => {
        // The metadata milestone: the next step of a dry run without --url is the crawl.
        if (signalledAt === 0 && /^CI: /m.test(chunk)) {
          signalledAt = Date.now();
          child?.kill('SIGTERM');
        }
      },
    });
    const run = await finished;
    const latency = Date.now() - signalledAt;
    expect(signalledAt, run.stderr).toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(143);
    expect(run.receipt?.status).toBe('failed');
    expect(run.receipt?.error?.code).toBe('ABORTED');
    expect(run.receipt?.exitCode).toBe(143);
    const saved = JSON.parse(await readFile(receiptFile, 'utf8')) as Receipt;
    expect(saved.error?.code).toBe('ABORTED');
    // The crawl stops at its next directory instead of running to the end.
    expect(latency, 'exit after the signal, in ms').toBeLessThan(whole.durationMs / 2);
  });
});

describe('a metadata file that never ends', () => {
  it.skipIf(process.platform === 'win32')(
    '--meta-file /dev/zero is an input error naming the file and the limit',
    async () => {
      const { dir } = await resultsWorkspace('dev-zero', 1);
      const run = await runCli(
        ['upload', 'results/**', '--dry-run', '--ci', 'none', '--json', '--meta-file', '/dev/zero'],
        { cwd: dir, timeoutMs: 20_000 },
      );
      expectOrderlyExit(run);
      expect(run.code).toBe(2);
      expect(run.receipt?.error?.code).toBe('INVALID_METADATA');
      expect(run.stderr).toContain('"/dev/zero"');
      expect(run.stderr).toContain('1.0 MB');
    },
  );
});

/** Run the CLI with its stdout closed before it writes: the reader has gone (EPIPE). */
function runWithClosedStdout(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that leaves early (EPIPE)', () => {
  it('a failed upload keeps its exit code and error, quietly; the receipt file is written', async () => {
    const { dir } = await resultsWorkspace('epipe', 1);
    const receiptFile = path.join(await tempDir('epipe-receipt'), 'receipt.json');
    const run = await runWithClosedStdout(
      ['upload', 'nothing/**', '--dry-run', '--ci', 'none', '--json', '--receipt', receiptFile],
      dir,
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('No files matched');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const saved = JSON.parse(await readFile(receiptFile, 'utf8')) as Receipt;
    expect(saved).toMatchObject({ status: 'failed', exitCode: 2, error: { code: 'NO_FILES' } });
  });

  it('xltv env --json exits 0 without a word', async () => {
    const run = await runWithClosedStdout(
      ['env', '--json', '--ci', 'none'],
      await tempDir('epipe'),
    );
    expect(run).toEqual({ code: 0, stderr: '' });
  });
});

describe('the size guard', () => {
  it.each([
    ['--max-files', '2', {}, 'TOO_MANY_FILES'],
    ['--max-bytes', '1K', {}, 'TOO_LARGE'],
    [undefined, undefined, { XLTV_MAX_FILES: '2' }, 'TOO_MANY_FILES'],
    [undefined, undefined, { XLTV_MAX_BYTES: '100' }, 'TOO_LARGE'],
  ] as const)(
    '%s %s %o: exit 2 with %s before anything is zipped or sent',
    async (flag, value, env, code) => {
      const credentials = newCredentials();
      const receiver = await startTestReceiver({
        user: credentials.username,
        password: credentials.password,
      });
      const { dir } = await resultsWorkspace(`guard-${code}`, 3);
      const extra = flag !== undefined && value !== undefined ? [flag, value] : [];
      const run = await runCli(uploadArgs(receiver.url, extra), {
        cwd: dir,
        env: { ...credentialEnv(credentials), ...env },
      });
      expectOrderlyExit(run);
      expect(run.code, run.stderr).toBe(2);
      expect(run.receipt?.error?.code).toBe(code);
      expect(run.receipt?.bytes?.zip).toBe(0);
      expect(run.receipt?.attempts).toBe(0);
      expect(run.stderr).toContain('nothing was zipped or sent');
      expect(receiver.imports).toHaveLength(0);
    },
  );
});

describe('words about files and patterns', () => {
  async function dryRun(args: readonly string[]) {
    const { dir } = await resultsWorkspace('words', 2);
    return runCli(['upload', ...args, '--dry-run', '--ci', 'none', '--json'], { cwd: dir });
  }

  it('a missing --meta-file says to check the path, not to --exclude it', async () => {
    const run = await dryRun(['results/**', '--meta-file', 'missing.file']);
    expectOrderlyExit(run);
    expect(run.receipt?.error?.code).toBe('UNREADABLE_FILE');
    expect(run.stderr).toContain('Check the path given to --meta-file');
    expect(run.stderr).not.toContain('--exclude');
  });

  it('a missing --ca-cert says to check the path, not to --exclude it', async () => {
    // The CA file is read when the first request is made: `check` makes one.
    const run = await runCli(
      ['check', '--url', 'http://127.0.0.1:9', '--ca-cert', 'missing.file'],
      {
        cwd: await tempDir('ca-words'),
      },
    );
    // check reports each step on stdout.
    const output = run.stdout + run.stderr;
    expect(run.code, output).toBe(1);
    expect(output).toContain('Check the path given to --ca-cert');
    expect(output).not.toContain('--exclude');
  });

  it('--meta novalue names the value and asks for key=value', async () => {
    const run = await dryRun(['results/**', '--meta', 'novalue']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--meta "novalue"');
    expect(run.stderr).toContain('key=value');
  });

  it.skipIf(process.platform === 'win32')(
    'a pattern with a backslash that matches nothing gets the hint to use "/"',
    async () => {
      const run = await dryRun(['results\\*.xml']);
      expect(run.code).toBe(2);
      expect(run.receipt?.error?.code).toBe('NO_FILES');
      expect(run.stderr).toContain('"results/*.xml"');
    },
  );

  it('a directory given as a pattern is uploaded whole, with a warning and a glob to use', async () => {
    const { dir } = await resultsWorkspace('directory-pattern', 2);
    await mkdir(path.join(dir, 'results', 'logs'));
    const run = await runCli(['upload', 'results', '--dry-run', '--ci', 'none', '--json'], {
      cwd: dir,
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt?.warnings).toContainEqual(
      expect.objectContaining({ code: 'DIRECTORY_PATTERN' }),
    );
    expect(run.stderr).toContain('"results" is a directory');
    expect(run.stderr).toContain('"results/**/*.xml"');
  });
});
