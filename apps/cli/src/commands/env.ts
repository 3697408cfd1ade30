/** `xltv env`: what `upload` would send as metadata and where each value came from. */
import { collectMetadata } from '@xltv/core';
import type { CommandContext } from '../boundary.js';
import { EXIT } from '../exit.js';
import {
  metadataFromFlags,
  resolveVerbosity,
  type MetadataFlags,
  type OutputFlags,
} from '../options.js';
import { cliOrigins, renderEnvReport } from '../render/env.js';
import { formatWarning } from '../render/warnings.js';

/** Flags of `xltv env`. */
export interface EnvFlags extends MetadataFlags, OutputFlags {
  readonly json?: boolean;
}

/** Run `xltv env`; resolves to the exit code. */
export async function runEnv(context: CommandContext, flags: EnvFlags): Promise<number> {
  const { io } = context;
  const reporter = context.createReporter(resolveVerbosity(flags), {});
  context.reporter = reporter;
  const { options, origins } = metadataFromFlags(flags, io.env);
  context.describe({ origins });
  const collected = await collectMetadata(options);
  for (const warning of collected.warnings)
    reporter.warn(formatWarning(warning, reporter.errStyle));
  const shownOrigins = cliOrigins(collected.origins, origins);
  if (flags.json) {
    const document = {
      ci: collected.adapter ? { id: collected.adapter.id, name: collected.adapter.name } : null,
      metadata: collected.metadata,
      origins: shownOrigins,
    };
    io.stdout.write(`${reporter.redact(JSON.stringify(document))}\n`);
  } else {
    reporter.result(
      renderEnvReport(
        {
          adapter: collected.adapter,
          generic: collected.generic,
          chosen: typeof options.adapter === 'string' ? options.adapter : undefined,
          metadata: collected.metadata,
          origins: shownOrigins,
        },
        reporter.outStyle,
      ),
    );
  }
  return EXIT.OK;
}
