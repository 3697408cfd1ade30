/**
 * `xltv inspect`: flags → core's `inspect` → what the result files hold, on stdout. Sends
 * nothing and needs no server; the milestones and warnings are those of `upload`.
 */
import { inspect } from '@xltv/core';
import type { CommandContext } from '../boundary.js';
import { EXIT } from '../exit.js';
import { inspectFromFlags, resolveVerbosity, type InspectFlags } from '../options.js';
import { renderProblems, renderResultsLine, type ResultsSummary } from '../render/results.js';
import { Interrupt } from '../interrupt.js';
import { UploadView } from './upload-view.js';

/** Run `xltv inspect`; resolves to the exit code (a refusal of `--strict-results` throws). */
export async function runInspect(
  context: CommandContext,
  flags: InspectFlags,
  patterns: readonly string[],
): Promise<number> {
  const { io } = context;
  const reporter = context.createReporter(resolveVerbosity(flags), {});
  context.reporter = reporter;
  const json = flags.json === true;
  const { options, origins } = inspectFromFlags(flags, patterns, io.env);
  context.describe({ origins });
  const view = new UploadView(reporter, json, origins);
  const interrupt = new Interrupt(context);
  try {
    const inspected = await inspect({
      ...options,
      signal: interrupt.signal,
      // Every warning comes as an event too: the report's list is not shown again.
      onEvent: (event) => view.show(event),
    });
    const { results } = inspected;
    if (json) io.stdout.write(`${reporter.redact(JSON.stringify(results))}\n`);
    else reporter.result([renderResultsLine(results), ...problemLines(results)].join('\n'));
    return EXIT.OK;
  } catch (error) {
    view.stop();
    throw interrupt.reason(error);
  } finally {
    interrupt.stop();
  }
}

/** The problems found, indented under the line of counts. */
function problemLines(results: ResultsSummary): string[] {
  return renderProblems(results.problems, 20).map((line) => `  ${line}`);
}
