/**
 * Runs the built `xltv` CLI as users do (a child process), with a controlled environment, and
 * hands every output to the leak guard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { expect } from 'vitest';
import { CLI_BIN } from './paths.js';
import { recordFile, recordText, registerSecret } from './evidence.js';

/** A fake GitLab token present in every CLI run's environment: it must never surface. */
export const FAKE_GITLAB_TOKEN = 'glpat-FAKEtoken-6b1d9e04c2a7f3';

/** The `--json` receipt (docs/cli.md "Machine-readable output"). */
export interface Receipt {
  status: 'imported' | 'nothing-new' | 'dry-run' | 'failed';
  exitCode: number;
  url?: string;
  testRunIds?: string[];
  files?: number;
  bytes?: { files: number; zip: number };
  metadata?: Record<string, unknown>;
  attempts?: number;
  durationMs?: number;
  warnings?: unknown[];
  error?: { code: string; message: string; status?: number };
}

/** Result of one CLI run. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Parsed stdout when the run had `--json` and stdout was one JSON object. */
  receipt: Receipt | undefined;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  cwd?: string;
  /** Added to the minimal environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the process (SIGKILL) after this many ms; default 120 000. */
  timeoutMs?: number;
  /** Called once the child is spawned (signal tests). */
  onSpawn?: (child: ChildProcess) => void;
  /** Called for each stderr chunk (signal tests wait for a milestone). */
  onStderr?: (chunk: string) => void;
  /** Run as this user and group id (through `setpriv`; needs root). */
  runAs?: { uid: number; gid: number };
}

/**
 * A minimal, CI-free environment: the suite runs inside CI (CI=true, GITHUB_*, …) and the CLI
 * must not detect that CI or read the developer's proxy settings.
 */
export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.tmpdir(),
    LANG: 'C.UTF-8',
    TMPDIR: os.tmpdir(),
    NO_COLOR: '1',
    XLTV_GITLAB_TOKEN: FAKE_GITLAB_TOKEN,
  };
}

function optionValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    if (arg === name && args[index + 1] !== undefined) values.push(args[index + 1] as string);
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
  });
  return values;
}

/** Run `node apps/cli/dist/xltv.js ...args`. Never throws for a non-zero exit. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI_BIN)) {
    // A missing build would otherwise show up as dozens of confusing assertion failures.
    throw new Error(
      `${CLI_BIN} is missing: build the CLI first (pnpm turbo run build --filter @xltv/cli)`,
    );
  }
  registerSecret(FAKE_GITLAB_TOKEN);
  const env: Record<string, string> = baseEnv();
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  if (env.XLTV_PASSWORD) registerSecret(env.XLTV_PASSWORD);
  for (const password of optionValues(args, '--password')) registerSecret(password);
  for (const file of [
    ...optionValues(args, '--receipt'),
    ...optionValues(args, '--save-request'),
  ]) {
    recordFile(file);
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const [command, argv] = options.runAs
      ? [
          'setpriv',
          [
            `--reuid=${options.runAs.uid}`,
            `--regid=${options.runAs.gid}`,
            '--clear-groups',
            process.execPath,
            CLI_BIN,
            ...args,
          ],
        ]
      : [process.execPath, [CLI_BIN, ...args]];
    const child = spawn(command, argv, {
      cwd: options.cwd ?? os.tmpdir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const label = `xltv ${args.join(' ')}`;
      recordText(`stdout of ${label}`, stdout);
      recordText(`stderr of ${label}`, stderr);
      let receipt: Receipt | undefined;
      if (args.includes('--json')) {
        try {
          receipt = JSON.parse(stdout) as Receipt;
        } catch {
          receipt = undefined;
        }
      }
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, receipt });
    });
    options.onSpawn?.(child);
  });
}

/** A Node stack frame line, e.g. `    at foo (/x/y.js:1:2)`. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(node:[^)]*\))$/m;

/**
 * The run ended the documented way: one of the exit codes 0–3 (no signal, no crash code),
 * no stack trace on stderr, and with `--json` exactly one parsable receipt whose exitCode
 * matches the process's.
 */
export function expectOrderlyExit(run: CliRun, jsonExpected = true): void {
  expect(run.signal, `killed by signal; stderr:\n${run.stderr}`).toBeNull();
  expect([0, 1, 2, 3], `exit code ${run.code}; stderr:\n${run.stderr}`).toContain(run.code);
  expect(run.stderr, 'stderr must not carry a stack trace').not.toMatch(STACK_FRAME);
  if (jsonExpected) {
    expect(run.receipt, `stdout is not one JSON receipt:\n${run.stdout}`).toBeDefined();
    expect(run.receipt?.exitCode).toBe(run.code);
  }
}
