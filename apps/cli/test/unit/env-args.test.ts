/**
 * The bin reads `xltv env`'s arguments without commander (src/startup/env-args.ts). Wherever
 * it answers, the answer must be exactly the flags object commander hands to the `env`
 * action for the same command line, and commander must accept that line without printing a
 * thing; wherever it gives up, commander decides. Checked on generated command lines mixing
 * env's options, the program's own (`--version`, `-h`), unknown ones and odd values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { createProgram } from '../../src/program.js';
import type { CliIo } from '../../src/reporter.js';
import { parseEnvArgs } from '../../src/startup/env-args.js';

/** What commander does with `xltv env <args>`: the action's flags, or what went wrong. */
async function commanderParse(
  args: readonly string[],
): Promise<{ flags?: Record<string, unknown>; output: string; error?: string }> {
  let output = '';
  const sink = {
    write: (text: string) => {
      output += text;
      return true;
    },
  };
  const io: CliIo = { env: {}, stdout: sink, stderr: sink };
  const program = createProgram(io, {}, () => {});
  const env = program.commands.find((command: Command) => command.name() === 'env');
  if (!env) throw new Error('no env command');
  let flags: Record<string, unknown> | undefined;
  env.action((parsed: Record<string, unknown>) => {
    flags = parsed;
  });
  try {
    await program.parseAsync(['node', 'xltv', 'env', ...args]);
    return flags ? { flags, output } : { output };
  } catch (error) {
    return { output, error: String(error) };
  }
}

const TOKENS = [
  '--ci',
  '--build-result',
  '--meta',
  '--meta-file',
  '--no-ci-api',
  '--json',
  '--verbose',
  '--quiet',
  '--ci=gitlab',
  '--ci=',
  '--meta=a=b',
  '--meta-file=m.json',
  '--json=1',
  '--no-ci-api=0',
  '--ci-api',
  '-h',
  '--help',
  '-V',
  '--version',
  '--',
  '--bogus',
  '-x',
  '-',
  'none',
  'gitlab',
  'a=b',
  '',
  'FAILURE',
  'help',
  'env',
  '__proto__',
  'constructor',
];

const argLists = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), {
  maxLength: 7,
});

describe('parseEnvArgs', () => {
  it('answers exactly as commander does, or leaves the line to commander', async () => {
    await fc.assert(
      fc.asyncProperty(argLists, async (args) => {
        const fast = parseEnvArgs(args);
        if (fast === undefined) return;
        const commander = await commanderParse(args);
        expect(commander.error, 'commander rejects what the fast path accepted').toBeUndefined();
        expect(commander.output).toBe('');
        expect(fast).toEqual(commander.flags);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers the usual command lines (else the fast path would never run)', async () => {
    for (const args of [
      [],
      ['--ci', 'none'],
      ['--json', '--ci', 'none'],
      ['--no-ci-api', '--json'],
      ['--meta', 'a=b', '--meta=c=d', '--meta-file', 'm.json', '--build-result', 'FAILURE'],
      ['--ci=gitlab', '--verbose'],
      ['--quiet', '--ci', ''],
    ]) {
      const fast = parseEnvArgs(args);
      expect(fast, args.join(' ')).toBeDefined();
      expect(fast).toEqual((await commanderParse(args)).flags);
    }
  });

  it('leaves help, version, unknown options, operands and option-like values to commander', () => {
    for (const args of [
      ['--help'],
      ['-h'],
      ['--version'],
      ['-V'],
      ['--ci', '--version'],
      ['--ci', '-h'],
      ['--ci'],
      ['--json=1'],
      ['--bogus'],
      ['extra'],
      ['--', '--json'],
      ['__proto__'],
    ]) {
      expect(parseEnvArgs(args), args.join(' ')).toBeUndefined();
    }
  });
});
