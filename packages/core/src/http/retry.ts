/**
 * Retry timing: exponential backoff with full jitter, and `Retry-After`.
 */

/** Default first backoff step (ms). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Default cap of one wait (ms), also applied to `Retry-After`. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;

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
