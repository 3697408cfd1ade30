/** How every command reports an error it cannot recover from. */
import { isXltvError } from '@xltv/core';
import { exitCodeForError } from '../exit.js';
import type { Reporter } from '../reporter.js';
import { formatError, renderError, type ErrorContext } from '../render/errors.js';

/** Print the error (the stack only with `--verbose`, and only for a crash); return the exit code. */
export function reportFailure(
  reporter: Reporter,
  error: unknown,
  context: ErrorContext = {},
): number {
  reporter.error(formatError(renderError(error, context), reporter.errStyle));
  if (
    !isXltvError(error) &&
    reporter.verbosity === 'verbose' &&
    error instanceof Error &&
    error.stack
  ) {
    reporter.error(error.stack);
  }
  return exitCodeForError(error);
}
