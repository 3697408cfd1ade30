/**
 * What the bin prints for an error that escaped: the crash report (shared by the commander
 * path and the start-up fast paths, so both print the same words).
 */
import { EXIT } from '../exit.js';
import type { CliIo, OutputStream } from '../reporter.js';
import { formatError, renderCrash } from '../render/errors.js';
import { PLAIN, colourEnabled, createStyle } from '../render/style.js';

/**
 * An uncaught exception or unhandled rejection: the crash report, uncoloured, on `stderr`
 * (the stack too with `--verbose`), then exit 1.
 */
export function reportCrash(error: unknown, args: readonly string[], stderr: OutputStream): never {
  stderr.write(`${formatError(renderCrash(error), PLAIN)}\n`);
  if (args.includes('--verbose') && error instanceof Error && error.stack)
    stderr.write(`${error.stack}\n`);
  process.exit(EXIT.FAILED);
}

/**
 * An error a command threw instead of resolving to an exit code: the crash report in
 * stderr's style (the stack too with `--verbose`); returns the exit code, 1.
 */
export function reportCommandFailure(error: unknown, argv: readonly string[], io: CliIo): number {
  const errStyle = createStyle(colourEnabled(io.stderr, io.env));
  io.stderr.write(`${formatError(renderCrash(error), errStyle)}\n`);
  if (argv.includes('--verbose') && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  }
  return EXIT.FAILED;
}
