/**
 * The task's inputs, read with the task library. Its `getInput` logs `name=value` as a debug
 * line, which would show the password (and a URL's credentials) before they could be masked:
 * the library's output is muted while reading, then the secrets are registered with the agent.
 */
import { Writable } from 'node:stream';
import * as tl from 'azure-pipelines-task-lib';

/** What the pipeline gave, as written in task.json. */
export interface TaskInputs {
  readonly url: string;
  readonly testSpec: string;
  readonly project: string | undefined;
  readonly patterns: readonly string[];
  readonly exclude: readonly string[];
  readonly baseDir: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly buildResult: string | undefined;
  readonly meta: readonly string[];
  readonly softFail: boolean;
}

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

function optional(name: string): string | undefined {
  const value = tl.getInput(name)?.trim();
  return value ? value : undefined;
}

/** Split a multi-line input (one item a line, CRLF or LF); blank lines are dropped. */
function lines(name: string): string[] {
  return tl
    .getDelimitedInput(name, '\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Every input; throws the library's error when a required one is missing. */
export function readInputs(): TaskInputs {
  tl.setStdStream(discard);
  try {
    return {
      url: tl.getInputRequired('url').trim(),
      testSpec: tl.getInputRequired('testSpec').trim(),
      project: optional('project'),
      patterns: lines('patterns'),
      exclude: tl.getDelimitedInput('exclude', ',').map((item) => item.trim()),
      baseDir: optional('baseDir'),
      username: optional('username'),
      // Not trimmed: a password may end with a space.
      password: tl.getInput('password') || undefined,
      buildResult: optional('buildResult'),
      meta: lines('meta'),
      softFail: tl.getBoolInput('softFail'),
    };
  } finally {
    tl.setStdStream(process.stdout);
  }
}

/** Whether `softFail` is set, read on its own: a failure to read the others still honours it. */
export function readSoftFail(): boolean {
  tl.setStdStream(discard);
  try {
    return tl.getBoolInput('softFail');
  } finally {
    tl.setStdStream(process.stdout);
  }
}

/** Have the agent mask the password and a password in the URL, wherever they appear. */
export function maskSecrets(inputs: TaskInputs): void {
  if (inputs.password) tl.setSecret(inputs.password);
  // Not a URL: core refuses it with INVALID_URL, which never shows credentials.
  const urlPassword = URL.canParse(inputs.url) ? new URL(inputs.url).password : '';
  if (urlPassword) {
    tl.setSecret(urlPassword);
    const decoded = decodeURIComponent(urlPassword);
    if (decoded !== urlPassword) tl.setSecret(decoded);
  }
}
