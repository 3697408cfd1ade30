/**
 * Exit codes (docs/cli.md "Exit codes"). An outcome maps to its code here; an error in the
 * error boundary (boundary.ts).
 */
import type { ReceiptStatus } from '@xltv/core';

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
  /** Not sent for a transient reason, and kept in the spool directory for `xltv flush`. */
  SPOOLED: 4,
  /** Interrupted by SIGINT (128 + 2). */
  SIGINT: 130,
  /** Terminated by SIGTERM (128 + 15). */
  SIGTERM: 143,
} as const;

/** The exit code for an upload that ended without an error. */
export function exitCodeForStatus(status: ReceiptStatus): number {
  if (status === 'spooled') return EXIT.SPOOLED;
  return status === 'nothing-new' ? EXIT.NOTHING_NEW : EXIT.OK;
}

/**
 * `--soft-fail`: every non-zero outcome becomes 0 (3 "nothing new" and 4 "spooled" too: any non-zero code
 * would break the build), except an interruption, which the user or the CI asked for.
 */
export function softened(code: number, softFail: boolean): number {
  if (!softFail || code === EXIT.SIGINT || code === EXIT.SIGTERM) return code;
  return EXIT.OK;
}
