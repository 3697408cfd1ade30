/**
 * The rules the image's Dockerfile keeps, checked without a Docker daemon: the base image
 * pinned by an exact version, the CLI installed by its exact version (the current one), a
 * non-root user, and `xltv` as the entry point.
 */

/** One instruction: its keyword (upper case) and its arguments, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The instructions of a Dockerfile, comments and blank lines left out. */
export function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split(/\r?\n/)
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\r?\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.search(/\s/);
      return space < 0
        ? { keyword: line.toUpperCase(), args: '' }
        : { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space).trim() };
    });
}

/** `node:24.11.0-alpine3.22`, optionally with a digest: a full version and a distribution version. */
const PINNED_IMAGE = /^[\w./-]+:\d+\.\d+\.\d+-[a-z]+\d+(\.\d+)*(@sha256:[0-9a-f]{64})?$/;

/** What is wrong with the Dockerfile; empty when it keeps every rule. */
export function dockerfileProblems(text: string, cliVersion: string): string[] {
  const instructions = parseDockerfile(text);
  const problems: string[] = [];
  const of = (keyword: string): Instruction[] =>
    instructions.filter((instruction) => instruction.keyword === keyword);

  const from = of('FROM');
  const base = from.at(-1)?.args.split(/\s+/)[0] ?? '';
  if (from.length === 0) problems.push('no FROM');
  else if (!PINNED_IMAGE.test(base)) {
    problems.push(`base image "${base}" is not pinned by an exact version`);
  }

  const installs = of('RUN').filter((run) =>
    /\bnpm\s+(install|i)\b.*\s(-g|--global)\b/.test(run.args),
  );
  const specs = installs.flatMap((run) => run.args.match(/@xltv\/cli(@\S*)?/g) ?? []);
  if (specs.length === 0) problems.push('no global npm install of @xltv/cli');
  for (const spec of specs) {
    if (spec !== `@xltv/cli@${cliVersion}`) {
      problems.push(`installs ${spec}, not the exact current version @xltv/cli@${cliVersion}`);
    }
  }

  const user = of('USER').at(-1)?.args.split(':')[0];
  if (user === undefined || user === 'root' || user === '0') {
    problems.push('the image runs as root: the last USER must be an unprivileged user');
  }
  const lastInstall = instructions.findLastIndex((i) => installs.includes(i));
  const lastUser = instructions.findLastIndex((i) => i.keyword === 'USER');
  if (lastUser < lastInstall) problems.push('USER must come after the install');

  if (!isExecForm(of('ENTRYPOINT').at(-1)?.args, ['xltv'])) {
    problems.push('ENTRYPOINT must be ["xltv"] (exec form)');
  }
  return problems;
}

function isExecForm(args: string | undefined, expected: readonly string[]): boolean {
  try {
    return JSON.stringify(JSON.parse(args ?? '')) === JSON.stringify(expected);
  } catch {
    return false;
  }
}
