/**
 * The receipt: what one upload did, as a plain JSON-ready object (docs/cli.md "Machine-readable
 * output"). Facts are gathered as the upload goes, so a failed upload's receipt still says
 * how far it got. Every string in it has passed the secret redaction.
 */
import type { ResultsSummary } from '@xltv/results';
import { isXltvError, type XltvWarning } from '../errors.js';
import type { Metadata } from '../metadata.js';
import { redactValue } from '../secrets.js';

/**
 * How the upload ended; `spooled`: it failed for a transient reason and waits in the spool
 * directory for `flush` (docs/cli.md "Spool and flush").
 */
export type ReceiptStatus = 'imported' | 'nothing-new' | 'dry-run' | 'failed' | 'spooled';

/** Where a spooled upload waits. */
export interface ReceiptSpool {
  /** The upload's identity in the spool. */
  readonly id: string;
  /** The spool directory. */
  readonly dir: string;
}

/** What one upload did. */
export interface Receipt {
  readonly status: ReceiptStatus;
  /** The import URL, credentials removed; absent when no target was known. */
  readonly url?: string;
  readonly testRunIds: readonly string[];
  /** Number of files selected. */
  readonly files: number;
  readonly bytes: {
    /** Sum of the files' sizes. */
    readonly files: number;
    /** Size of the zip. */
    readonly zip: number;
  };
  /**
   * What the files sent hold: counts, formats and every problem found; absent when reading
   * them was turned off (`results: false`), or when the upload stopped before they were read.
   */
  readonly results?: ResultsSummary;
  /** The metadata sent (or that would have been). */
  readonly metadata: Metadata;
  /** Number of POSTs made. */
  readonly attempts: number;
  readonly durationMs: number;
  readonly warnings: readonly XltvWarning[];
  /** The spool entry: of a spooled upload, or of the upload a flush sent or kept. */
  readonly spool?: ReceiptSpool;
  /** Why the upload failed (or was spooled). */
  readonly error?: {
    readonly code: string;
    readonly message: string;
    /** The HTTP status of the final response, when there was one. */
    readonly status?: number;
  };
}

/** The facts of a receipt, gathered as the upload goes. */
export class ReceiptFacts {
  readonly #started = performance.now();
  readonly #secrets: readonly string[];
  url: string | undefined;
  testRunIds: readonly string[] = [];
  files = 0;
  fileBytes = 0;
  zipBytes = 0;
  results: ResultsSummary | undefined;
  metadata: Metadata = {};
  attempts = 0;
  readonly warnings: XltvWarning[] = [];
  spool: ReceiptSpool | undefined;

  /** @param secrets what must never appear in the receipt */
  constructor(secrets: readonly string[]) {
    this.#secrets = secrets;
  }

  /** The receipt, in the documented key order, redacted. */
  receipt(status: ReceiptStatus, failure?: unknown): Receipt {
    const error = failure === undefined ? undefined : errorOf(failure);
    const receipt: Receipt = {
      status,
      ...(this.url !== undefined ? { url: this.url } : {}),
      testRunIds: this.testRunIds,
      files: this.files,
      bytes: { files: this.fileBytes, zip: this.zipBytes },
      ...(this.results ? { results: this.results } : {}),
      metadata: this.metadata,
      attempts: this.attempts,
      durationMs: Math.round(performance.now() - this.#started),
      warnings: this.warnings,
      ...(this.spool ? { spool: this.spool } : {}),
      ...(error ? { error } : {}),
    };
    return redactValue(receipt, this.#secrets);
  }
}

function errorOf(failure: unknown): NonNullable<Receipt['error']> {
  if (!isXltvError(failure)) {
    return {
      code: 'INTERNAL',
      message: failure instanceof Error ? failure.message : String(failure),
    };
  }
  const status = failure.details.status;
  return {
    code: failure.code,
    message: failure.message,
    ...(typeof status === 'number' ? { status } : {}),
  };
}
