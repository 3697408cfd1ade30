/**
 * One run of the action: mask the secrets, read the inputs, upload, then hand the outcome to
 * the runner (outputs, receipt file, step summary, annotations) and choose the exit code.
 * The action is a front end of core: the words printed here are its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isXltvError,
  knownSecrets,
  redactSecrets,
  upload,
  type Env,
  type Receipt,
  type UploadEvent,
} from '@xltv/core';
import { githubActions } from '@xltv/github-actions';
import { readBoolean, readInput, readInputs } from './inputs.js';
import { uploadOptions } from './options.js';
import {
  appendSummary,
  errorCommand,
  maskCommands,
  setOutput,
  warningCommand,
} from './workflow-commands.js';

/** Where a run reads and writes. */
export interface ActionIo {
  readonly env: Env;
  /** One line of the step's log (stdout, which the runner reads commands from). */
  readonly write: (line: string) => void;
  readonly signal?: AbortSignal;
}

const TITLE = 'XL TestView';

/** What is left of a receipt when the upload never started (bad inputs). */
type Outcome = Pick<Receipt, 'status' | 'testRunIds' | 'error'> & Partial<Receipt>;

/** Run the action; resolves with the process's exit code. */
export async function run(io: ActionIo): Promise<number> {
  const { env } = io;
  // Masked first, before any input is checked, so not even an input error can show them.
  const secrets = knownSecrets({
    password: readInput(env, 'password'),
    url: readInput(env, 'url'),
    env,
    adapters: [githubActions],
  });
  for (const secret of secrets) maskCommands(secret).forEach((line) => io.write(line));
  // Plain log lines: one line each, so no text from a file name can start a command.
  const say = (text: string): void =>
    io.write(redactSecrets(text, secrets).replace(/[\r\n]+/g, ' '));
  const warn = (text: string): void =>
    io.write(warningCommand(TITLE, redactSecrets(text, secrets)));

  let softFail = false;
  let outcome: Outcome;
  try {
    softFail = readBoolean(env, 'soft-fail', false);
    const inputs = readInputs(env);
    const options = uploadOptions(inputs, env, (event) => report(event, say, warn, io.write));
    outcome = await upload(io.signal ? { ...options, signal: io.signal } : options);
  } catch (error) {
    outcome = failedOutcome(error, secrets);
  }

  const receiptFile = writeReceipt(env, outcome);
  setOutput(env, 'status', outcome.status);
  setOutput(env, 'test-run-ids', outcome.testRunIds.join(','));
  setOutput(env, 'receipt', receiptFile);
  if (!summarizedByCore(outcome)) appendSummary(env, summaryLine(outcome));

  if (outcome.status === 'failed') {
    const message = redactSecrets(
      `${outcome.error?.code ?? 'FAILED'}: ${outcome.error?.message ?? 'the upload failed'}`,
      secrets,
    );
    if (softFail) {
      warn(`upload failed (soft-fail: the step passes): ${message}`);
      return 0;
    }
    io.write(errorCommand(`${TITLE} upload failed`, message));
    return 1;
  }
  if (outcome.status === 'nothing-new') {
    warn('the server already had these results: nothing new was imported');
  } else {
    say(`${TITLE}: ${outcome.status}${runIdsText(outcome.testRunIds)}`);
  }
  return 0;
}

/** The receipt of an upload that threw: its own when it has one, else the error alone. */
function failedOutcome(error: unknown, secrets: readonly string[]): Outcome {
  if (isXltvError(error) && error.receipt) return error.receipt;
  const code = isXltvError(error) ? error.code : 'UNEXPECTED';
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  return { status: 'failed', testRunIds: [], error: { code, message } };
}

/** The receipt as JSON in a directory of its own under the runner's temporary directory. */
function writeReceipt(env: Env, outcome: Outcome): string {
  const dir = mkdtempSync(join(env['RUNNER_TEMP'] || tmpdir(), 'xltv-'));
  const file = join(dir, 'receipt.json');
  writeFileSync(file, `${JSON.stringify(outcome, null, 2)}\n`);
  return file;
}

/** Core has the adapter write the step summary once the files were read in a GitHub job. */
function summarizedByCore(outcome: Outcome): boolean {
  return outcome.results !== undefined && outcome.metadata?.['source'] === githubActions.id;
}

/** The step summary of an upload that stopped before the files were read. */
function summaryLine(outcome: Outcome): string {
  const detail = outcome.error ? ` (${outcome.error.code})` : '';
  return `## ${TITLE} upload\n\n- **Status:** ${outcome.status}${detail}${runIdsText(outcome.testRunIds)}\n`;
}

function runIdsText(ids: readonly string[]): string {
  return ids.length > 0 ? `, test runs ${ids.join(', ')}` : '';
}

/** The milestones of the upload, one log line each; the CI's own lines as they are. */
function report(
  event: UploadEvent,
  say: (text: string) => void,
  warn: (text: string) => void,
  raw: (line: string) => void,
): void {
  switch (event.type) {
    case 'metadata':
      say(`CI: ${event.source}`);
      break;
    case 'pattern':
      say(`no patterns given: the test specification's default ${event.pattern}`);
      break;
    case 'files':
      say(`${event.files.length} files, ${event.bytes} bytes, under ${event.baseDir}`);
      break;
    case 'results': {
      const r = event.results;
      say(
        `${r.tests} tests: ${r.passed} passed, ${r.failed} failed, ${r.errors} errors, ${r.skipped} skipped`,
      );
      break;
    }
    case 'sending':
      say(`sending to ${event.url}`);
      break;
    case 'sent':
      say(`sent: HTTP ${event.httpStatus} after ${event.attempts} attempt(s)`);
      break;
    case 'ci-done':
      say(event.done);
      break;
    case 'ci-commands':
      event.lines.forEach(raw);
      break;
    case 'warning':
      warn(`${event.warning.code}: ${event.warning.message}`);
      break;
    default:
      break;
  }
}
