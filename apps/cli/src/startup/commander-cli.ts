/**
 * The bin's general path: every argument list the start-up fast paths do not answer is
 * parsed by the commander program, with Node's own stdout and stderr streams.
 */
import { EXIT } from '../exit.js';
import { main } from '../program.js';
import { processIo } from '../reporter.js';
import { reportCrash } from './crash.js';

/**
 * Run the commander program on `process.argv` and set `process.exitCode`.
 * @param args the arguments after the script (`process.argv.slice(2)`)
 */
export async function runCommanderCli(args: readonly string[]): Promise<void> {
  const io = processIo();
  const crash = (error: unknown): void => reportCrash(error, args, io.stderr);
  process.on('uncaughtException', crash);
  // A closed pipe (`xltv upload --help | head`) is not a crash: stop writing and exit.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
      crash(error);
    });
  }
  process.on('unhandledRejection', crash);

  // The CI registry is loaded only when help is shown (for the per-CI examples).
  const showsHelp =
    args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help';
  const helpAdapters = showsHelp ? (await import('../registry.js')).ADAPTERS : undefined;

  process.exitCode = await main(process.argv, io, helpAdapters ? { helpAdapters } : {});
}
