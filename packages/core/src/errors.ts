/**
 * Typed errors. Core never decides what a user reads or which exit code a process returns:
 * it throws an {@link XltvError} whose stable `code` and structured `details` let a front end
 * (the CLI's render functions) choose the words. `message` is a plain developer-facing default.
 */
import type { Receipt } from './upload/receipt.js';

/** Every stable error code core can throw. Scripts and the CLI rely on these strings. */
export const ERROR_CODES = [
  // Input problems found before anything is sent.
  'INVALID_OPTION',
  'INVALID_METADATA',
  'INVALID_URL',
  'UNKNOWN_CI',
  'NO_PATTERNS',
  'NO_FILES',
  'UNREADABLE_FILE',
  'UNSAFE_PATH',
  'FILE_CHANGED',
  // The selection is larger than maxFiles / maxBytes allow (docs/cli.md "Options of upload").
  'TOO_MANY_FILES',
  'TOO_LARGE',
  'TARGET_NOT_FOUND',
  // The target is a test specification set, which cannot receive uploads (docs/cli.md "Exit codes").
  'TARGET_IS_SET',
  // With strictResults, a file could not be read or does not belong (docs/cli.md "Results").
  'RESULTS_REFUSED',
  // The server answered with a refusal.
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'LICENSE_REQUIRED',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE',
  'REDIRECT',
  'SERVER_ERROR',
  'UNEXPECTED_RESPONSE',
  // The network failed.
  'NETWORK',
  'TIMEOUT',
  'TLS',
  // The caller stopped us.
  'ABORTED',
  // archiver itself failed while zipping (not a file problem: those are UNREADABLE_FILE/FILE_CHANGED).
  'ZIP_FAILED',
  // The spool directory could not be written or read (docs/cli.md "Spool and flush").
  'SPOOL_ERROR',
] as const;

/** A stable error code; see {@link ERROR_CODES}. */
export type XltvErrorCode = (typeof ERROR_CODES)[number];

/** Codes that describe bad input: nothing was sent when one of these is thrown. */
export const INPUT_ERROR_CODES: ReadonlySet<XltvErrorCode> = new Set<XltvErrorCode>([
  'INVALID_OPTION',
  'INVALID_METADATA',
  'INVALID_URL',
  'UNKNOWN_CI',
  'NO_PATTERNS',
  'NO_FILES',
  'UNREADABLE_FILE',
  'UNSAFE_PATH',
  'FILE_CHANGED',
  'TOO_MANY_FILES',
  'TOO_LARGE',
  'TARGET_IS_SET',
  'RESULTS_REFUSED',
]);

/** Structured facts about an error, for render functions. Never holds a secret. */
export type XltvErrorDetails = Readonly<Record<string, unknown>>;

/** The one error type core throws. */
export class XltvError extends Error {
  /** Stable machine-readable code. */
  readonly code: XltvErrorCode;
  /** Facts a front end may show: the key, value, status, URL (credentials removed)… */
  readonly details: XltvErrorDetails;
  /** Set by `upload` on the errors it throws: the failed upload's receipt. */
  receipt?: Receipt;

  /**
   * @param code stable code from {@link ERROR_CODES}
   * @param message developer-facing default text (front ends render their own)
   * @param details structured facts; must never contain a secret
   * @param options standard `cause`
   */
  constructor(
    code: XltvErrorCode,
    message: string,
    details: XltvErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XltvError';
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is an {@link XltvError}, optionally with the given code. */
export function isXltvError(error: unknown, code?: XltvErrorCode): error is XltvError {
  return error instanceof XltvError && (code === undefined || error.code === code);
}

/**
 * A non-fatal finding: the upload goes on. Like errors, warnings carry a stable `code` and
 * structured `details`; `message` is a developer-facing default.
 */
export interface XltvWarning {
  /** Stable code, e.g. `ADAPTER_URL_DROPPED`, `RESERVED_CI_KEY`, `STALE_FILES`. */
  readonly code: string;
  /** Developer-facing default text. */
  readonly message: string;
  /** Structured facts; never a secret. */
  readonly details?: Readonly<Record<string, unknown>>;
}
