/**
 * `xltv upload`: flags → core's `upload` → events and the receipt on the terminal. The
 * receipt (`--json`, `--receipt`) is written on failure too, before the boundary shows the error.
 */
import { writeFile } from 'node:fs/promises';
import { isXltvError, upload, type Receipt } from '@xltv/core';
import { failureExitCode, type CommandContext } from '../boundary.js';
import { exitCodeForStatus, softened } from '../exit.js';
import {
  given,
  resolveSwitch,
  resolveVerbosity,
  uploadFromFlags,
  type UploadFlags,
} from '../options.js';
import { cliReceipt, emptyReceipt, renderReceiptWriteError } from '../render/upload.js';
import { formatError } from '../render/errors.js';
import { Interrupt } from '../interrupt.js';
import { UploadView } from './upload-view.js';

/** Run `xltv upload`; resolves to the exit code. */
export async function runUpload(
  context: CommandContext,
  flags: UploadFlags,
  patterns: readonly string[],
): Promise<number> {
  const { io } = context;
  context.softFail = lenientSoftFail(flags, io.env);
  const output = { json: flags.json === true, receipt: given(flags.receipt) };
  const interrupt = new Interrupt(context);
  let view: UploadView | undefined;
  let receipt: Receipt;
  let exitCode: number;
  try {
    context.reporter = context.createReporter(resolveVerbosity(flags), flags);
    const { options, origins } = uploadFromFlags(flags, patterns, io.env);
    context.softFail = options.softFail === true;
    context.describe({ ...options, origins });
    const shown = new UploadView(context.reporter, output.json, origins);
    view = shown;
    receipt = await upload({
      ...options,
      softFail: false,
      signal: interrupt.signal,
      onEvent: (event) => shown.show(event),
    });
    exitCode = softened(exitCodeForStatus(receipt.status), context.softFail);
    shown.done(receipt, options);
  } catch (error) {
    view?.stop();
    const failed = interrupt.reason(error);
    const code = failureExitCode(context, failed);
    await writeReceipt(context, output, failedReceipt(failed), code, failed);
    throw failed;
  } finally {
    interrupt.stop();
  }
  await writeReceipt(context, output, receipt, exitCode);
  return exitCode;
}

/** The receipt on stdout (`--json`) and in the `--receipt` file, in the CLI's words. */
async function writeReceipt(
  context: CommandContext,
  output: { json: boolean; receipt: string | undefined },
  receipt: Receipt,
  exitCode: number,
  failure?: unknown,
): Promise<void> {
  const { reporter } = context;
  const document = cliReceipt(receipt, exitCode, failure, context.errorContext);
  const json = reporter.redact(JSON.stringify(document));
  if (output.json) context.io.stdout.write(`${json}\n`);
  if (output.receipt === undefined) return;
  try {
    await writeFile(output.receipt, `${json}\n`, 'utf8');
  } catch (error) {
    reporter.error(formatError(renderReceiptWriteError(output.receipt, error), reporter.errStyle));
  }
}

/** The failed upload's receipt, from the error; an error before the upload started has none. */
function failedReceipt(error: unknown): Receipt {
  if (isXltvError(error) && error.receipt) return error.receipt;
  const message = error instanceof Error ? error.message : String(error);
  return emptyReceipt({ code: isXltvError(error) ? error.code : 'INTERNAL', message });
}

/** `--soft-fail` before the options are checked: an invalid XLTV_SOFT_FAIL counts as off. */
function lenientSoftFail(flags: UploadFlags, env: CommandContext['io']['env']): boolean {
  try {
    return resolveSwitch(flags.softFail, env, 'softFail');
  } catch {
    return false;
  }
}
