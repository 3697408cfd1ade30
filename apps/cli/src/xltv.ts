/**
 * The `xltv` bin. Start-up is most of the run time of `--help`, `--version` and `env`, so
 * the build makes this entry a CommonJS file of its own (tsup.config.ts: Node starts a
 * CommonJS main module without its ES module loader) that answers those without commander
 * when it can prove the answer is the same bytes (see BENCHMARKS.md, "Start-up"):
 * - help and version from snapshots that the build rendered with the commander program
 *   (startup/render-snapshots.ts), when stdout is not a terminal (on one, help wraps to its
 *   width);
 * - `env` with arguments that startup/env-args.ts reads exactly as commander would, when
 *   neither stdout nor stderr is a terminal.
 * Output then goes straight to the descriptors (startup/descriptors.ts). `upload` runs the
 * commander program on a worker thread with a small young generation (startup/upload-thread.ts,
 * dist/upload-worker.mjs), for memory. Everything else, and any doubt, goes to the commander
 * program (startup/commander-cli.ts, an ES module chunk) on this thread, loaded on demand as
 * each command loads its own modules.
 *
 * No `module.enableCompileCache()` (Node >= 22.1; nothing on Node 20): it writes a
 * node-compile-cache directory into the OS temporary directory, and xltv leaves TMPDIR as it
 * found it (test/e2e/signals.test.ts). Setting NODE_COMPILE_CACHE turns it on where wanted.
 */
import { SNAPSHOTS } from 'xltv:output-snapshots';
import type { CliIo } from './reporter.js';
import { DescriptorOutput, descriptorKind, type WriteErrorHandler } from './startup/descriptors.js';
import { parseEnvArgs } from './startup/env-args.js';
import type * as EnvFast from './startup/env-fast.js';
import { snapshotKey } from './startup/snapshots.js';
import { runUploadThread } from './startup/upload-thread.js';

/** exit.ts's EXIT.OK (exit.ts imports core: not worth its weight here). */
const EXIT_OK = 0;

const args = process.argv.slice(2);

/**
 * The bin's second file, dist/xltv-env.js (CommonJS too): `env` and the crash report, loaded
 * only when needed. `require`, not `import()`, which would start the ES module loader.
 */
function loadEnvFast(): typeof EnvFast {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./startup/env-fast.js') as typeof EnvFast;
}

/** The process's io with output on descriptors 1 and 2. */
function descriptorIo(onWriteError: WriteErrorHandler): CliIo {
  return {
    env: process.env,
    stdout: new DescriptorOutput(1, onWriteError),
    stderr: new DescriptorOutput(2, onWriteError),
  };
}

/** Print the snapshot answering `args`, if there is one and it applies; true when done. */
function answerFromSnapshot(): boolean {
  const key = snapshotKey(args);
  if (!Object.hasOwn(SNAPSHOTS.answers, key)) return false;
  const text = SNAPSHOTS.texts[SNAPSHOTS.answers[key] ?? -1];
  if (text === undefined || descriptorKind(1) !== 'other') return false;
  process.exitCode = EXIT_OK;
  const onWriteError: WriteErrorHandler = (error) => {
    // A closed pipe (`xltv upload --help | head`) is not a crash: stop writing and exit.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    loadEnvFast().reportCrash(error, args, process.stderr);
  };
  new DescriptorOutput(1, onWriteError).write(text);
  return true;
}

/** Run `xltv env` without commander, if its arguments allow; true when done. */
async function answerEnv(): Promise<boolean> {
  if (args[0] !== 'env') return false;
  const flags = parseEnvArgs(args.slice(1));
  if (flags === undefined || descriptorKind(1) !== 'other' || descriptorKind(2) !== 'other')
    return false;
  process.exitCode = await loadEnvFast().runEnvFast(flags, args, descriptorIo);
  return true;
}

async function runCommander(): Promise<void> {
  const { runCommanderCli } = await import('./startup/commander-cli.js');
  await runCommanderCli(args);
}

async function run(): Promise<void> {
  if (answerFromSnapshot() || (await answerEnv())) return;
  if (args[0] === 'upload') {
    // dist/upload-worker.mjs, beside this file (see startup/upload-thread.ts).
    const workerFile = process.getBuiltinModule('node:path').join(__dirname, 'upload-worker.mjs');
    const onCrash = (error: Error): void => loadEnvFast().reportCrash(error, args, process.stderr);
    await runUploadThread(args, workerFile, onCrash, runCommander);
    return;
  }
  await runCommander();
}

// No top-level await: the bin is CommonJS. A rejection here (a chunk that fails to load) is
// an unhandled rejection: Node prints it and exits 1.
void run();
