#!/usr/bin/env node
// `pnpm demo` (or `node scripts/demo.mjs`): build the CLI and the receiver, start a local
// receiver, upload examples/ to it with the real `xltv upload`, and print where to look at the
// result. The receiver keeps running until Ctrl-C.
//
//   node scripts/demo.mjs [--once] [--no-build] [--port <n>]
//
//   --once      stop the receiver after the upload and exit with the CLI's exit code
//   --no-build  use the existing dist/ folders (the end-to-end tests build before)
//   --port <n>  receiver port (default 6516, or a free one when 6516 is taken)
//
// The build is only what the demo runs, in seconds: tsup for apps/cli (which bundles core and
// the adapters from their TypeScript sources, so nothing else is built first) and tsup for
// packages/receiver without its type declarations (the demo runs its bin only; `pnpm build`
// makes the full dist/). Both run at once, straight from node_modules (no pnpm, no turbo);
// their output is shown only when one fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

/** tsup's CLI script, from the root's node_modules (undefined when not installed). */
function tsupBin() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const manifest = require.resolve('tsup/package.json');
    return join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.tsup);
  } catch {
    return undefined;
  }
}

/** Run a build quietly: resolves with its exit code and everything it printed. */
function build(script, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ code: 1, log: String(error) }));
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), log: Buffer.concat(output).toString('utf8') }),
    );
  });
}

if (!options['no-build']) {
  const tsup = tsupBin();
  if (!tsup) {
    process.stderr.write(
      'demo: tsup is not installed; run `npx -y pnpm@12.4.2 install` in the repository first\n',
    );
    process.exit(1);
  }
  const started = performance.now();
  const builds = [
    { name: '@xltv/cli', cwd: join(root, 'apps/cli'), args: [] },
    { name: '@xltv/receiver', cwd: join(root, 'packages/receiver'), args: ['--no-dts'] },
  ];
  const results = await Promise.all(builds.map(({ args, cwd }) => build(tsup, args, cwd)));
  const failed = builds.map((b, i) => ({ ...b, ...results[i] })).filter((b) => b.code !== 0);
  if (failed.length > 0) {
    const report = failed.map(
      ({ name, log, code }) => `${log}\ndemo: the build of ${name} failed (exit code ${code})\n`,
    );
    // Exit once the whole log is written (a pipe may take it asynchronously).
    process.stderr.write(report.join('\n'), () => process.exit(failed[0].code));
    await new Promise(() => {});
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(`Built @xltv/cli and @xltv/receiver in ${seconds} s.`);
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
