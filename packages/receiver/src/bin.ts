#!/usr/bin/env node
/**
 * `xltv-receiver`: start a receiver from the command line. The first line of stdout is the
 * base URL (context root included), so scripts can read it; request lines go to stderr.
 * Runs until SIGINT/SIGTERM, then finishes requests in flight and exits 0.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadSpecificationsFile } from './catalogue.js';
import { startReceiver } from './server.js';
import type { ReceiverOptions } from './server.js';

const USAGE = `Usage: xltv-receiver [options]

A local XL TestView import server for tests, demos and dry runs.

Options:
  --port <n>              TCP port (default 6516; 0 picks a free one)
  --host <address>        address to bind (default 127.0.0.1)
  --data-dir <dir>        keep imports here and read back earlier ones (default: in memory)
  --user <u>              require HTTP Basic authentication with this user...
  --password <p>          ...and password (or set XLTV_RECEIVER_PASSWORD)
  --specs <file.json>     only these test specifications exist (default: any id, created on first use)
  --context-root <path>   serve the API under this path, e.g. /xltest
  --max-upload-bytes <n>  answer 413 to larger import bodies
  --unlicensed            answer 402 to every API call (licence simulation)
  --strict-metadata       also enforce docs/protocol.md §4 value rules on metadata
  --no-read-results       do not read the result files (no counts, no 422 for unreadable uploads)
  --server-version <v>    version reported by /api/v1/info (default 1.4.4)
  --https                 serve HTTPS (needs --tls-cert and --tls-key)
  --tls-cert <pem>        certificate file (PEM)
  --tls-key <pem>         private key file (PEM)
  -q, --quiet             no request lines on stderr
  -h, --help              show this help
`;

/** Exit code for bad command-line input. */
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`xltv-receiver: ${message}\n`);
  process.exit(USAGE_ERROR);
}

function integer(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    fail(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}.`);
  }
  return parsed;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        specs: { type: 'string' },
        'context-root': { type: 'string' },
        'max-upload-bytes': { type: 'string' },
        unlicensed: { type: 'boolean' },
        'strict-metadata': { type: 'boolean' },
        'no-read-results': { type: 'boolean' },
        'server-version': { type: 'string' },
        https: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const password = values.password ?? process.env.XLTV_RECEIVER_PASSWORD;
  if ((values.user === undefined) !== (password === undefined)) {
    fail('--user and --password (or XLTV_RECEIVER_PASSWORD) go together.');
  }
  const wantsTls = values.https === true;
  if (wantsTls !== (values['tls-cert'] !== undefined && values['tls-key'] !== undefined)) {
    fail(
      wantsTls
        ? '--https needs --tls-cert and --tls-key.'
        : '--tls-cert and --tls-key need --https.',
    );
  }

  const options: {
    -readonly [K in keyof ReceiverOptions]: ReceiverOptions[K];
  } = {
    port: integer('port', values.port, 0, 65535) ?? 6516,
    host: values.host ?? '127.0.0.1',
    licensed: values.unlicensed !== true,
    strictMetadata: values['strict-metadata'] === true,
    readResults: values['no-read-results'] !== true,
  };
  if (values['data-dir'] !== undefined) options.dataDir = values['data-dir'];
  if (values.user !== undefined && password !== undefined) {
    options.user = values.user;
    options.password = password;
  }
  if (values['context-root'] !== undefined) options.contextRoot = values['context-root'];
  const maxUploadBytes = integer(
    'max-upload-bytes',
    values['max-upload-bytes'],
    1,
    Number.MAX_SAFE_INTEGER,
  );
  if (maxUploadBytes !== undefined) options.maxUploadBytes = maxUploadBytes;
  if (values['server-version'] !== undefined) options.serverVersion = values['server-version'];
  if (!values.quiet) options.log = (line) => process.stderr.write(`${line}\n`);
  try {
    if (values.specs !== undefined) options.specs = await loadSpecificationsFile(values.specs);
    if (wantsTls) {
      options.tls = {
        cert: await readFile(values['tls-cert'] as string),
        key: await readFile(values['tls-key'] as string),
      };
    }
  } catch (error) {
    fail((error as Error).message);
  }

  let receiver;
  try {
    receiver = await startReceiver(options);
  } catch (error) {
    process.stderr.write(`xltv-receiver: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${receiver.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal: stop waiting for requests in flight.
      process.exit(130);
    }
    stopping = true;
    if (!values.quiet) process.stderr.write(`${signal}: finishing requests in flight…\n`);
    receiver.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`xltv-receiver: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
