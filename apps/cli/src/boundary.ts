/**
 * The one error boundary of the CLI: every command runs inside {@link runCommand}, and a
 * failure it throws becomes words on stderr and an exit code here, and only here.
 */
import {
  INPUT_ERROR_CODES,
  isXltvError,
  knownSecrets,
  stripCredentials,
  type Env,
} from '@xltv/core';
import { EXIT, softened } from './exit.js';
import type { Origins } from './flags.js';
import type { Verbosity } from './options.js';
import { ADAPTERS } from './registry.js';
import { Reporter, type CliIo } from './reporter.js';
import { formatError, renderError, type ErrorContext } from './render/errors.js';
import { renderSoftFail } from './render/upload.js';
import { formatWarning } from './render/warnings.js';

/** What a command shares with the boundary while it runs. */
export class CommandContext {
  /** Writes every line; replaced once the command knows its verbosity and secrets. */
  reporter: Reporter;
  /** Facts that make error messages concrete. */
  errorContext: ErrorContext = {};
  /** `--soft-fail` (upload): a failure exits 0. */
  softFail = false;
  /** The signal that interrupted the command, if one did. */
  interruptedBy: NodeJS.Signals | undefined;

  constructor(
    readonly io: CliIo,
    flags: { readonly verbose?: boolean; readonly quiet?: boolean } & SecretFlags,
  ) {
    // Lenient until the command has checked its flags: an error must still be shown, masked.
    const verbosity = flags.verbose ? 'verbose' : flags.quiet ? 'quiet' : 'normal';
    this.reporter = this.createReporter(verbosity, flags);
  }

  /** A reporter at `verbosity` that masks every secret the flags and the environment hold. */
  createReporter(verbosity: Verbosity, flags: SecretFlags): Reporter {
    return new Reporter(this.io, verbosity, secretsOf(this.io.env, flags));
  }

  /** Announce `--insecure`, even with `--quiet`: it is about security. */
  warnIfInsecure(insecure: boolean): void {
    const warning = { code: 'INSECURE_TLS', message: 'TLS certificate verification is disabled' };
    if (insecure) this.reporter.error(formatWarning(warning, this.reporter.errStyle));
  }

  /** Remember facts for the error words: the server (credentials removed) and where options came from. */
  describe(facts: {
    url?: string | undefined;
    username?: string | undefined;
    testSpec?: string | undefined;
    project?: string | undefined;
    origins?: Origins;
  }): void {
    this.errorContext = {
      ...this.errorContext,
      ...facts,
      ...(facts.url !== undefined ? { serverUrl: stripCredentials(facts.url) } : {}),
    };
  }
}

/** The flags that may hold a secret. */
export interface SecretFlags {
  readonly password?: string;
  readonly url?: string;
  readonly proxy?: string;
}

/** Every secret the process knows: the password, URL credentials, the CI tokens of `env`. */
function secretsOf(env: Env, flags: SecretFlags): string[] {
  return knownSecrets({
    password: flags.password,
    url: flags.url ?? env.XLTV_URL,
    proxy: flags.proxy,
    env,
    adapters: ADAPTERS,
  });
}

/**
 * Run a command and return its exit code. A thrown error is shown (the stack too with
 * `--verbose`, for a crash), and mapped to its exit code; `--soft-fail` makes that 0.
 */
export async function runCommand(
  context: CommandContext,
  command: (context: CommandContext) => Promise<number>,
): Promise<number> {
  try {
    return await command(context);
  } catch (error) {
    return fail(context, error);
  }
}

function fail(context: CommandContext, error: unknown): number {
  const { reporter } = context;
  reporter.error(formatError(renderError(error, context.errorContext), reporter.errStyle));
  const crashed = !isXltvError(error) && error instanceof Error;
  if (crashed && reporter.verbosity === 'verbose' && error.stack) reporter.error(error.stack);
  const code = exitCodeForError(error, context.interruptedBy);
  const exitCode = softened(code, context.softFail);
  if (exitCode !== code) reporter.warn(renderSoftFail(code));
  return exitCode;
}

/** The exit code of a failed command, as the boundary maps it (for a receipt written first). */
export function failureExitCode(context: CommandContext, error: unknown): number {
  return softened(exitCodeForError(error, context.interruptedBy), context.softFail);
}

/** The exit code for an error; an interruption wins over whatever it caused. */
export function exitCodeForError(error: unknown, interruptedBy?: NodeJS.Signals): number {
  if (interruptedBy !== undefined || isXltvError(error, 'ABORTED')) {
    return interruptedBy === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
  }
  if (isXltvError(error) && INPUT_ERROR_CODES.has(error.code)) return EXIT.USAGE;
  return EXIT.FAILED;
}
