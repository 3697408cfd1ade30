/**
 * Reading final responses: the typed {@link XltvError} for one that is not 2xx
 * (docs/protocol.md §5), and small helpers for JSON bodies.
 */
import type { XltvError, XltvErrorDetails } from '../errors.js';
import type { Redactor } from './redaction.js';
import { isTransientStatus } from './retry.js';
import type { Exchange } from './transport.js';

/** The request a final response answered, as its error describes it. */
export interface AnsweredRequest {
  readonly url: string;
  readonly method: string;
  /** Attempts made, the first one included. */
  readonly attempts: number;
  /** The Basic user it was sent as; a 401 names it. */
  readonly username: string | undefined;
  /** The import target; a 404 names it. */
  readonly target?: { readonly testSpecId?: string; readonly projectId?: string | undefined };
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Enough of an error page to recognise it, not enough to flood a log. */
const EXCERPT_CHARS = 300;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Keep only string fields of `source` named in `keys`. */
export function pickStrings<K extends string>(
  source: unknown,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const result: Partial<Record<K, string>> = {};
  if (!isRecord(source)) return result;
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

/**
 * Throw the typed error for a final response that is not 2xx: `REDIRECT` (never followed),
 * `BAD_REQUEST`, `UNAUTHORIZED`, `LICENSE_REQUIRED`, `NOT_FOUND`, `PAYLOAD_TOO_LARGE`,
 * `UNPROCESSABLE`, `SERVER_ERROR` (429 and 5xx, retries spent), else `UNEXPECTED_RESPONSE`.
 */
export function expectSuccess(
  exchange: Exchange,
  request: AnsweredRequest,
  redactor: Redactor,
): void {
  const { status } = exchange;
  if (status >= 200 && status < 300) return;
  const { url, method, attempts, username, target } = request;
  const base = { url, method, status, attempts };
  if (REDIRECT_STATUSES.has(status)) {
    const location = absoluteLocation(exchange, url);
    throw redactor.error('REDIRECT', `${method} ${url} was redirected (${status}); not followed`, {
      ...base,
      ...(location !== undefined ? { location } : {}),
    });
  }
  const json = parseJson(exchange.text);
  const server = pickStrings(json, ['message', 'errorCode'] as const);
  const serverStatus = (json as { status?: unknown } | undefined)?.status;
  const serverDetails = {
    ...(server.message !== undefined ? { serverMessage: server.message } : {}),
    ...(server.errorCode !== undefined ? { errorCode: server.errorCode } : {}),
    ...(typeof serverStatus === 'string' || typeof serverStatus === 'number'
      ? { serverStatus }
      : {}),
  };
  const suffix = server.message !== undefined ? `: ${server.message}` : '';
  switch (status) {
    case 400:
      throw redactor.error('BAD_REQUEST', `the server rejected the request${suffix}`, {
        ...base,
        ...serverDetails,
      });
    case 422:
      throw redactor.error('UNPROCESSABLE', `the server could not process the upload${suffix}`, {
        ...base,
        ...serverDetails,
      });
    case 401:
      throw redactor.error(
        'UNAUTHORIZED',
        username !== undefined
          ? `the server refused the credentials of user "${username}"`
          : 'the server wants credentials',
        { ...base, ...(username !== undefined ? { username } : {}) },
      );
    case 402:
      throw redactor.error('LICENSE_REQUIRED', 'the server has no valid licence', base);
    case 404:
      throw redactor.error('NOT_FOUND', `not found: ${url}`, {
        ...base,
        ...(target?.testSpecId !== undefined ? { testSpecId: target.testSpecId } : {}),
        ...(target?.projectId !== undefined ? { projectId: target.projectId } : {}),
      });
    case 413:
      throw redactor.error('PAYLOAD_TOO_LARGE', 'the upload is too large for the server', base);
    default:
      if (isTransientStatus(status)) {
        throw redactor.error(
          'SERVER_ERROR',
          `server error ${status} after ${attempts} attempt(s)`,
          {
            ...base,
            ...serverDetails,
            ...(exchange.text !== '' ? { bodyExcerpt: exchange.text.slice(0, EXCERPT_CHARS) } : {}),
          },
        );
      }
      throw unexpectedResponse(exchange, request, redactor, { attempts });
  }
}

/**
 * `UNEXPECTED_RESPONSE`: a status no rule covers, or a 2xx whose body is not what the API
 * promises. `extra` adds details (why, what was being made).
 */
export function unexpectedResponse(
  response: Pick<Exchange, 'status' | 'text'>,
  request: Pick<AnsweredRequest, 'url' | 'method'>,
  redactor: Redactor,
  extra: XltvErrorDetails = {},
): XltvError {
  const { url, method } = request;
  const { status } = response;
  const excerpt = response.text.slice(0, EXCERPT_CHARS);
  return redactor.error(
    'UNEXPECTED_RESPONSE',
    `unexpected response ${status} from ${method} ${url}`,
    {
      url,
      method,
      status,
      ...(excerpt !== '' ? { bodyExcerpt: excerpt } : {}),
      ...extra,
    },
  );
}

/** The redirect's `Location`, resolved against the request URL when it parses. */
function absoluteLocation(exchange: Exchange, url: string): string | undefined {
  const value = exchange.headers.location;
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  try {
    return new URL(raw, url).href;
  } catch {
    return raw;
  }
}
