/** `xltv specs`: the server's test specifications as a table, or JSON. */
import { connect, warnIfInsecure } from '../connect.js';
import { EXIT } from '../exit.js';
import { collectSecrets } from '../known-secrets.js';
import {
  redactUserinfo,
  resolveServerOptions,
  resolveVerbosity,
  type RawServerFlags,
} from '../options.js';
import { Reporter, type CliIo } from '../reporter.js';
import { renderSpecsTable } from '../render/specs.js';
import { reportFailure } from './fail.js';

/** Flags of `xltv specs`. */
export interface SpecsFlags extends RawServerFlags {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** Run `xltv specs`; resolves to the exit code. */
export async function runSpecs(flags: SpecsFlags, io: CliIo): Promise<number> {
  let reporter = new Reporter(
    io,
    'normal',
    collectSecrets(io.env, { password: flags.password, url: flags.url, proxy: flags.proxy }),
  );
  let serverUrl: string | undefined;
  try {
    const server = resolveServerOptions(flags, io.env);
    serverUrl = server.url !== undefined ? redactUserinfo(server.url) : undefined;
    reporter = new Reporter(
      io,
      resolveVerbosity(flags),
      collectSecrets(io.env, { password: server.password, url: server.url, proxy: server.proxy }),
    );
    warnIfInsecure(server, reporter);
    const client = connect(server);
    try {
      const specs = await client.listTestSpecifications();
      if (flags.json) io.stdout.write(`${reporter.redact(JSON.stringify(specs))}\n`);
      else reporter.result(renderSpecsTable(specs, reporter.outStyle));
    } finally {
      await client.close();
    }
    return EXIT.OK;
  } catch (error) {
    return reportFailure(reporter, error, { serverUrl });
  }
}
