/**
 * The `xltv` bin: the commander program on this process's arguments and streams. What
 * escapes every command (a bug) is reported as a crash; a closed pipe ends the run quietly.
 */
import { EXIT } from './exit.js';
import { main } from './program.js';
import type { CliIo } from './reporter.js';
import { formatError, renderCrash } from './render/crash.js';
import { PLAIN } from './render/style.js';

const io: CliIo = { env: process.env, stdout: process.stdout, stderr: process.stderr };

function crash(error: unknown): never {
  io.stderr.write(`${formatError(renderCrash(error), PLAIN)}\n`);
  if (process.argv.includes('--verbose') && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  }
  process.exit(EXIT.FAILED);
}

function onOutputError(error: NodeJS.ErrnoException): void {
  // A closed pipe (`xltv upload --json | head`) is not a crash. The stream is destroyed, so
  // later writes to it are dropped; the command finishes and exits with its own code, which
  // an exit here would replace (docs/cli.md "Output").
  if (error.code === 'EPIPE') return;
  crash(error);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.stdout.on('error', onOutputError);
process.stderr.on('error', onOutputError);
process.exitCode = await main(process.argv, io);
