/**
 * `xltv env`'s arguments, read without commander for the start-up hot path. Strict on
 * purpose: it answers only for arguments whose meaning is plain (known options of `env`,
 * values that do not start with "-") and gives up on anything else (help, version, an
 * unknown option, a missing value, an operand, `--`), which commander then parses, errors
 * and all. Where it answers, it returns the very object commander hands to the action:
 * test/unit/env-args.test.ts compares the two on generated argument lists.
 */
import type { EnvFlags } from '../commands/env.js';

/** Options of `env` that take a value, by flag; `--meta` is repeatable. */
const VALUE_OPTIONS: Readonly<Record<string, 'ci' | 'buildResult' | 'meta' | 'metaFile'>> = {
  '--ci': 'ci',
  '--build-result': 'buildResult',
  '--meta': 'meta',
  '--meta-file': 'metaFile',
};

/** Boolean options of `env`, by flag, and the value each sets. */
const SWITCHES: Readonly<
  Record<string, readonly ['json' | 'verbose' | 'quiet' | 'ciApi', boolean]>
> = {
  '--json': ['json', true],
  '--verbose': ['verbose', true],
  '--quiet': ['quiet', true],
  '--no-ci-api': ['ciApi', false],
};

/**
 * The flags of `xltv env <args>`, or undefined when commander has to parse `args`.
 * @param args what follows `env` on the command line
 */
export function parseEnvArgs(args: readonly string[]): EnvFlags | undefined {
  // commander's defaults: `--no-ci-api` alone defines `ciApi`, true unless negated.
  const flags: { -readonly [K in keyof EnvFlags]: EnvFlags[K] } = { ciApi: true };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (Object.hasOwn(SWITCHES, arg)) {
      const [key, value] = SWITCHES[arg] ?? [];
      if (key !== undefined) flags[key] = value;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    if (!Object.hasOwn(VALUE_OPTIONS, flag)) return undefined;
    const value = equals < 0 ? args[++index] : arg.slice(equals + 1);
    // A value that looks like an option: commander may read it as one (the program's own
    // `--version`, `-h` are found anywhere on the line), so it decides.
    if (value === undefined || value.startsWith('-')) return undefined;
    const key = VALUE_OPTIONS[flag];
    if (key === 'meta') flags.meta = [...(flags.meta ?? []), value];
    else if (key !== undefined) flags[key] = value;
  }
  return flags;
}
