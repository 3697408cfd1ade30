/** The server connection shared by `check` and `specs` (upload builds its own client). */
import { XltvClient, XltvError } from '@xltv/core';
import { keepHttpParserOnBaselineCompiler } from './http-parser-memory.js';
import { userAgent } from './meta.js';
import type { Reporter } from './reporter.js';
import { formatWarning } from './render/warnings.js';
import { OPTION_ENV, type ServerOptions } from './options.js';

/** A client for `server`; `--url` / `XLTV_URL` is required. */
export function connect(server: ServerOptions, signal?: AbortSignal): XltvClient {
  if (server.url === undefined) {
    throw new XltvError('INVALID_OPTION', 'no server URL given', {
      option: '--url',
      env: OPTION_ENV.url,
      missing: true,
      expected: 'the XL TestView base URL, with any context root (https://host:6516/xltest)',
    });
  }
  keepHttpParserOnBaselineCompiler();
  return new XltvClient({
    url: server.url,
    username: server.username,
    password: server.password,
    userAgent: userAgent('local'),
    connectTimeoutMs: server.connectTimeoutMs,
    timeoutMs: server.timeoutMs,
    retries: server.retries,
    proxy: server.proxy,
    caCertFile: server.caCertFile,
    insecure: server.insecure,
    ...(signal ? { signal } : {}),
  });
}

/** The `--insecure` warning: printed even with `--quiet`, since it is about security. */
export const INSECURE_WARNING = {
  code: 'INSECURE_TLS',
  message: 'TLS verification disabled',
} as const;

/** Print {@link INSECURE_WARNING} when `--insecure` is on. */
export function warnIfInsecure(server: ServerOptions, reporter: Reporter): void {
  if (server.insecure) reporter.error(formatWarning(INSECURE_WARNING, reporter.errStyle));
}
