/**
 * `xltv check`: can this machine upload? Server reachable (version), credentials accepted,
 * licence valid, and with `--test-spec` that the target exists and accepts uploads.
 */
import { check, type CheckStep } from '@xltv/core';
import type { CommandContext } from '../boundary.js';
import { EXIT } from '../exit.js';
import { checkFromFlags, resolveVerbosity, type CheckFlags } from '../options.js';
import { renderError } from '../render/errors.js';
import { renderCheckHint, renderCheckStep } from '../render/specs.js';

/** Run `xltv check`; resolves to the exit code (0 all good, 1 a check failed, 2 usage). */
export async function runCheck(context: CommandContext, flags: CheckFlags): Promise<number> {
  const { io } = context;
  const reporter = context.createReporter(resolveVerbosity(flags), flags);
  context.reporter = reporter;
  const { options, origins } = checkFromFlags(flags, io.env);
  context.describe({ ...options, origins });
  context.warnIfInsecure(options.insecure === true);
  const report = await check(options);
  context.describe({ username: report.username });
  for (const step of report.steps) {
    reporter.result(renderCheckStep(step, context.errorContext, reporter.outStyle));
    const hint = hintOf(step, context);
    if (hint) reporter.result(renderCheckHint(hint, reporter.outStyle));
  }
  return report.ok ? EXIT.OK : EXIT.FAILED;
}

function hintOf(step: CheckStep, context: CommandContext): string | undefined {
  if (step.ok !== false || !step.error) return undefined;
  return renderError(step.error, context.errorContext).hint;
}
