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
  /**
   * `protocol`: the server answered, but not in readable HTTP (the request was sent);
   * `not-tls`: an https URL reached a server that does not speak TLS.
   */
  readonly kind?: 'protocol' | 'not-tls';
}

/** The code of the error an attempt throws when `timeoutMs` passed without a complete answer. */
export const RESPONSE_DEADLINE_CODE = 'XLTV_RESPONSE_DEADLINE';

/** Answers that are not readable HTTP: the request reached the server, which may have imported it. */
const PROTOCOL_CODES = new Set([
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
]);
/** OpenSSL's words when the other side answered a TLS hello in plain text. */
const NOT_TLS = /wrong version number|packet length too long/i;

/** Errors thrown while reading a body whose status and headers had already arrived. */
const answered = new WeakSet<object>();

/** Note that `error` cut an answer already begun: the request was sent and answered. */
export function markAnswered(error: unknown): void {
  if (error !== null && typeof error === 'object') answered.add(error);
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

/** undici's parser errors (`HPE_*`, or none at all), oversized headers, a cut or overlong body. */
function isProtocolError(error: unknown, codes: readonly string[]): boolean {
  if (answered.has(error as object)) return true;
  if (codes.some((code) => code.startsWith('HPE_') || PROTOCOL_CODES.has(code))) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    if ((current as { name?: unknown }).name === 'HTTPParserError') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
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
    codes.includes('ERR_SSL_WRONG_VERSION_NUMBER') ||
    ((has(TLS_CODES) || codes.some((c) => c.startsWith('ERR_SSL_'))) && NOT_TLS.test(message))
  ) {
    return {
      code: 'TLS',
      // OpenSSL's own text would only mislead towards certificates.
      reason,
      kind: 'not-tls',
      transient: false,
      mayHaveLanded: false,
      cause: error,
    };
  }
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
  if (codes.includes(RESPONSE_DEADLINE_CODE)) {
    return {
      code: 'TIMEOUT',
      reason,
      phase: 'response',
      transient: true,
      mayHaveLanded: true,
      cause: error,
    };
  }
  if (isProtocolError(error, codes)) {
    // Not retried: the server took the request and answered it, only not readably.
    return {
      code: 'NETWORK',
      reason: codes[0] !== undefined ? `${codes[0]}: ${message}` : message,
      phase: 'response',
      kind: 'protocol',
      transient: false,
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
