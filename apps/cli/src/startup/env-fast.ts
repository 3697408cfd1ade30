/**
 * `xltv env` without commander (start-up hot path): the arguments were read by
 * env-args.ts, output goes straight to the descriptors (descriptors.ts). Everything else is
 * what the commander path does: the same command, crash handling and exit codes. The build
 * makes this the bin's second CommonJS file, dist/xltv-env.js, with the crash report.
 */
import { runEnv, type EnvFlags } from '../commands/env.js';
import { EXIT } from '../exit.js';
import type { CliIo } from '../reporter.js';
import { reportCommandFailure, reportCrash } from './crash.js';
import type { WriteErrorHandler } from './descriptors.js';

export { reportCrash } from './crash.js';

/**
 * Run `xltv env` with already parsed flags; resolves to the exit code.
 * @param args the arguments after the script, for `--verbose`
 * @param createIo the process's io with output on the descriptors, given the bin's handler
 *   for write errors (passed in: descriptors.ts is bundled into dist/xltv.js only)
 */
export async function runEnvFast(
  flags: EnvFlags,
  args: readonly string[],
  createIo: (onWriteError: WriteErrorHandler) => CliIo,
): Promise<number> {
  const crash = (error: unknown): void => reportCrash(error, args, io.stderr);
  // A closed pipe is not a crash: stop writing and exit, as on the commander path.
  const io = createIo((error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    crash(error);
  });
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    return await runEnv(flags, io);
  } catch (error) {
    return reportCommandFailure(error, process.argv, io);
  }
}
