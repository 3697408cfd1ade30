/**
 * The `--json` / `--receipt` document of `upload` (cli.md "Machine-readable output"): one
 * object, also on failure. It is serialised once and redacted like every other output.
 */
import type { Metadata, XltvWarning } from '@xltv/core';

/** The receipt's `status`. */
export type ReceiptStatus = 'imported' | 'nothing-new' | 'dry-run' | 'failed';

/** The receipt (cli.md). */
export interface Receipt {
  readonly status: ReceiptStatus;
  readonly exitCode: number;
  /** Import URL, credentials removed; absent when no target was known. */
  readonly url?: string;
  readonly testRunIds: readonly string[];
  readonly files: number;
  readonly bytes: { readonly files: number; readonly zip: number };
  readonly metadata: Metadata;
  readonly attempts: number;
  readonly durationMs: number;
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
  readonly error?: { readonly code: string; readonly message: string; readonly status?: number };
}

/** The facts a receipt is made of, gathered as the upload goes. */
export interface ReceiptFacts {
  url?: string | undefined;
  testRunIds: readonly string[];
  files: number;
  fileBytes: number;
  zipBytes: number;
  metadata: Metadata;
  attempts: number;
  warnings: { code: string; message: string }[];
}

/** Empty facts, filled in as the upload progresses. */
export function emptyFacts(): ReceiptFacts {
  return {
    testRunIds: [],
    files: 0,
    fileBytes: 0,
    zipBytes: 0,
    metadata: {},
    attempts: 0,
    warnings: [],
  };
}

/** Build the receipt object (key order as documented). */
export function buildReceipt(
  facts: ReceiptFacts,
  outcome: {
    status: ReceiptStatus;
    exitCode: number;
    durationMs: number;
    error?: { code: string; message: string; status?: number | undefined } | undefined;
  },
): Receipt {
  return {
    status: outcome.status,
    exitCode: outcome.exitCode,
    ...(facts.url !== undefined ? { url: facts.url } : {}),
    testRunIds: facts.testRunIds,
    files: facts.files,
    bytes: { files: facts.fileBytes, zip: facts.zipBytes },
    metadata: facts.metadata,
    attempts: facts.attempts,
    durationMs: Math.round(outcome.durationMs),
    warnings: facts.warnings,
    ...(outcome.error
      ? {
          error: {
            code: outcome.error.code,
            message: outcome.error.message,
            ...(outcome.error.status !== undefined ? { status: outcome.error.status } : {}),
          },
        }
      : {}),
  };
}

/** A warning as it appears in the receipt. */
export function receiptWarning(
  warning: XltvWarning,
  rendered: string,
): { code: string; message: string } {
  return { code: warning.code, message: rendered };
}

/** Serialise (already redacted by the caller's `redact`) and write a receipt file. */
export async function writeReceiptFile(path: string, json: string): Promise<void> {
  // Loaded here: the module is on every command's start-up path (usage errors build receipts),
  // and node:fs/promises costs ~2 ms there.
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, `${json}\n`, 'utf8');
}
