/**
 * Colour, only where it helps: never with NO_COLOR (https://no-color.org: any non-empty
 * value), never on a stream that is not a TTY or on TERM=dumb, unless FORCE_COLOR asks.
 */
import type { Env } from '@xltv/core';

/** The few styles the CLI uses; each is the identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Whether to colour output written to `stream`. */
export function colourEnabled(stream: { readonly isTTY?: boolean }, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

function sgr(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/** Exactly the escape sequences {@link createStyle} writes: the only ones output may carry. */
// eslint-disable-next-line no-control-regex
export const STYLE_SEQUENCE = /\u001b\[(?:1|2|22|31|32|33|36|39)m/y;

/** A {@link Style} that colours when `enabled`. */
export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    red: sgr(enabled, 31, 39),
    yellow: sgr(enabled, 33, 39),
    green: sgr(enabled, 32, 39),
    cyan: sgr(enabled, 36, 39),
    dim: sgr(enabled, 2, 22),
    bold: sgr(enabled, 1, 22),
  };
}

/** A style that never colours (for tests and JSON). */
export const PLAIN: Style = createStyle(false);
