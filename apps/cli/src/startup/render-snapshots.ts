/**
 * What commander prints for the help and version arguments, rendered from the real program.
 * The build (tsup.config.ts) runs this once and puts the result in the bin, which then
 * answers these arguments without loading commander (see fast-path.ts);
 * test/e2e/startup.test.ts checks the built bin's bytes against a fresh rendering.
 */
import type { Env } from '@xltv/core';
import { main } from '../program.js';
import { ADAPTERS } from '../registry.js';
import type { CliIo } from '../reporter.js';
import { snapshotKey, type OutputSnapshots } from './snapshots.js';

/** The argument lists answered from snapshots: each prints to stdout only and exits 0. */
export const SNAPSHOT_ARGS: readonly (readonly string[])[] = [
  ['--help'],
  ['-h'],
  ['--version'],
  ['-V'],
  ...['upload', 'env', 'check', 'specs'].flatMap((command) => [
    [command, '--help'],
    [command, '-h'],
  ]),
];

/** What one run printed. */
export interface RenderedRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Run the commander program on `args` as the bin does when stdout and stderr are not
 * terminals (help wraps at commander's default width), capturing what it prints.
 * @param env the environment the commands see (none by default)
 */
export async function renderRun(args: readonly string[], env: Env = {}): Promise<RenderedRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env,
    stdout: {
      write: (chunk) => {
        stdout += chunk;
        return true;
      },
    },
    stderr: {
      write: (chunk) => {
        stderr += chunk;
        return true;
      },
    },
  };
  const exitCode = await main(['node', 'xltv', ...args], io, { helpAdapters: ADAPTERS });
  return { stdout, stderr, exitCode };
}

/**
 * Render every {@link SNAPSHOT_ARGS} entry.
 * @throws {Error} when one of them writes to stderr or exits non-zero: such output depends
 *   on more than the arguments and must not be answered from a snapshot
 */
export async function renderSnapshots(): Promise<OutputSnapshots> {
  const texts: string[] = [];
  const answers: Record<string, number> = {};
  for (const args of SNAPSHOT_ARGS) {
    const run = await renderRun(args);
    if (run.exitCode !== 0 || run.stderr !== '' || run.stdout === '') {
      throw new Error(
        `xltv ${args.join(' ')}: exit ${run.exitCode}, stderr ${JSON.stringify(run.stderr)}: not a snapshot`,
      );
    }
    let index = texts.indexOf(run.stdout);
    if (index < 0) index = texts.push(run.stdout) - 1;
    answers[snapshotKey(args)] = index;
  }
  return { texts, answers };
}
