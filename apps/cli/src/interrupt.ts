/**
 * Ctrl-C and `kill` during an upload: the upload is aborted and gets a short grace period to
 * clean up (temporary files are removed on exit anyway); a second signal exits at once.
 */
import { XltvError, isXltvError } from '@xltv/core';
import type { CommandContext } from './boundary.js';
import { EXIT } from './exit.js';

/** How long an interrupted upload may take to clean up before the process exits anyway. */
const INTERRUPT_GRACE_MS = 3000;

/** Installed for the length of one upload; `signal` aborts it. */
export class Interrupt {
  readonly #controller = new AbortController();
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
    if (this.context.interruptedBy !== undefined) process.exit(code);
    this.context.interruptedBy = signal;
    this.#controller.abort(new XltvError('ABORTED', `interrupted by ${signal}`, { signal }));
    // Whatever is still running (a CI API call, a stuck socket) gets a short grace period.
    this.#forceExit = setTimeout(() => process.exit(code), INTERRUPT_GRACE_MS);
    this.#forceExit.unref();
  };
  #forceExit: NodeJS.Timeout | undefined;

  constructor(private readonly context: CommandContext) {
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** After an interruption every failure is the interruption. */
  reason(error: unknown): unknown {
    if (this.context.interruptedBy === undefined || isXltvError(error, 'ABORTED')) return error;
    const aborted = new XltvError('ABORTED', 'interrupted');
    if (isXltvError(error) && error.receipt) {
      aborted.receipt = { ...error.receipt, error: { code: 'ABORTED', message: 'interrupted' } };
    }
    return aborted;
  }

  stop(): void {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
    if (this.#forceExit) clearTimeout(this.#forceExit);
  }
}
