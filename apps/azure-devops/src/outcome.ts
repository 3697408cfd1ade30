/**
 * How the upload ended, as the task's result on the run's page. An upload that did not import
 * never fails the job under `softFail` (it is "succeeded with issues"), nor when the server
 * already had the results: the tests' own outcome is the job's business, not the uploader's.
 */
import { isXltvError, type Receipt } from '@xltv/core';

/** The task results this task sets (names of the task library's `TaskResult`). */
export type TaskOutcomeResult = 'Succeeded' | 'SucceededWithIssues' | 'Failed' | 'Cancelled';

export interface TaskOutcome {
  readonly result: TaskOutcomeResult;
  readonly message: string;
}

function failure(code: string, message: string, softFail: boolean): TaskOutcome {
  return {
    result: softFail ? 'SucceededWithIssues' : 'Failed',
    message: `upload failed (${code}): ${message}`,
  };
}

/** The outcome of a receipt (a `failed` one only comes back under `softFail`). */
export function fromReceipt(receipt: Receipt, softFail: boolean): TaskOutcome {
  switch (receipt.status) {
    case 'imported':
      return {
        result: 'Succeeded',
        message: `imported into XL TestView: test run ${receipt.testRunIds.join(', ')}`,
      };
    case 'nothing-new':
      return {
        result: 'SucceededWithIssues',
        message: 'XL TestView already had these results: nothing new imported',
      };
    case 'dry-run':
      return { result: 'Succeeded', message: 'dry run: nothing sent' };
    case 'spooled':
      return {
        result: 'SucceededWithIssues',
        message: `not sent, kept for a later flush: ${receipt.error?.message ?? 'transient failure'}`,
      };
    case 'failed':
      return failure(
        receipt.error?.code ?? 'INTERNAL',
        receipt.error?.message ?? 'unknown',
        softFail,
      );
  }
}

/** The outcome of an error thrown before or during the upload. */
export function fromError(error: unknown, softFail: boolean): TaskOutcome {
  if (isXltvError(error, 'ABORTED')) return { result: 'Cancelled', message: 'upload cancelled' };
  if (isXltvError(error)) return failure(error.code, error.message, softFail);
  return failure('INTERNAL', error instanceof Error ? error.message : String(error), softFail);
}
