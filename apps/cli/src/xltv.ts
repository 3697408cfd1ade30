/**
 * The `xltv` bin. Keeps startup light: the CI registry is loaded only when help is shown
 * (for the per-CI examples) and each command loads its own modules.
 */
import { main } from './program.js';
import { processIo } from './reporter.js';
import { EXIT } from './exit.js';
import { formatError, renderCrash } from './render/errors.js';
import { PLAIN } from './render/style.js';

const io = processIo();
const args = process.argv.slice(2);

function crash(error: unknown): void {
  io.stderr.write(`${formatError(renderCrash(error), PLAIN)}\n`);
  if (args.includes('--verbose') && error instanceof Error && error.stack)
    io.stderr.write(`${error.stack}\n`);
  process.exit(EXIT.FAILED);
}
process.on('uncaughtException', crash);
// A closed pipe (`xltv upload --help | head`) is not a crash: stop writing and exit.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    crash(error);
  });
}
process.on('unhandledRejection', crash);

const showsHelp =
  args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help';
const helpAdapters = showsHelp ? (await import('./registry.js')).ADAPTERS : undefined;

process.exitCode = await main(process.argv, io, helpAdapters ? { helpAdapters } : {});
