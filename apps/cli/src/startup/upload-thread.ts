/**
 * `xltv upload` runs on a worker thread whose young generation is capped at
 * {@link UPLOAD_THREAD_YOUNG_GENERATION_MB}; the main thread only starts it, forwards
 * signals and exits with its exit code.
 *
 * Why: with V8's defaults the young generation grows to 2 × 16 MiB semi-spaces as soon as a
 * run keeps many objects (the selection of 20 000 files does), and short-lived Buffers (each
 * piece of the zip) are freed only when V8 collects them, which a large young generation does
 * rarely. Peak RSS then grew with the file count: 94 MiB for 2 000 files, 127–137 MiB for
 * 20 000; on this thread 84 and 100 MiB (BENCHMARKS.md, "Memory"). A process cannot cap its
 * own main thread's young generation (the flag is read when the heap is made), but a
 * worker's is a `resourceLimits` option. Zipping was measured no slower with it.
 */
import type { Worker } from 'node:worker_threads';
import { descriptorKind, type TerminalFacts } from './descriptors.js';
import { FORWARDED_SIGNALS, type UploadThreadData } from './upload-thread-protocol.js';

/**
 * Young generation of the upload thread in MiB (V8 splits it into semi-spaces and a space for
 * large new objects). 1, 2, 4 and 8 were measured (BENCHMARKS.md, "Memory"): 1 and 2 peak
 * lowest, 8 peaks ~15 MiB higher; zipping was no slower with a small one.
 */
export const UPLOAD_THREAD_YOUNG_GENERATION_MB = 2;

/**
 * How far V8 lets the old generation grow past what survived its last full collection, in
 * percent (V8's `--heap-growing-percent`; by default it picks up to 4× for a small heap that
 * it collects fast). The selection of 20 000 files leaves its garbage in the old generation,
 * and by default no full collection came before the end of the run: the heap kept growing
 * with the file count. With 10 %, the upload of 1 GB in 20 000 files peaked ~5 MiB lower
 * (~97 → ~92 MiB) and 100 MB in 2 000 files was unchanged (BENCHMARKS.md, "Memory"). The
 * flag is process-wide and read at each collection, so it applies to the thread's heap from
 * its first collection on.
 */
export const UPLOAD_HEAP_GROWING_PERCENT = 10;

/** How descriptor `fd` looks to the upload thread, read here where Node's stream knows. */
function terminalFacts(fd: 1 | 2): TerminalFacts | undefined {
  if (descriptorKind(fd) !== 'terminal') return undefined;
  return { columns: (fd === 1 ? process.stdout : process.stderr).columns };
}

/**
 * Run `xltv upload` with `args` on the upload thread (the ES module `workerFile`) and set
 * `process.exitCode` to its exit code. When no thread can be made, `inProcess` runs the
 * upload on this thread instead; `onCrash` reports a thread that failed (an uncaught error
 * the thread's own crash handler did not take, or running out of memory).
 */
export function runUploadThread(
  args: readonly string[],
  workerFile: string,
  onCrash: (error: Error) => void,
  inProcess: () => Promise<void>,
): Promise<void> {
  process
    .getBuiltinModule('node:v8')
    .setFlagsFromString(`--heap-growing-percent=${UPLOAD_HEAP_GROWING_PERCENT}`);
  const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
  const data: UploadThreadData = { stdout: terminalFacts(1), stderr: terminalFacts(2) };
  let worker: Worker;
  try {
    worker = new WorkerThread(workerFile, {
      argv: [...args],
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: UPLOAD_THREAD_YOUNG_GENERATION_MB },
    });
  } catch {
    return inProcess();
  }
  const forward = (signal: NodeJS.Signals): void => worker.postMessage({ signal });
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise<void>((resolve) => {
    // 'error' comes before 'exit' (code 1) for a thread that failed.
    let crash: Error | undefined;
    worker.once('error', (error: Error) => {
      crash = error;
    });
    worker.once('exit', (code: number) => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      process.exitCode = code;
      if (crash) onCrash(crash);
      resolve();
    });
  });
}
