/**
 * The bin's general path: every argument list the start-up fast paths do not answer is
 * parsed by the commander program, with Node's own stdout and stderr streams.
 */
import { EXIT } from '../exit.js';
import { main } from '../program.js';
import { processIo, type CliIo } from '../reporter.js';
import { reportCrash } from './crash.js';

/** What to do when writing the output fails: a closed pipe ends the run, anything else crashes. */
export function onOutputError(args: readonly string[], stderr: () => CliIo['stderr']) {
  return (error: NodeJS.ErrnoException): void => {
    // A closed pipe (`xltv upload --help | head`) is not a crash: stop writing and exit.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    reportCrash(error, args, stderr());
  };
}

/**
 * Run the commander program on `process.argv` and set `process.exitCode`.
 * @param args the arguments after the script (`process.argv.slice(2)`)
 * @param io where the output goes (default: Node's stdout and stderr streams, whose write
 *   errors are then handled here; the upload thread passes descriptor outputs that handle
 *   their own)
 */
export async function runCommanderCli(args: readonly string[], io?: CliIo): Promise<void> {
  const cliIo = io ?? processIo();
  const crash = (error: unknown): void => reportCrash(error, args, cliIo.stderr);
  process.on('uncaughtException', crash);
  if (!io) {
    const onError = onOutputError(args, () => cliIo.stderr);
    for (const stream of [process.stdout, process.stderr]) stream.on('error', onError);
  }
  process.on('unhandledRejection', crash);

  // The CI registry is loaded only when help is shown (for the per-CI examples).
  const showsHelp =
    args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help';
  const helpAdapters = showsHelp ? (await import('../registry.js')).ADAPTERS : undefined;

  process.exitCode = await main(process.argv, cliIo, helpAdapters ? { helpAdapters } : {});
}
