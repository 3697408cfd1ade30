/**
 * The connection to XL TestView that `upload`, `check` and `listSpecs` share: its options,
 * checked, and the client made from them.
 */
import type { Env } from './adapter/contract.js';
import { isAbsoluteHttpUrl } from './adapter/kit.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  DEFAULT_RETRIES,
  XltvClient,
  type RetryInfo,
} from './client.js';
import { XltvError, isXltvError } from './errors.js';
import { parseBaseUrl } from './http/url.js';
import { booleanOption, invalidOption, numberOption, stringOption } from './option-checks.js';
import { stripCredentials } from './secrets.js';
import { buildUserAgent } from './version.js';

/** How to reach the server. */
export interface ConnectionOptions {
  /** Base URL with any context root, e.g. `https://xltv.example.com/xltest`; may carry `user:password@`. */
  readonly url?: string;
  /** Basic user name; wins over one in the URL. */
  readonly username?: string;
  /** Basic password; wins over one in the URL. */
  readonly password?: string;
  /** Retries of transient failures (0–20, default 3). */
  readonly retries?: number;
  /** How long to wait for the server's answer, in ms (default 300 000). */
  readonly timeoutMs?: number;
  /** How long to wait for a connection, in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** An http(s) proxy; otherwise `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` of `env` apply. */
  readonly proxy?: string;
  /** A PEM file of extra trusted CA certificates. */
  readonly caCertFile?: string;
  /** Do not verify TLS certificates (unsafe). */
  readonly insecure?: boolean;
  /** The environment (proxy variables, the CI's): none unless given, never `process.env` by default. */
  readonly env?: Env;
  /** Cancels everything under way; the call then rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
}

/** The most a timeout may be: one day. */
const MAX_TIMEOUT_MS = 86_400_000;

/** {@link ConnectionOptions}, checked, with defaults. */
export interface CheckedConnection {
  /** Undefined only where a call allows it (a dry run). */
  readonly url: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly retries: number;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly proxy: string | undefined;
  readonly caCertFile: string | undefined;
  readonly insecure: boolean;
  readonly env: Env;
  readonly signal: AbortSignal | undefined;
}

/**
 * Check the connection options.
 * @throws {XltvError} `INVALID_OPTION`, or `INVALID_URL` (details `{ option, value, reason }`)
 */
export function checkConnection(options: ConnectionOptions): CheckedConnection {
  const url = stringOption('url', options.url);
  if (url !== undefined) checkBaseUrl(url);
  const proxy = stringOption('proxy', options.proxy);
  if (proxy !== undefined && !isAbsoluteHttpUrl(proxy)) {
    throw new XltvError('INVALID_URL', 'proxy is not an absolute http(s) URL', {
      option: 'proxy',
      value: stripCredentials(proxy),
      reason: 'not-http',
    });
  }
  const env = options.env ?? {};
  if (typeof env !== 'object' || env === null)
    throw invalidOption('env', 'type', { type: 'object' });
  return {
    url,
    username: stringOption('username', options.username),
    password: stringOption('password', options.password),
    retries: numberOption(
      'retries',
      options.retries,
      { min: 0, max: 20, integer: true },
      DEFAULT_RETRIES,
    ),
    timeoutMs: numberOption(
      'timeoutMs',
      options.timeoutMs,
      { min: 1, max: MAX_TIMEOUT_MS },
      DEFAULT_RESPONSE_TIMEOUT_MS,
    ),
    connectTimeoutMs: numberOption(
      'connectTimeoutMs',
      options.connectTimeoutMs,
      { min: 1, max: MAX_TIMEOUT_MS },
      DEFAULT_CONNECT_TIMEOUT_MS,
    ),
    proxy,
    caCertFile: stringOption('caCertFile', options.caCertFile),
    insecure: booleanOption('insecure', options.insecure),
    env,
    signal: options.signal,
  };
}

function checkBaseUrl(url: string): void {
  try {
    parseBaseUrl(url);
  } catch (error) {
    if (!isXltvError(error, 'INVALID_URL')) throw error;
    throw new XltvError('INVALID_URL', 'url is not an absolute http(s) base URL', {
      option: 'url',
      value: stripCredentials(url),
      reason: error.details.reason,
    });
  }
}

/**
 * The client for a checked connection.
 * @param ci the CI's id for the User-Agent
 * @throws {XltvError} `INVALID_OPTION` (rule `missing`) when there is no URL
 */
export function connect(
  connection: CheckedConnection,
  ci?: string,
  onRetry?: (info: RetryInfo) => void,
): XltvClient {
  if (connection.url === undefined) throw invalidOption('url', 'missing');
  return new XltvClient({
    url: connection.url,
    username: connection.username,
    password: connection.password,
    userAgent: buildUserAgent({ ci }),
    retries: connection.retries,
    timeoutMs: connection.timeoutMs,
    connectTimeoutMs: connection.connectTimeoutMs,
    proxy: connection.proxy,
    caCertFile: connection.caCertFile,
    insecure: connection.insecure,
    env: connection.env,
    ...(connection.signal ? { signal: connection.signal } : {}),
    ...(onRetry ? { onRetry } : {}),
  });
}

/** An `INSECURE_TLS` warning when certificate checks are off, else nothing. */
export function insecureWarnings(connection: CheckedConnection) {
  return connection.insecure
    ? [{ code: 'INSECURE_TLS', message: 'TLS certificate verification is disabled' }]
    : [];
}
