/** `xltv specs`: the server's test specifications as a table, or JSON. */
import { listSpecs } from '@xltv/core';
import type { CommandContext } from '../boundary.js';
import { EXIT } from '../exit.js';
import {
  connectionFromFlags,
  resolveVerbosity,
  type ConnectionFlags,
  type OutputFlags,
} from '../options.js';
import { renderSpecsTable } from '../render/specs.js';

/** Flags of `xltv specs`. */
export interface SpecsFlags extends ConnectionFlags, OutputFlags {
  readonly json?: boolean;
}

/** Run `xltv specs`; resolves to the exit code. */
export async function runSpecs(context: CommandContext, flags: SpecsFlags): Promise<number> {
  const reporter = context.createReporter(resolveVerbosity(flags), flags);
  context.reporter = reporter;
  const { options, origins } = connectionFromFlags(flags, context.io.env);
  context.describe({ ...options, origins });
  context.warnIfInsecure(options.insecure === true);
  const specs = await listSpecs(options);
  if (flags.json) context.io.stdout.write(`${reporter.redact(JSON.stringify(specs))}\n`);
  else reporter.result(renderSpecsTable(specs, reporter.outStyle));
  return EXIT.OK;
}
