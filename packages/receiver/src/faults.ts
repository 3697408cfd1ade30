/**
 * Fault injection for tests: a queue of faults, each applying to the next `count` matching
 * requests. Set through the `faults` option, `Receiver.inject()` or `POST /__control/faults`.
 */

/**
 * Which requests a fault applies to: `import` (default) the two import endpoints only,
 * `api` every request under the product API (`{context root}/api/…`).
 */
export type FaultScope = 'import' | 'api';

interface FaultCommon {
  /** How many matching requests the fault applies to (default 1). */
  readonly count?: number;
  /** Default `import`. */
  readonly scope?: FaultScope;
}

/** Answer `status` at once (an `ImportError` body; none for 304), without reading the body. */
export interface FailFault extends FaultCommon {
  readonly type: 'fail';
  /** 300–599. */
  readonly status: number;
  /** Sent as the `Retry-After` header (seconds or an HTTP date), when given. */
  readonly retryAfter?: string;
  /** The body's `message` (default: a text naming the injected status). */
  readonly message?: string;
}

/** Handle the request normally but hold the response back for `ms` milliseconds. */
export interface DelayFault extends FaultCommon {
  readonly type: 'delay';
  readonly ms: number;
}

/** Destroy the connection once `afterBytes` body bytes were read (default 0: at once). */
export interface ResetFault extends FaultCommon {
  readonly type: 'reset';
  readonly afterBytes?: number;
}

/** Read the whole body, store nothing, never answer (until the receiver closes). */
export interface StallFault extends FaultCommon {
  readonly type: 'stall';
}

/** Handle and store the import fully, then destroy the connection without answering. */
export interface LoseResponseFault extends FaultCommon {
  readonly type: 'lose-response';
}

/** One injected fault. */
export type Fault = FailFault | DelayFault | ResetFault | StallFault | LoseResponseFault;

/** A queued fault with its remaining count. */
export type PendingFault = Fault & { readonly remaining: number };

/** Validate faults given as JSON (one object or an array). Throws an `Error` naming the problem. */
export function parseFaults(input: unknown): Fault[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((item, position) => {
    const where = `Fault #${position + 1}`;
    if (typeof item !== 'object' || item === null) throw new Error(`${where} is not an object.`);
    const fault = item as Record<string, unknown>;
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1) {
      throw new Error(`${where}: count must be a positive integer.`);
    }
    const scope = fault.scope ?? 'import';
    if (scope !== 'import' && scope !== 'api') {
      throw new Error(`${where}: scope must be "import" or "api".`);
    }
    const common = { count: count as number, scope: scope as FaultScope };
    switch (fault.type) {
      case 'fail': {
        const status = fault.status;
        if (!Number.isInteger(status) || (status as number) < 300 || (status as number) > 599) {
          throw new Error(`${where}: status must be an integer from 300 to 599.`);
        }
        if (
          fault.retryAfter !== undefined &&
          (typeof fault.retryAfter !== 'string' || !/^[\x20-\x7e]+$/.test(fault.retryAfter))
        ) {
          throw new Error(`${where}: retryAfter must be a non-empty string of printable ASCII.`);
        }
        if (fault.message !== undefined && typeof fault.message !== 'string') {
          throw new Error(`${where}: message must be a string.`);
        }
        return {
          type: 'fail',
          status: status as number,
          ...(fault.retryAfter === undefined ? {} : { retryAfter: fault.retryAfter }),
          ...(fault.message === undefined ? {} : { message: fault.message }),
          ...common,
        };
      }
      case 'delay': {
        if (typeof fault.ms !== 'number' || !Number.isFinite(fault.ms) || fault.ms < 0) {
          throw new Error(`${where}: ms must be a non-negative number.`);
        }
        return { type: 'delay', ms: fault.ms, ...common };
      }
      case 'reset': {
        const afterBytes = fault.afterBytes ?? 0;
        if (!Number.isInteger(afterBytes) || (afterBytes as number) < 0) {
          throw new Error(`${where}: afterBytes must be a non-negative integer.`);
        }
        return { type: 'reset', afterBytes: afterBytes as number, ...common };
      }
      case 'stall':
      case 'lose-response':
        return { type: fault.type, ...common };
      default:
        throw new Error(`${where}: type must be one of fail, delay, reset, stall, lose-response.`);
    }
  });
}

/** The pending faults of a receiver, in the order they were injected. */
export class FaultQueue {
  private readonly pending: { fault: Fault; remaining: number }[] = [];

  /** Queue faults (already validated). */
  add(faults: readonly Fault[]): void {
    for (const fault of faults) this.pending.push({ fault, remaining: fault.count ?? 1 });
  }

  /**
   * Take the fault for the next request: the oldest one whose scope covers it (an import
   * matches `import` and `api`; another API request only `api`). Counts it down.
   */
  take(isImport: boolean): Fault | undefined {
    const index = this.pending.findIndex(
      ({ fault }) => (fault.scope ?? 'import') === 'api' || isImport,
    );
    const slot = this.pending[index];
    if (!slot) return undefined;
    slot.remaining -= 1;
    if (slot.remaining === 0) this.pending.splice(index, 1);
    return slot.fault;
  }

  /** The pending faults with their remaining counts. */
  list(): PendingFault[] {
    return this.pending.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  /** Forget every pending fault. */
  clear(): void {
    this.pending.length = 0;
  }
}
