/**
 * `xltv check`: can this machine upload? Server reachable (version), credentials accepted,
 * licence valid, and with `--test-spec` that the target exists and accepts uploads.
 */
import { isXltvError, type XltvClient } from '@xltv/core';
import { connect, warnIfInsecure } from '../connect.js';
import { EXIT } from '../exit.js';
import { collectSecrets } from '../known-secrets.js';
import {
  OPTION_ENV,
  pick,
  redactUserinfo,
  resolveServerOptions,
  resolveVerbosity,
  type RawServerFlags,
} from '../options.js';
import { Reporter, type CliIo } from '../reporter.js';
import { renderError } from '../render/errors.js';
import {
  SPEC_SET_TYPE,
  renderCheckHint,
  renderCredentialsOk,
  renderLicenceOk,
  renderServerAnswersHidden,
  renderTargetNotChecked,
  renderCheckLine,
  renderServerInfo,
  renderTargetIsSet,
  renderTargetMissing,
  renderTargetOk,
} from '../render/specs.js';
import { reportFailure } from './fail.js';

/** Flags of `xltv check`. */
export interface CheckFlags extends RawServerFlags {
  readonly testSpec?: string;
  readonly project?: string;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** Run `xltv check`; resolves to the exit code (0 all good, 1 a check failed, 2 usage). */
export async function runCheck(flags: CheckFlags, io: CliIo): Promise<number> {
  let reporter = new Reporter(
    io,
    'normal',
    collectSecrets(io.env, { password: flags.password, url: flags.url, proxy: flags.proxy }),
  );
  let client: XltvClient | undefined;
  let serverUrl: string | undefined;
  try {
    const server = resolveServerOptions(flags, io.env);
    reporter = new Reporter(
      io,
      resolveVerbosity(flags),
      collectSecrets(io.env, { password: server.password, url: server.url, proxy: server.proxy }),
    );
    warnIfInsecure(server, reporter);
    client = connect(server);
    serverUrl = redactUserinfo(server.url ?? '');
    const context = { serverUrl, username: server.username };
    const style = reporter.outStyle;
    const line = (ok: boolean | undefined, label: string, text: string) =>
      reporter.result(renderCheckLine(ok, label, text, style));
    const fail = (label: string, error: unknown) => {
      const rendered = renderError(error, context);
      line(false, label, rendered.message);
      if (rendered.hint) reporter.result(renderCheckHint(rendered.hint, style));
      return EXIT.FAILED;
    };

    try {
      line(true, 'server', renderServerInfo(serverUrl, await client.info()));
    } catch (error) {
      if (!isXltvError(error) || !['UNAUTHORIZED', 'LICENSE_REQUIRED'].includes(error.code)) {
        return fail('server', error);
      }
      line(true, 'server', renderServerAnswersHidden(serverUrl));
    }

    try {
      await client.checkConnection();
      line(true, 'credentials', renderCredentialsOk(server.username));
      line(true, 'licence', renderLicenceOk());
    } catch (error) {
      if (isXltvError(error, 'LICENSE_REQUIRED')) {
        line(true, 'credentials', renderCredentialsOk(server.username));
        return fail('licence', error);
      }
      return fail(isXltvError(error, 'UNAUTHORIZED') ? 'credentials' : 'connection', error);
    }

    const testSpec = pick(flags.testSpec, io.env, OPTION_ENV.testSpec)?.value;
    const project = pick(flags.project, io.env, OPTION_ENV.project)?.value;
    if (testSpec === undefined) {
      line(undefined, 'target', renderTargetNotChecked());
      return EXIT.OK;
    }
    let specs;
    try {
      specs = await client.listTestSpecifications();
    } catch (error) {
      return fail('target', error);
    }
    const spec = specs.find((candidate) => candidate.id === testSpec);
    if (
      !spec ||
      (project !== undefined && spec.project?.id !== undefined && spec.project.id !== project)
    ) {
      line(false, 'target', renderTargetMissing(testSpec, project));
      return EXIT.FAILED;
    }
    if (spec.type === SPEC_SET_TYPE) {
      line(false, 'target', renderTargetIsSet(spec));
      return EXIT.FAILED;
    }
    line(true, 'target', renderTargetOk(spec));
    return EXIT.OK;
  } catch (error) {
    return reportFailure(reporter, error, { serverUrl });
  } finally {
    await client?.close().catch(() => undefined);
  }
}
