/**
 * The options of `XltvClient`: where the server is, how to authenticate, connect and retry.
 */
import { XltvError } from '../errors.js';
import type { RetryInfo } from './retry.js';

/** Options of `XltvClient`. */
export interface ClientOptions {
  /** Base URL, with any context root; may carry `user:password@` (then redacted everywhere). */
  readonly url: string;
  /** Basic user name; wins over one in the URL. */
  readonly username?: string | undefined;
  /** Basic password; wins over one in the URL. */
  readonly password?: string | undefined;
  /** e.g. `xltv/0.1.0 node/v20.20.2 (gitlab)`; default `buildUserAgent()`. */
  readonly userAgent?: string;
  /** Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Time to wait for the whole answer, from the end of the request body; default 300 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for transient failures; default 3. */
  readonly retries?: number;
  /** First backoff step in ms (default 500); the wait before retry n is random in [0, base·2^(n-1)). */
  readonly retryBaseDelayMs?: number;
  /** Cap of one wait, `Retry-After` included, in ms (default 30 000). */
  readonly retryMaxDelayMs?: number;
  /** Explicit proxy URL; otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env`. */
  readonly proxy?: string | undefined;
  /** Environment for proxy variables and NODE_EXTRA_CA_CERTS (default: none; pass `process.env` to honour them). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra CA certificate file (PEM), trusted in addition to the default ones. */
  readonly caCertFile?: string | undefined;
  /** Disable TLS verification. */
  readonly insecure?: boolean;
  /** Aborts the current request and any wait (`ABORTED`). */
  readonly signal?: AbortSignal;
  /** Called before each retry. */
  readonly onRetry?: (info: RetryInfo) => void;
}

/**
 * @throws {XltvError} `INVALID_OPTION` when a timeout, retry count or delay is set but is not
 *   a finite number >= 0
 */
export function checkNumberOptions(options: ClientOptions): void {
  for (const [name, value] of [
    ['connectTimeoutMs', options.connectTimeoutMs],
    ['timeoutMs', options.timeoutMs],
    ['retries', options.retries],
    ['retryBaseDelayMs', options.retryBaseDelayMs],
    ['retryMaxDelayMs', options.retryMaxDelayMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new XltvError('INVALID_OPTION', `${name} must be a number >= 0`, {
        option: name,
        value,
      });
    }
  }
}
