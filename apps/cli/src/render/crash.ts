/**
 * The shape of every error message (what happened, then what to do), and the one for a bug.
 * Apart from the rest of the words so that the bin can report a crash without loading core.
 */
import { REPORT_URL, VERSION } from '../meta.js';
import type { Style } from './style.js';

/** What the user reads about an error: one line of what happened, one of what to do. */
export interface RenderedError {
  readonly message: string;
  readonly hint?: string;
}

/** An error that is not an XltvError: a bug. Says how to report it. */
export function renderCrash(error: unknown): RenderedError {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    message: `xltv crashed unexpectedly (${what}).`,
    hint: `This is a bug. Please report it at ${REPORT_URL} with the command you ran, xltv ${VERSION}, node ${process.version}, and the output of the same command with --verbose (it shows the stack).`,
  };
}

/** The lines printed on stderr for an error. */
export function formatError(rendered: RenderedError, style: Style): string {
  const lines = [`${style.red(style.bold('error'))} ${rendered.message}`];
  if (rendered.hint) lines.push(`  ${style.dim('→')} ${rendered.hint}`);
  return lines.join('\n');
}

/** The one-line message stored in a receipt's `error.message`. */
export function errorSentence(rendered: RenderedError): string {
  return rendered.hint ? `${rendered.message} ${rendered.hint}` : rendered.message;
}
