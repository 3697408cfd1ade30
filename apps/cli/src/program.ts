/**
 * The commander program: definitions only. Each action runs its command inside the error
 * boundary and loads the command's module on demand, so `xltv --help` loads no HTTP client,
 * zip or CI API code.
 */
import { Command, CommanderError } from 'commander';
import type { CommandContext } from './boundary.js';
import { EXIT, softened } from './exit.js';
import { OPTION_ENV } from './flags.js';
import { VERSION } from './meta.js';
import { ADAPTER_OPTIONS, ADAPTERS } from './registry.js';
import type { CliIo } from './reporter.js';
import { formatError, renderCrash } from './render/crash.js';
import { renderMainExamples, renderUploadExamples } from './render/help.js';
import { createStyle, colourEnabled } from './render/style.js';

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

function envNote(name: string): string {
  return ` [env: ${name}]`;
}

function addConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', `server base URL, with any context root${envNote(OPTION_ENV.url)}`)
    .option(
      '--username <user>',
      `user name for Basic authentication${envNote(OPTION_ENV.username)}`,
    )
    .option(
      '--password <password>',
      `password (better given by env; also accepted in the URL as https://user:password@host)${envNote(OPTION_ENV.password)}`,
    );
}

function addNetworkOptions(command: Command): Command {
  return command
    .option('--retries <n>', 'retries of transient failures (default: 3)')
    .option('--timeout <seconds>', 'wait this long for the server to answer (default: 300)')
    .option('--connect-timeout <seconds>', 'wait this long to connect (default: 10)')
    .option('--proxy <url>', 'HTTP(S) proxy (default: HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY)')
    .option('--ca-cert <file>', 'extra trusted CA certificate, PEM (or NODE_EXTRA_CA_CERTS)')
    .option('--insecure', 'do not verify TLS certificates (unsafe; prefer --ca-cert)');
}

function addServerOptions(command: Command): Command {
  return addNetworkOptions(addConnectionOptions(command));
}

function addMetadataOptions(command: Command): Command {
  return command
    .option(
      '--ci <id>',
      `use this CI adapter instead of detecting one; "none" sends no CI metadata${envNote(OPTION_ENV.adapter)}`,
    )
    .option(
      '--build-result <result>',
      `the build's result when the CI cannot tell: SUCCESS, UNSTABLE, FAILURE, ABORTED (or success, failure, cancelled)${envNote(OPTION_ENV.buildResult)}`,
    )
    .option('--meta <key=value>', 'extra metadata (repeatable)', collect)
    .option('--meta-file <file>', 'extra metadata from a JSON object file')
    .option('--no-ci-api', "never call a CI's API to complete the metadata (GitLab)");
}

/** How the result files are read and summed up (upload, inspect). */
function addResultsOptions(command: Command, sends: boolean): Command {
  return command
    .option(
      '--strict-results',
      `refuse (exit 2${sends ? ', nothing sent' : ''}) when a file is malformed, cut short, not for the test tool, or of several runs`,
    )
    .option(
      '--run-span <duration>',
      `results further apart than this count as several test runs, e.g. 12h (default: 6h)${envNote(OPTION_ENV.runSpanMs)}`,
    )
    .option('--no-summary', "do not show the results in the CI's own summary")
    .option(
      '--summary-file <path>',
      `also write the results as Markdown to this file${envNote(OPTION_ENV.summaryFile)}`,
    );
}

/** Which files to take (upload, inspect). */
function addSelectionOptions(command: Command, verb: string): Command {
  return command
    .option(
      '--include <glob>',
      `files to ${verb} (repeatable, comma lists allowed)${envNote(OPTION_ENV.include)}`,
      collect,
    )
    .option(
      '--exclude <glob>',
      `files to leave out (repeatable, comma lists allowed)${envNote(OPTION_ENV.exclude)}`,
      collect,
    )
    .option(
      '--base-dir <dir>',
      `root of the paths ${verb === 'upload' ? 'inside the zip' : 'shown'} (default: the working directory)`,
    );
}

/** The bounds of a selection (upload, inspect). */
function addLimitOptions(command: Command, verb: string): Command {
  return command
    .option(
      '--max-files <n>',
      `refuse to ${verb} more files than this, 0 for no limit (default: 100000)${envNote(OPTION_ENV.maxFiles)}`,
    )
    .option(
      '--max-bytes <size>',
      `refuse to ${verb} more bytes than this, e.g. 500M or 2G, 0 for no limit (default: 10G)${envNote(OPTION_ENV.maxBytes)}`,
    );
}

function addOutputOptions(command: Command): Command {
  return command
    .option('--verbose', 'more detail on stderr')
    .option('--quiet', 'only errors on stderr');
}

/** commander's help width for a stream: its columns on a TTY, else commander's default (80). */
function helpWidth(stream: CliIo['stdout']): number {
  return (stream.isTTY ? stream.columns : undefined) ?? DEFAULT_HELP_WIDTH;
}
const DEFAULT_HELP_WIDTH = 80;

/**
 * Parse `argv` and run the command. Resolves to the exit code; never throws.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return EXIT.OK;
      }
      return await usageFailure(argv, io, error.message);
    }
    // Commands fail inside their boundary; what reaches here is a bug of the program itself.
    const errStyle = createStyle(colourEnabled(io.stderr, io.env));
    io.stderr.write(`${formatError(renderCrash(error), errStyle)}\n`);
    return EXIT.FAILED;
  }
}

/**
 * The commander program with every command and option; each action reports its exit code
 * through `setExitCode`.
 */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  /** Run a command module's function in the boundary and keep its exit code. */
  const run = async <F extends object>(
    flags: F,
    command: (context: CommandContext) => Promise<number>,
  ): Promise<void> => {
    const { CommandContext, runCommand } = await import('./boundary.js');
    setExitCode(await runCommand(new CommandContext(io, flags), command));
  };
  const errStyle = createStyle(colourEnabled(io.stderr, io.env));
  const program = new Command()
    .name('xltv')
    .description('Upload test results from any CI to XL TestView.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Wrap help to the width of the stream it goes to (commander's default reads
      // process.stdout / process.stderr, which are the same streams in the bin); this makes
      // help rendered with another io (the build-time snapshots, tests) wrap as it would there.
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      outputError: (text, write) =>
        write(text.replace(/^error:/, errStyle.red(errStyle.bold('error')))),
    })
    .addHelpText('after', `\n${renderMainExamples()}`);

  const upload = program
    .command('upload')
    .description('select result files, zip them, attach CI and user metadata, and import them')
    .argument(
      '[patterns...]',
      `result files to upload (globs; comma lists allowed)${envNote(OPTION_ENV.include)}`,
    );
  addConnectionOptions(upload)
    .option('--test-spec <id>', `target test specification id${envNote(OPTION_ENV.testSpec)}`)
    .option(
      '--project <id>',
      `project id; with it the public v1 endpoint is used${envNote(OPTION_ENV.project)}`,
    )
    .option(
      '--test-spec-title <title>',
      'find the test specification by title (in --project / --project-title)',
    )
    .option('--project-title <title>', 'find the project by title')
    .option(
      '--create-missing',
      'create the project / test specification found by title when missing',
    )
    .option('--test-tool <name>', 'test tool of a created test specification, e.g. xlt.JUnit');
  addSelectionOptions(upload, 'upload')
    .option('--allow-empty', 'upload even when no file matches')
    .option(
      '--fresh-only',
      "leave out files older than the build's start, and the files of earlier test runs",
    );
  addLimitOptions(upload, 'upload').option(
    '--no-results',
    'do not read the result files (no counts, no checks of them)',
  );
  addResultsOptions(upload, true);
  addMetadataOptions(upload);
  for (const option of ADAPTER_OPTIONS) {
    upload.option(option.flag, `${option.adapter.name}: ${option.description}`);
  }
  upload
    .option(
      '--stream',
      'stream the zip with chunked encoding instead of spooling it to a temporary file',
    )
    .option('--level <0-9>', `deflate level (default: 1)${envNote(OPTION_ENV.level)}`);
  addNetworkOptions(upload)
    .option('--dry-run', 'do everything but send')
    .option('--save-request <file>', 'write the exact request body to this file')
    .option('--json', 'print one JSON receipt on stdout and nothing else there')
    .option('--receipt <file>', 'also write the JSON receipt to this file')
    .option('--soft-fail', `report a failure but exit 0${envNote(OPTION_ENV.softFail)}`)
    .option(
      '--spool-dir <dir>',
      `when the server cannot be reached or fails after the retries, keep the upload here for \`xltv flush\` (exit 4)${envNote(OPTION_ENV.spoolDir)}`,
    )
    .option(
      '--spool-max <size>',
      `most the spool may hold, e.g. 2G; the oldest uploads are dropped past it${envNote(OPTION_ENV.spoolMaxBytes)}`,
    );
  addOutputOptions(upload)
    .addHelpText('after', () => `\n${renderUploadExamples(ADAPTERS)}`)
    .action(async (patterns: string[], flags: Record<string, unknown>) => {
      const { runUpload } = await import('./commands/upload.js');
      await run(flags, (context) => runUpload(context, flags, patterns));
    });

  const inspect = program
    .command('inspect')
    .description(
      'read the result files as upload would and show what they hold; sends nothing, needs no server',
    )
    .argument(
      '[patterns...]',
      `result files to read (globs; comma lists allowed)${envNote(OPTION_ENV.include)}`,
    );
  addSelectionOptions(inspect, 'read').option('--allow-empty', 'exit 0 when no file matches');
  addLimitOptions(inspect, 'read').option(
    '--test-tool <name>',
    'warn about files this test tool does not read, e.g. xlt.JUnit',
  );
  addResultsOptions(inspect, false)
    .option(
      '--ci <id>',
      `use this CI adapter instead of detecting one (its summary, the build's start); "none" for no CI${envNote(OPTION_ENV.adapter)}`,
    )
    .option('--json', 'print the results as one JSON object on stdout');
  addOutputOptions(inspect).action(async (patterns: string[], flags: Record<string, unknown>) => {
    const { runInspect } = await import('./commands/inspect.js');
    await run(flags, (context) => runInspect(context, flags, patterns));
  });

  const env = program
    .command('env')
    .description(
      'show the detected CI, every metadata value upload would send, and where each came from',
    );
  addMetadataOptions(env).option('--json', 'print one JSON object on stdout');
  addOutputOptions(env).action(async (flags: Record<string, unknown>) => {
    const { runEnv } = await import('./commands/env.js');
    await run(flags, (context) => runEnv(context, flags));
  });

  const check = program
    .command('check')
    .description(
      'reach the server: version, credentials, licence, and (with --test-spec) the target',
    )
    .option('--test-spec <id>', `test specification to check${envNote(OPTION_ENV.testSpec)}`)
    .option('--project <id>', `its project${envNote(OPTION_ENV.project)}`);
  addOutputOptions(addServerOptions(check)).action(async (flags: Record<string, unknown>) => {
    const { runCheck } = await import('./commands/check.js');
    await run(flags, (context) => runCheck(context, flags));
  });

  const flushCommand = program
    .command('flush')
    .description(
      'send the uploads `upload --spool-dir` kept, oldest first, with the credentials given now',
    )
    .option('--spool-dir <dir>', `the spool directory${envNote(OPTION_ENV.spoolDir)}`)
    .option('--spool-max-age <duration>', 'drop uploads spooled longer ago than this, e.g. 7d')
    .option('--json', 'print an array of receipts on stdout, one per upload')
    .option('--soft-fail', `report a failure but exit 0${envNote(OPTION_ENV.softFail)}`);
  addOutputOptions(addServerOptions(flushCommand)).action(
    async (flags: Record<string, unknown>) => {
      const { runFlush } = await import('./commands/flush.js');
      await run(flags, (context) => runFlush(context, flags));
    },
  );

  const specs = program
    .command('specs')
    .description(
      "list the server's test specifications: id, project, title, test tool, default pattern",
    )
    .option('--json', 'print the list as JSON');
  addOutputOptions(addServerOptions(specs)).action(async (flags: Record<string, unknown>) => {
    const { runSpecs } = await import('./commands/specs.js');
    await run(flags, (context) => runSpecs(context, flags));
  });

  return program;
}

/**
 * A commander parse error (already printed by commander): exit code 2, and for
 * `upload --json` the failed receipt the contract promises.
 */
async function usageFailure(argv: readonly string[], io: CliIo, message: string): Promise<number> {
  const args = argv.slice(2);
  if (args.find((arg) => !arg.startsWith('-')) !== 'upload') return EXIT.USAGE;
  const { resolveSwitch } = await import('./options.js');
  const { cliReceipt, emptyReceipt } = await import('./render/upload.js');
  let softFail = args.includes('--soft-fail');
  try {
    softFail ||= resolveSwitch(undefined, io.env, 'softFail');
  } catch {
    // An invalid XLTV_SOFT_FAIL is itself a usage error.
  }
  const exitCode = softened(EXIT.USAGE, softFail);
  if (args.includes('--json')) {
    const text = message.replace(/^error:\s*/, '');
    const receipt = emptyReceipt({ code: 'INVALID_OPTION', message: text });
    io.stdout.write(`${JSON.stringify(cliReceipt(receipt, exitCode, undefined, {}))}\n`);
  }
  return exitCode;
}
