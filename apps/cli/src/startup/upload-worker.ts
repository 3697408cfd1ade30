/**
 * The thread that runs `xltv upload` (started by startup/upload-thread.ts): the commander
 * program as on the main thread, with output on descriptors 1 and 2 (this thread's own
 * `process.stdout` would go through the main thread and is no terminal) and the signals the
 * main thread forwards.
 */
import { constants } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { CliIo } from '../reporter.js';
import { reportCrash } from './crash.js';
import { onOutputError, runCommanderCli } from './commander-cli.js';
import { DescriptorOutput } from './descriptors.js';
import { isForwardedSignal, type UploadThreadData } from './upload-thread-protocol.js';

const args = process.argv.slice(2);
const data = workerData as UploadThreadData;

/**
 * A forwarded signal reaches this thread's listeners as a real one would (the upload's
 * interrupt handling, the temporary files' clean-up). With no listener, the default action
 * of a terminating signal applies: end with 128 + its number, as a shell reports it.
 */
function deliver(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 0) process.emit(signal, signal);
  else process.exit(128 + constants.signals[signal]);
}

if (parentPort) {
  parentPort.on('message', (message: unknown) => {
    if (isForwardedSignal(message)) deliver(message.signal);
  });
  // Listening must not keep the thread alive once the upload is done.
  parentPort.unref();
}

// A failed write is reported on stderr (itself a descriptor output, read when it happens).
const onError = onOutputError(args, () => io.stderr);
const io: CliIo = {
  env: process.env,
  stdout: new DescriptorOutput(1, onError, data.stdout),
  stderr: new DescriptorOutput(2, onError, data.stderr),
};
runCommanderCli(args, io).catch((error: unknown) => reportCrash(error, args, io.stderr));
