#!/usr/bin/env node
// `pnpm demo`: build the CLI and the receiver, start a local receiver, upload examples/ to it
// with the real `xltv upload`, and print where to look at the result. The receiver keeps
// running until Ctrl-C.
//
//   node scripts/demo.mjs [--once] [--no-build] [--port <n>]
//
//   --once      stop the receiver after the upload and exit with the CLI's exit code
//   --no-build  use the existing dist/ folders (the end-to-end tests build before)
//   --port <n>  receiver port (default 6516, or a free one when 6516 is taken)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const receiverBin = fileURLToPath(new URL('../packages/receiver/dist/bin.js', import.meta.url));
const cliBin = fileURLToPath(new URL('../apps/cli/dist/xltv.js', import.meta.url));
const TEST_SPEC = 'demo';

const { values: options } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string', default: '6516' },
  },
});

function say(line) {
  process.stdout.write(`${line}\n`);
}

function run(command, args, extra = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...extra });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The port to use: the wanted one when it is free, else 0 (the receiver picks one). */
function freePort(wanted) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(0));
    probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(wanted)));
  });
}

/** Start the receiver; resolves with its base URL (the first line it prints) and the child. */
function startReceiver(port) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [receiverBin, '--port', String(port), '--quiet'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      reject(new Error(`the receiver stopped early (exit code ${code})`)),
    );
    createInterface({ input: child.stdout }).once('line', (url) =>
      resolve({ url: url.trim(), child }),
    );
  });
}

if (!options['no-build']) {
  say('Building @xltv/cli and @xltv/receiver …');
  const code = await run(
    'pnpm',
    ['turbo', 'run', 'build', '--filter', '@xltv/cli', '--filter', '@xltv/receiver'],
    {
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  );
  if (code !== 0) {
    process.stderr.write(`demo: the build failed (exit code ${code})\n`);
    process.exit(code);
  }
}

const wanted = Number(options.port);
const port = await freePort(wanted);
if (port !== wanted) say(`Port ${wanted} is taken; the receiver uses a free port instead.`);
const { url, child: receiver } = await startReceiver(port);
receiver.removeAllListeners('close');
say(`Receiver running at ${url}`);

// The receiver serves its pages at the server root; the demo uses no context root.
const page = `${new URL(url).origin}/`;
const uploadArgs = [
  'upload',
  'examples/**/*',
  '--exclude',
  '**/*.md',
  '--url',
  url,
  '--test-spec',
  TEST_SPEC,
  '--no-ci-api',
];
say(
  `Uploading examples/ with: xltv ${uploadArgs.map((arg) => (/[*\s]/.test(arg) ? `'${arg}'` : arg)).join(' ')}\n`,
);
const exitCode = await run(process.execPath, [cliBin, ...uploadArgs]);

say('');
if (exitCode === 0) say(`See the upload at ${page} (metadata, request headers, every zip entry).`);
else say(`xltv exited with ${exitCode}; the receiver's page is ${page}`);

async function stop(code) {
  receiver.kill('SIGTERM');
  await new Promise((resolve) => receiver.once('close', resolve));
  process.exit(code);
}

if (options.once) {
  await stop(exitCode);
} else {
  say('The receiver keeps running; press Ctrl-C to stop it.');
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}
