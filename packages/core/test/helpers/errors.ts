// The XltvError a promise rejects with; anything else, or no rejection, fails the test.
import { isXltvError, type XltvError } from '../../src/errors.js';

export async function failure(promise: Promise<unknown>): Promise<XltvError> {
  try {
    await promise;
  } catch (error) {
    if (isXltvError(error)) return error;
    throw error;
  }
  throw new Error('expected an XltvError');
}
