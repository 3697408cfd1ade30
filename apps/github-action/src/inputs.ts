/**
 * The action's inputs, as the runner hands them over: one `INPUT_<NAME>` variable per input,
 * the name upper-cased with spaces as `_` (hyphens stay: `INPUT_TEST-SPEC`). action.yml
 * declares each of them.
 */
import { XltvError, type Env } from '@xltv/core';

/** The inputs, read and typed. */
export interface ActionInputs {
  readonly url: string | undefined;
  readonly testSpec: string | undefined;
  readonly project: string | undefined;
  readonly patterns: readonly string[];
  readonly exclude: readonly string[];
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly buildResult: string | undefined;
  readonly meta: readonly string[];
  readonly softFail: boolean;
}

/** The inputs action.yml declares (test/action-yml.test.ts holds the two together). */
export const INPUT_NAMES = [
  'url',
  'test-spec',
  'project',
  'patterns',
  'exclude',
  'username',
  'password',
  'build-result',
  'meta',
  'soft-fail',
] as const;

/**
 * Inputs the issue names but the action cannot honour: `extra-args` are CLI flags, and the
 * action calls the library, not the CLI. Given, they fail loudly rather than being ignored.
 */
export const UNSUPPORTED_INPUTS = ['extra-args'] as const;

type InputName = (typeof INPUT_NAMES)[number] | (typeof UNSUPPORTED_INPUTS)[number];

function variableOf(name: InputName): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** An input's value, trimmed; an empty one is unset, as in GitHub's own toolkit. */
export function readInput(env: Env, name: InputName): string | undefined {
  const value = env[variableOf(name)]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A multi-line input: one value per non-empty line. */
export function readLines(env: Env, name: InputName): string[] {
  return (readInput(env, name) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * A boolean input, with the YAML 1.2 words GitHub's toolkit accepts.
 * @throws {XltvError} `INVALID_OPTION` for any other word
 */
export function readBoolean(env: Env, name: InputName, fallback: boolean): boolean {
  const value = readInput(env, name);
  if (value === undefined) return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new XltvError('INVALID_OPTION', `input ${name} must be true or false`, {
    option: name,
    rule: 'type',
    type: 'boolean',
  });
}

/**
 * Every input.
 * @throws {XltvError} `INVALID_OPTION` for a bad boolean or an unsupported input
 */
export function readInputs(env: Env): ActionInputs {
  for (const name of UNSUPPORTED_INPUTS) {
    if (readInput(env, name) !== undefined) {
      throw new XltvError('INVALID_OPTION', `input ${name} is not supported by the action`, {
        option: name,
        rule: 'one-of',
      });
    }
  }
  return {
    url: readInput(env, 'url'),
    testSpec: readInput(env, 'test-spec'),
    project: readInput(env, 'project'),
    patterns: readLines(env, 'patterns'),
    exclude: readLines(env, 'exclude'),
    username: readInput(env, 'username'),
    password: readInput(env, 'password'),
    buildResult: readInput(env, 'build-result'),
    meta: readLines(env, 'meta'),
    softFail: readBoolean(env, 'soft-fail', false),
  };
}
