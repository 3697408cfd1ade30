/**
 * Retrying (docs/protocol.md §5): an attempt is repeated after a transient failure (429,
 * 5xx, a refused or reset connection, a timeout) with full-jitter exponential backoff,
 * honouring `Retry-After`. An attempt that may already have reached the server is repeated
 * only for a repeatable request.
 */
import { isXltvError, type XltvError } from '../errors.js';
import { classifyFailure, type AttemptFailure } from './failures.js';
import type { Redactor } from './redaction.js';
import type { AttemptSpec, Exchange, HttpTransport } from './transport.js';

/** Default number of retries after the first attempt. */
export const DEFAULT_RETRIES = 3;
/** Default first backoff step (ms). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Default cap of one wait (ms), also applied to `Retry-After`. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;

/** What {@link RetryPolicy.onRetry} is told before each retry. */
export interface RetryInfo {
  /** Number of the attempt about to be made (2 for the first retry). */
  readonly attempt: number;
  /** Wait before it, in ms. */
  readonly delayMs: number;
  /** Why: `HTTP 503`, `ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`… */
  readonly reason: string;
  /** HTTP status of the failed attempt, when there was a response. */
  readonly status?: number;
}

/** A request to make, perhaps several times. */
export interface RequestSpec extends AttemptSpec {
  /**
   * Whether an attempt that may have reached the server can be repeated. Imports can (the
   * server de-duplicates and a 304 tells us); creating a project cannot.
   */
  readonly repeatable: boolean;
}

/** The outcome of the retry loop: the final response and what happened before it. */
export interface Outcome {
  readonly exchange: Exchange;
  readonly attempts: number;
  /** An earlier attempt may have been processed although its response was lost. */
  readonly mayHaveLanded: boolean;
}

/** How often and how long to retry: the client's options of the same names. */
export interface RetryPolicy {
  /** Retries after the first attempt; default {@link DEFAULT_RETRIES}. */
  readonly retries?: number;
  /** First backoff step; default {@link DEFAULT_RETRY_BASE_DELAY_MS}. */
  readonly retryBaseDelayMs?: number;
  /** Cap of one wait, `Retry-After` included; default {@link DEFAULT_RETRY_MAX_DELAY_MS}. */
  readonly retryMaxDelayMs?: number;
  /** Stops the current attempt and any wait (`ABORTED`). */
  readonly signal?: AbortSignal;
  readonly onRetry?: (info: RetryInfo) => void;
}

/** What the loop works with. */
export interface RetryContext {
  readonly transport: HttpTransport;
  readonly policy: RetryPolicy;
  /** Builds the errors the loop throws. */
  readonly redactor: Redactor;
}

/** Gateway-ish failures after which the server may still have processed the request. */
const MAYBE_PROCESSED_STATUSES = new Set([500, 502, 504]);

/**
 * Make the request, retrying transient failures; returns the final response, whatever its
 * status.
 * @throws {XltvError} `NETWORK`, `TIMEOUT`, `TLS` when no attempt got a response, `ABORTED`;
 *   an {@link XltvError} from the transport (bad option, failed body) passes through unchanged
 */
export async function sendWithRetries(spec: RequestSpec, context: RetryContext): Promise<Outcome> {
  const { transport, policy, redactor } = context;
  const retries = policy.retries ?? DEFAULT_RETRIES;
  let mayHaveLanded = false;
  for (let attempt = 1; ; attempt++) {
    let exchange: Exchange | undefined;
    let failure: AttemptFailure | undefined;
    try {
      exchange = await transport.attempt(spec);
    } catch (error) {
      if (isXltvError(error)) throw error;
      failure = classifyFailure(error, policy.signal?.aborted === true);
      if (failure.code === 'ABORTED') throw abortedError(spec, redactor);
    }
    const status = exchange?.status;
    const transientStatus = status !== undefined && isTransientStatus(status);
    if (exchange && !transientStatus) return { exchange, attempts: attempt, mayHaveLanded };
    const landedNow =
      failure !== undefined
        ? failure.mayHaveLanded
        : status !== undefined && MAYBE_PROCESSED_STATUSES.has(status);
    const canRepeat = spec.repeatable || !landedNow;
    const retryable = (failure === undefined || failure.transient) && canRepeat;
    if (!retryable || attempt > retries) {
      if (exchange) return { exchange, attempts: attempt, mayHaveLanded };
      throw networkError(failure as AttemptFailure, spec, attempt, context);
    }
    if (landedNow) mayHaveLanded = true;
    const delayMs = retryDelayMs(exchange, attempt, policy);
    const reason = status !== undefined ? `HTTP ${status}` : (failure as AttemptFailure).reason;
    policy.onRetry?.({
      attempt: attempt + 1,
      delayMs,
      reason,
      ...(status !== undefined ? { status } : {}),
    });
    try {
      await abortableDelay(delayMs, policy.signal);
    } catch {
      throw abortedError(spec, redactor);
    }
  }
}

/** 429 and 5xx; a status past 599 is no server error HTTP defines (docs/protocol.md §5). */
export function isTransientStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** The server's `Retry-After` (capped) when it sent one, else the backoff for this retry. */
function retryDelayMs(
  exchange: Exchange | undefined,
  attempt: number,
  policy: RetryPolicy,
): number {
  const maxDelay = policy.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
  const retryAfter = exchange ? parseRetryAfter(exchange.headers['retry-after']) : undefined;
  return retryAfter !== undefined
    ? Math.min(retryAfter, maxDelay)
    : backoffDelayMs(attempt, policy.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS, maxDelay);
}

function abortedError(spec: RequestSpec, redactor: Redactor): XltvError {
  return redactor.error('ABORTED', `${spec.method} ${spec.url} was aborted`, {
    url: spec.url,
    method: spec.method,
  });
}

/** The error for the last of the attempts, none of which got a response. */
function networkError(
  failure: AttemptFailure,
  spec: RequestSpec,
  attempts: number,
  { transport, redactor }: RetryContext,
): XltvError {
  const what =
    failure.code === 'TIMEOUT'
      ? `timed out (${failure.phase ?? 'response'})`
      : failure.kind === 'not-tls'
        ? `got no TLS answer, the server may speak plain http (${failure.reason})`
        : failure.code === 'TLS'
          ? `failed TLS verification (${failure.reason})`
          : failure.kind === 'protocol'
            ? `was sent, but its answer was not readable HTTP (${failure.reason})`
            : `failed (${failure.reason})`;
  const proxy = transport.proxy;
  return redactor.error(
    failure.code,
    `${spec.method} ${spec.url} ${what} after ${attempts} attempt(s)`,
    {
      url: spec.url,
      method: spec.method,
      attempts,
      reason: failure.reason,
      ...(failure.phase !== undefined ? { phase: failure.phase } : {}),
      ...(failure.kind !== undefined ? { kind: failure.kind } : {}),
      ...(proxy ? { proxy: proxy.url.href, proxySource: proxy.source } : {}),
    },
    failure.cause,
  );
}

/**
 * Full-jitter backoff: a uniformly random wait in `[0, min(cap, base · 2^(retry-1)))`.
 * @param retry 1 for the first retry
 * @param random source of [0, 1) numbers (tests may fix it)
 */
export function backoffDelayMs(
  retry: number,
  baseMs: number = DEFAULT_RETRY_BASE_DELAY_MS,
  capMs: number = DEFAULT_RETRY_MAX_DELAY_MS,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parse a `Retry-After` header: delta-seconds or an HTTP date. Returns milliseconds from
 * `now` (never negative), or undefined when absent or unparsable.
 */
export function parseRetryAfter(
  value: string | readonly string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value) as string | undefined;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Wait `ms`, or reject with `signal.reason` when the signal fires. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
