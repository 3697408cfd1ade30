/** `xltv env`: what `upload` would send as metadata and where each value came from. */
import { collectMetadata } from '../collect-metadata.js';
import { EXIT, exitCodeForError } from '../exit.js';
import { collectSecrets } from '../known-secrets.js';
import { resolveMetadataOptions, resolveVerbosity, type RawMetadataFlags } from '../options.js';
import { ADAPTERS } from '../registry.js';
import { Reporter, type CliIo } from '../reporter.js';
import { renderEnvReport } from '../render/env.js';
import { formatError, renderError } from '../render/errors.js';
import { formatWarning } from '../render/warnings.js';

/** Flags of `xltv env`. */
export interface EnvFlags extends RawMetadataFlags {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** Run `xltv env`; resolves to the exit code. */
export async function runEnv(flags: EnvFlags, io: CliIo): Promise<number> {
  const secrets = collectSecrets(io.env, {});
  let reporter = new Reporter(io, 'normal', secrets);
  try {
    reporter = new Reporter(io, resolveVerbosity(flags), secrets);
    const options = resolveMetadataOptions(flags, io.env);
    const collected = await collectMetadata(options, ADAPTERS, io.env);
    for (const warning of collected.warnings)
      reporter.warn(formatWarning(warning, reporter.errStyle));
    if (flags.json) {
      const document = {
        ci: collected.adapter ? { id: collected.adapter.id, name: collected.adapter.name } : null,
        metadata: collected.metadata,
        origins: collected.origins,
      };
      io.stdout.write(`${reporter.redact(JSON.stringify(document))}\n`);
    } else {
      reporter.result(
        renderEnvReport(
          {
            adapter: collected.adapter,
            generic: collected.generic,
            chosen: options.ci,
            metadata: collected.metadata,
            origins: collected.origins,
          },
          reporter.outStyle,
        ),
      );
    }
    return EXIT.OK;
  } catch (error) {
    reporter.error(formatError(renderError(error), reporter.errStyle));
    return exitCodeForError(error);
  }
}
