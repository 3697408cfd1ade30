/**
 * Rejections the receiver answers with an `ImportError` JSON body
 * (`{"message","status","errorCode"}`, docs/protocol.md §5).
 */

/** Every `errorCode` the receiver can put in an `ImportError` body. */
export const RECEIVER_ERROR_CODES = [
  // The request as a whole.
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNAUTHORIZED',
  'LICENSE_REQUIRED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'BAD_CONTENT_TYPE',
  'BAD_REQUEST',
  'TEST_SPECIFICATION_SET',
  'INJECTED_FAULT',
  'INTERNAL',
  // The multipart framing.
  'MALFORMED_MULTIPART',
  'UNTERMINATED_MULTIPART',
  'MISSING_PART',
  'EXTRA_PART',
  'UNSUPPORTED_TRANSFER_ENCODING',
  'UNSUPPORTED_CHARSET',
  // The metadata part.
  'INVALID_JSON',
  'METADATA_NOT_OBJECT',
  'METADATA_TOO_LARGE',
  'RESERVED_KEY',
  'INVALID_METADATA',
  // The zip part.
  'CORRUPT_ZIP',
  'UNSUPPORTED_ZIP_FEATURE',
  'UNSAFE_ENTRY_NAME',
  'DUPLICATE_ENTRY',
  'NO_RESULT_FILES',
  // The result files.
  'NOTHING_THE_TOOL_READS',
] as const;

/** One `errorCode` of {@link RECEIVER_ERROR_CODES}. */
export type ReceiverErrorCode = (typeof RECEIVER_ERROR_CODES)[number];

/** The JSON body of every error answer. */
export interface ImportErrorBody {
  readonly message: string;
  readonly status: number;
  readonly errorCode: string;
}

/**
 * A refusal: the request handler turns it into `status` + an {@link ImportErrorBody}.
 * Thrown by the parsers and validators so that they never touch the HTTP response.
 */
export class ImportRejection extends Error {
  /** HTTP status to answer with. */
  readonly status: number;
  /** Stable machine-readable code for the body. */
  readonly errorCode: ReceiverErrorCode;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * @param status HTTP status
   * @param errorCode stable code
   * @param message text for the `message` field of the body
   * @param headers extra response headers
   */
  constructor(
    status: number,
    errorCode: ReceiverErrorCode,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ImportRejection';
    this.status = status;
    this.errorCode = errorCode;
    this.headers = headers;
  }

  /** The `ImportError` JSON body of this rejection. */
  toBody(): ImportErrorBody {
    return { message: this.message, status: this.status, errorCode: this.errorCode };
  }
}

/** A 400 `ImportError`. */
export function badRequest(errorCode: ReceiverErrorCode, message: string): ImportRejection {
  return new ImportRejection(400, errorCode, message);
}

/** A 405 `ImportError` with the `Allow` header. */
export function methodNotAllowed(allowed: readonly string[]): ImportRejection {
  return new ImportRejection(405, 'METHOD_NOT_ALLOWED', `Use ${allowed.join(' or ')}.`, {
    allow: allowed.join(', '),
  });
}
