/** What the main thread and the upload thread (startup/upload-thread.ts) tell each other. */
import type { TerminalFacts } from './descriptors.js';

/** The upload thread's `workerData`: descriptors 1 and 2, when they are terminals. */
export interface UploadThreadData {
  readonly stdout: TerminalFacts | undefined;
  readonly stderr: TerminalFacts | undefined;
}

/** The signals the main thread forwards (those the upload and its clean-up handle). */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A signal the main thread received, forwarded to the upload thread. */
export interface ForwardedSignal {
  readonly signal: (typeof FORWARDED_SIGNALS)[number];
}

export function isForwardedSignal(message: unknown): message is ForwardedSignal {
  return (
    typeof message === 'object' &&
    message !== null &&
    (FORWARDED_SIGNALS as readonly unknown[]).includes((message as { signal?: unknown }).signal)
  );
}
