// Shared helpers of `pnpm bench`: process timing, statistics, the receiver, machine facts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// eslint's .mjs globals list has no setInterval; take it from node:timers.
import { setInterval as nodeSetInterval, clearInterval as nodeClearInterval } from 'node:timers';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI under test; `XLTV_BENCH_CLI` may point at another build of the same bin. */
export const CLI = process.env.XLTV_BENCH_CLI ?? path.join(ROOT, 'apps/cli/dist/xltv.js');
/** The receiver bin; `XLTV_BENCH_RECEIVER` may point at another build. */
export const RECEIVER_BIN =
  process.env.XLTV_BENCH_RECEIVER ?? path.join(ROOT, 'packages/receiver/dist/bin.js');
export const TIME_BIN = '/usr/bin/time';
export const HAS_GNU_TIME = existsSync(TIME_BIN);

/** Log a progress line on stderr (stdout stays quiet; results go to BENCHMARKS.md). */
export function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Run a command to completion. With GNU time available, wraps it to get CPU seconds and peak
 * RSS (kB); otherwise polls /proc/<pid>/status for VmHWM. Resolves with wall time in ms.
 */
export async function run(command, args, options = {}) {
  const timeFile = HAS_GNU_TIME
    ? path.join(
        os.tmpdir(),
        `xltv-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`,
      )
    : undefined;
  const argv = HAS_GNU_TIME
    ? [TIME_BIN, ['-o', timeFile, '-f', '%e %U %S %M', command, ...args]]
    : [command, args];
  const started = process.hrtime.bigint();
  const result = await new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv[1], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const poll = HAS_GNU_TIME
      ? undefined
      : setIntervalSafe(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            const match = /VmHWM:\s+(\d+) kB/.exec(status);
            if (match) peakKb = Math.max(peakKb, Number(match[1]));
          } catch {
            // Process gone between polls.
          }
        }, 20);
    child.stdout.on('data', (chunk) => {
      if (stdout.length < 1_000_000) stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 1_000_000) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (poll) poll.stop();
      resolve({ code, signal, stdout, stderr, peakKb });
    });
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let cpuMs;
  let peakRssKb = result.peakKb || undefined;
  if (timeFile) {
    try {
      const fields = (await readFile(timeFile, 'utf8')).trim().split('\n').pop().split(' ');
      cpuMs = (Number(fields[1]) + Number(fields[2])) * 1000;
      peakRssKb = Number(fields[3]);
    } catch {
      // time could not write (the command failed to start): leave CPU and RSS unknown.
    }
    await rm(timeFile, { force: true });
  }
  const outcome = { ...result, wallMs, cpuMs, peakRssKb };
  if (options.okCodes && !options.okCodes.includes(result.code)) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code ?? result.signal}\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-2000)}`,
    );
  }
  return outcome;
}

function setIntervalSafe(fn, ms) {
  const handle = nodeSetInterval(fn, ms);
  return { stop: () => nodeClearInterval(handle) };
}

/** min / median / max of numbers. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

/** `min / median / max` with a formatter. */
export function fmtStats(s, fmt) {
  return `${fmt(s.min)} / **${fmt(s.median)}** / ${fmt(s.max)}`;
}

export const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const fmtX = (ratio) => `${ratio.toFixed(2)}×`;
export const fmtMB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
export const fmtMiB = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

let tempRoot = os.tmpdir();

/** Put every later {@link tempDir} under `dir` (the run's work directory, removed at the end even when a section fails). */
export function setTempRoot(dir) {
  tempRoot = dir;
}

/** A fresh temporary directory. */
export function tempDir(label) {
  return mkdtemp(path.join(tempRoot, `xltv-bench-${label}-`));
}

/** The test specification every benchmark uploads to. */
export const SPEC_ID = 'bench-junit';

/**
 * Start `xltv-receiver` as its own process (as a user would), on 127.0.0.1 with an ephemeral
 * port and a data directory; resolves once it printed its base URL.
 */
export async function startReceiver({ dataDir, extraArgs = [] }) {
  // Open mode (no --specs): the benchmark's test specification is created on first use.
  const args = [RECEIVER_BIN, '--port', '0', '--data-dir', dataDir, '--quiet', ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 100_000) stderr += chunk;
  });
  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        child.stdout.off('data', onData);
        // Keep draining so a chatty receiver never blocks on a full pipe.
        child.stdout.resume();
        resolve(buffered.slice(0, newline).trim());
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`receiver exited ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** GET JSON from the receiver (node:http: the eslint globals of .mjs files have no fetch). */
export function getJson(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`GET ${url}: ${response.statusCode}`));
          else {
            try {
              resolve(JSON.parse(body));
            } catch (error) {
              reject(error);
            }
          }
        });
      })
      .on('error', reject);
  });
}

/** The measured commit (short hash, `+dirty` when the tree has changes), or undefined. */
export function commitOf() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return undefined;
  const dirty = spawnSync(
    'git',
    ['status', '--porcelain', '--', 'apps/cli', 'packages/core', 'packages/receiver'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return `${head.stdout.trim()}${dirty.stdout.trim() ? '+dirty' : ''}`;
}

/** Facts about this machine for the report. */
export function machine() {
  const cpus = os.cpus();
  const memTotal = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memory: memTotal,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

/** Remove a path, ignoring absence. */
export function remove(target) {
  return rm(target, { recursive: true, force: true });
}
