/**
 * Exit codes (cli.md "Exit codes"). The one place that maps an outcome or an error to a
 * process exit code.
 */
import { INPUT_ERROR_CODES, isXltvError } from '@xltv/core';

/** Every exit code the CLI uses. */
export const EXIT = {
  /** Imported, dry run done, or any failure under `--soft-fail`. */
  OK: 0,
  /** The upload failed: network, server error after retries, rejected. */
  FAILED: 1,
  /** Usage or input error, found before any upload. */
  USAGE: 2,
  /** The server accepted the request but imported nothing new (304). */
  NOTHING_NEW: 3,
  /** Interrupted by SIGINT (128 + 2). */
  SIGINT: 130,
  /** Terminated by SIGTERM (128 + 15). */
  SIGTERM: 143,
} as const;

/** A usage error raised by the CLI itself (commander's parse errors are mapped to it). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code for an error thrown by a command. */
export function exitCodeForError(error: unknown, interruptedBy?: NodeJS.Signals): number {
  if (interruptedBy !== undefined || isXltvError(error, 'ABORTED')) {
    return interruptedBy === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
  }
  if (error instanceof UsageError) return EXIT.USAGE;
  if (isXltvError(error) && INPUT_ERROR_CODES.has(error.code)) return EXIT.USAGE;
  return EXIT.FAILED;
}

/**
 * `--soft-fail`: every non-zero outcome becomes 0 (3 "nothing new" too: any non-zero code
 * would break the build), except an interruption, which the user or the CI asked for.
 */
export function softened(code: number, softFail: boolean): number {
  if (!softFail || code === EXIT.SIGINT || code === EXIT.SIGTERM) return code;
  return EXIT.OK;
}
