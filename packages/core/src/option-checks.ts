/**
 * Checks of a library call's options, before anything is read or sent. A bad value is an
 * `INVALID_OPTION` error whose details name the option, the value and the `rule` it breaks,
 * so that a front end can word it in its own vocabulary (`timeoutMs` → `--timeout`).
 */
import { XltvError } from './errors.js';

/** The rules of `INVALID_OPTION` details. */
export type OptionRule =
  /** Required and not given; `details.when` may name the option that requires it. */
  | 'missing'
  /** Given together with `details.with`, which excludes it. */
  | 'conflict'
  /** Needs one of `details.requires` too. */
  | 'requires'
  /** Blank where a value is needed. */
  | 'empty'
  /** Not of `details.type` (`details.received` names what it was; the value is never echoed: it may be a secret). */
  | 'type'
  /** A number outside `details.min`–`details.max` (whole numbers when `details.integer`). */
  | 'range'
  /** Not one of `details.allowed`. */
  | 'one-of';

/** An `INVALID_OPTION` error. */
export function invalidOption(
  option: string,
  rule: OptionRule,
  facts: Readonly<Record<string, unknown>> = {},
): XltvError {
  const value = 'value' in facts ? ` ${JSON.stringify(facts.value)}` : '';
  return new XltvError('INVALID_OPTION', `${option}${value}: breaks rule ${rule}`, {
    option,
    rule,
    ...facts,
  });
}

/** A string option: absent, or a non-blank string. */
export function stringOption(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw invalidOption(option, 'type', { type: 'string', received: typeof value });
  if (value.trim() === '') throw invalidOption(option, 'empty', { value });
  return value;
}

/** A boolean option; absent is false. */
export function booleanOption(option: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw invalidOption(option, 'type', { type: 'boolean', received: typeof value });
  return value;
}

/** A list of non-blank strings; absent is empty. */
export function stringsOption(option: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidOption(option, 'type', { type: 'string[]', received: typeof value });
  }
  return (value as string[]).filter((item) => item.trim() !== '');
}

/** A number in `[min, max]` (whole with `integer`), or `fallback` when absent. */
export function numberOption(
  option: string,
  value: unknown,
  range: { min: number; max: number; integer?: boolean },
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    throw invalidOption(option, 'type', { type: 'number', received: typeof value });
  const whole = range.integer !== true || Number.isInteger(value);
  if (!whole || !(value >= range.min && value <= range.max)) {
    throw invalidOption(option, 'range', { value, ...range });
  }
  return value;
}
