/**
 * Classifying an attempt that failed without a response: what went wrong, whether another
 * attempt can help, and whether the request may have reached the server anyway (then only a
 * repeatable request is tried again).
 */
import type { XltvErrorCode } from '../errors.js';

/** A failed attempt, classified. */
export interface AttemptFailure {
  readonly code: XltvErrorCode;
  readonly reason: string;
  readonly transient: boolean;
  /** The request may have reached the server (the connection was up). */
  readonly mayHaveLanded: boolean;
  readonly cause: unknown;
  readonly phase?: string;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
  'UND_ERR_PRX_TLS',
]);
/** Failures before the request could reach the server. */
const PRE_CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Failures after the connection was up: the request may have been processed. */
const MID_FLIGHT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The string `code`s of an error and its causes, outermost first (undici wraps socket errors). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Classify what an attempt threw. `aborted` (the caller's signal fired) wins over everything:
 * the socket error an abort causes is not the story.
 */
export function classifyFailure(error: unknown, aborted: boolean): AttemptFailure {
  const codes = errorCodes(error);
  const message = errorMessage(error);
  const reason = codes[0] ?? message;
  if (aborted) {
    return { code: 'ABORTED', reason, transient: false, mayHaveLanded: false, cause: error };
  }
  const has = (set: ReadonlySet<string>): boolean => codes.some((code) => set.has(code));
  if (
    has(TLS_CODES) ||
    codes.some((c) => c.startsWith('ERR_TLS_') || c.startsWith('ERR_SSL_') || c.includes('CERT'))
  ) {
    return {
      code: 'TLS',
      reason: `${reason}: ${message}`,
      transient: false,
      mayHaveLanded: false,
      cause: error,
    };
  }
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
    return {
      code: 'TIMEOUT',
      reason,
      phase: 'connect',
      transient: true,
      mayHaveLanded: false,
      cause: error,
    };
  }
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_BODY_TIMEOUT')) {
    return {
      code: 'TIMEOUT',
      reason,
      phase: codes.includes('UND_ERR_HEADERS_TIMEOUT') ? 'response' : 'response body',
      transient: true,
      mayHaveLanded: true,
      cause: error,
    };
  }
  if (has(PRE_CONNECT_CODES)) {
    // A name that does not resolve will not resolve a second later; a refused port might.
    return {
      code: 'NETWORK',
      reason,
      transient: !codes.includes('ENOTFOUND'),
      mayHaveLanded: false,
      cause: error,
    };
  }
  if (has(MID_FLIGHT_CODES)) {
    return { code: 'NETWORK', reason, transient: true, mayHaveLanded: true, cause: error };
  }
  // Unknown: do not retry, and assume the worst about whether it landed.
  return {
    code: 'NETWORK',
    reason: codes[0] !== undefined ? `${codes[0]}: ${message}` : message,
    transient: false,
    mayHaveLanded: true,
    cause: error,
  };
}
