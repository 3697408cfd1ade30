/**
 * One client's redaction: its secrets (passwords, the proxy's included) and the Basic user
 * they may be paired with. Every error the client throws about the server or the network is
 * built by {@link Redactor.error}, so no message, detail or cause can leak a secret.
 */
import { XltvError, type XltvErrorCode, type XltvErrorDetails } from '../errors.js';
import { redactSecrets, stripCredentials, redactValue, type RedactOptions } from '../secrets.js';
import { errorCodes, errorMessage } from './failures.js';

/** Redacts one client's secrets, and the Basic tokens made of them, from text and errors. */
export class Redactor {
  readonly #secrets: readonly (string | undefined)[];
  readonly #options: RedactOptions;

  /** `secrets` may hold empty or undefined entries; they are ignored. */
  constructor(secrets: readonly (string | undefined)[], basicUser: string | undefined) {
    this.#secrets = secrets;
    this.#options = { basicUsers: [basicUser] };
  }

  /** The secrets that are actually set. */
  get secrets(): readonly string[] {
    return this.#secrets.filter((s): s is string => typeof s === 'string' && s !== '');
  }

  /** Remove URL credentials and every secret from `text`. */
  text(text: string): string {
    return redactSecrets(stripCredentials(text), this.#secrets, this.#options);
  }

  /**
   * An error whose message and details carry no secret. The cause is replaced by a plain
   * Error with a redacted message, keeping only its first `code`.
   */
  error(
    code: XltvErrorCode,
    message: string,
    details: XltvErrorDetails,
    cause?: unknown,
  ): XltvError {
    const safeDetails = redactValue({ ...details }, this.#secrets, this.#options);
    let safeCause: Error | undefined;
    if (cause !== undefined) {
      safeCause = new Error(this.text(errorMessage(cause)));
      const causeCode = errorCodes(cause)[0];
      if (causeCode !== undefined) (safeCause as Error & { code?: string }).code = causeCode;
    }
    return new XltvError(
      code,
      this.text(message),
      safeDetails,
      safeCause ? { cause: safeCause } : {},
    );
  }
}
