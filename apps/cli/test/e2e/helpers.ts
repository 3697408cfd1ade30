/**
 * End-to-end helpers: run the built (or packed) `xltv` as a child process, exactly as a CI
 * job does, against a real `@xltv/receiver` on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import { startReceiver, type Receiver, type ReceiverOptions } from '@xltv/receiver';

declare module 'vitest' {
  export interface ProvidedContext {
    /** dist/xltv.js of the package installed from the packed tarball. */
    packedCli: string;
    /** The directory the tarball was installed into (has node_modules/.bin/xltv). */
    packedDir: string;
  }
}

/** The Node binary the CLI runs under: XLTV_TEST_NODE (e.g. Node 24), else this one. */
export const NODE = process.env.XLTV_TEST_NODE || process.env.XLTV_NODE24 || process.execPath;

/** apps/cli/dist/xltv.js, built by `turbo run build` before the suite. */
export const BUILT_CLI = fileURLToPath(new URL('../../dist/xltv.js', import.meta.url));

/** The repository's examples/ folder. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples/', import.meta.url));

/** The scripts/ folder. */
export const SCRIPTS_DIR = fileURLToPath(new URL('../../../../scripts/', import.meta.url));

/** Which CLI a test runs: the built one or the one installed from the packed tarball. */
export type CliFlavour = 'built' | 'packed';

/** The script of a CLI flavour. */
export function cliScript(flavour: CliFlavour): string {
  return flavour === 'built' ? BUILT_CLI : inject('packedCli');
}

/** Result of one CLI run. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (for --json runs), else undefined. */
  readonly json: unknown;
}

/** Options of {@link runXltv}. */
export interface RunOptions {
  readonly cwd?: string;
  /** Added to {@link baseEnv}; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly flavour?: CliFlavour;
  readonly timeoutMs?: number;
  readonly onSpawn?: (child: ChildProcess) => void;
  readonly onStderr?: (text: string) => void;
}

/**
 * A CI-free environment: the suite itself may run in a CI (CI=true, GITHUB_*…), and the CLI
 * must neither detect that CI nor use the machine's proxy.
 */
export function baseEnv(): Record<string, string> {
  return {
    PATH: `${dirname(NODE)}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    LANG: 'C.UTF-8',
  };
}

/** Run `node <cli> ...args`; never rejects on a non-zero exit. */
export function runXltv(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = baseEnv();
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [cliScript(options.flavour ?? 'built'), ...args], {
      cwd: options.cwd ?? tmpdir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      options.onStderr?.(text);
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, signal, stdout, stderr, json });
    });
    options.onSpawn?.(child);
  });
}

/** A receiver for one test, closed by the returned function. */
export async function receiver(options: ReceiverOptions = {}): Promise<Receiver> {
  return startReceiver({ port: 0, host: '127.0.0.1', closeTimeoutMs: 1000, ...options });
}

/** A temporary directory, removed by {@link removeDir}. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `xltv-e2e-${prefix}-`));
}

/** Remove a directory tree. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A working directory holding a copy of examples/ (result files only) under `results/`. */
export function workspaceWithExamples(): string {
  const dir = tempDir('ws');
  cpSync(EXAMPLES_DIR, join(dir, 'results'), {
    recursive: true,
    filter: (source) => !source.endsWith('.md'),
  });
  return dir;
}

/** Every file under `dir`: path relative to `base` with `/` → sha256 and size. */
export function filesUnder(dir: string, base = dir): Map<string, { sha256: string; size: number }> {
  const files = new Map<string, { sha256: string; size: number }>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const [name, facts] of filesUnder(path, base)) files.set(name, facts);
    } else {
      const content = readFileSync(path);
      files.set(relative(base, path).split(sep).join('/'), {
        sha256: createHash('sha256').update(content).digest('hex'),
        size: statSync(path).size,
      });
    }
  }
  return files;
}

/** The two parts of a multipart/mixed body, split on the boundary of its first line. */
export function splitMultipart(body: Buffer): {
  boundary: string;
  parts: { headers: string; content: Buffer }[];
} {
  const firstLineEnd = body.indexOf('\r\n');
  const boundary = body.subarray(2, firstLineEnd).toString('latin1');
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const parts: { headers: string; content: Buffer }[] = [];
  let start = firstLineEnd + 2;
  for (;;) {
    const end = body.indexOf(delimiter, start);
    if (end < 0) break;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    parts.push({
      headers: part.subarray(0, headerEnd).toString('latin1'),
      content: part.subarray(headerEnd + 4),
    });
    const after = body
      .subarray(end + delimiter.length, end + delimiter.length + 2)
      .toString('latin1');
    if (after === '--') break;
    start = end + delimiter.length + 2;
  }
  return { boundary, parts };
}

/** The receipt fields every test reads. */
export interface Receipt {
  status: 'imported' | 'nothing-new' | 'dry-run' | 'failed';
  exitCode: number;
  url?: string;
  testRunIds: string[];
  files: number;
  bytes: { files: number; zip: number };
  metadata: Record<string, unknown>;
  attempts: number;
  durationMs: number;
  warnings: { code: string; message: string }[];
  error?: { code: string; message: string; status?: number };
}

/** The run's stdout as a receipt (fails the test when it is not exactly one JSON object). */
export function receiptOf(run: CliRun): Receipt {
  if (typeof run.json !== 'object' || run.json === null) {
    throw new Error(`stdout is not one JSON object:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  return run.json as Receipt;
}

/**
 * For a whole test file: a working directory with examples/ under `results/` and a receiver,
 * made before the first test and removed after the last.
 */
export function workspaceAndReceiver(): { readonly ws: string; readonly server: Receiver } {
  const setup = {} as { ws: string; server: Receiver };
  beforeAll(async () => {
    setup.ws = workspaceWithExamples();
    setup.server = await receiver();
  });
  afterAll(async () => {
    await setup.server.close();
    removeDir(setup.ws);
  });
  return setup;
}
