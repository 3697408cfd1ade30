/**
 * Errors shared by the modules of the file selection: the code of a failed file system call,
 * and the `ABORTED` error of a selection stopped by its signal.
 */
import { XltvError } from '../errors.js';

export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
}

/** The `ABORTED` error of a selection stopped by its signal. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new XltvError('ABORTED', 'selecting the files was aborted');
}
