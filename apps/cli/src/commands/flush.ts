/**
 * `xltv flush`: send what `xltv upload --spool-dir` kept (docs/cli.md "Spool and flush"), one
 * line per upload on stdout, or with `--json` an array of receipts.
 */
import { flush, type Receipt } from '@xltv/core';
import type { CommandContext } from '../boundary.js';
import { EXIT, softened } from '../exit.js';
import { flushFromFlags, resolveSwitch, resolveVerbosity, type FlushFlags } from '../options.js';
import { Interrupt } from '../interrupt.js';
import { cliReceipt, renderFlushSummary, renderFlushed } from '../render/upload.js';
import { formatWarning } from '../render/warnings.js';

/** Run `xltv flush`; resolves to the exit code. */
export async function runFlush(context: CommandContext, flags: FlushFlags): Promise<number> {
  const { io } = context;
  const reporter = context.createReporter(resolveVerbosity(flags), flags);
  context.reporter = reporter;
  context.softFail = resolveSwitch(flags.softFail, io.env, 'softFail');
  const { options, origins } = flushFromFlags(flags, io.env);
  context.describe({ ...options, origins });
  context.warnIfInsecure(options.insecure === true);
  const interrupt = new Interrupt(context);
  let receipts: Receipt[];
  try {
    receipts = await flush({
      ...options,
      signal: interrupt.signal,
      onEvent: (event) => {
        if (event.type === 'warning')
          reporter.warn(formatWarning(event.warning, reporter.errStyle));
        else if (flags.json !== true)
          reporter.result(renderFlushed(event.receipt, reporter.outStyle));
      },
    });
  } catch (error) {
    throw interrupt.reason(error);
  } finally {
    interrupt.stop();
  }
  const exitCode = softened(flushExitCode(receipts), context.softFail);
  if (flags.json === true) {
    const documents = receipts.map((receipt) =>
      cliReceipt(receipt, exitCodeOf(receipt), undefined, context.errorContext),
    );
    io.stdout.write(`${reporter.redact(JSON.stringify(documents))}\n`);
  } else reporter.milestone(renderFlushSummary(receipts, options.spoolDir));
  return exitCode;
}

/** 0 when every upload was sent; 1 when one was refused; else 4 when one is still spooled. */
function flushExitCode(receipts: readonly Receipt[]): number {
  const codes = receipts.map(exitCodeOf);
  if (codes.includes(EXIT.FAILED)) return EXIT.FAILED;
  return codes.includes(EXIT.SPOOLED) ? EXIT.SPOOLED : EXIT.OK;
}

/** One upload's exit code, as `xltv upload` would have given it (304 counts as sent). */
function exitCodeOf(receipt: Receipt): number {
  if (receipt.status === 'failed') return EXIT.FAILED;
  return receipt.status === 'spooled' ? EXIT.SPOOLED : EXIT.OK;
}
