// Transient and fatal network faults, injected by a real receiver (or the network itself), and
// the exact outcome of the built CLI for each: exit code, receipt, attempts, what was stored.
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { expectOrderlyExit, runCli } from './helpers/cli.js';
import { useLeakGuard } from './helpers/evidence.js';
import { junitXml, writeFileAt } from './helpers/fixtures.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { startTap, type RequestTap } from './helpers/tap.js';
import { removeTempDirs } from './helpers/tmp.js';
import {
  credentialEnv,
  expectStoredExactly,
  resultsWorkspace,
  uploadArgs,
} from './helpers/upload.js';

useLeakGuard();
let tap: RequestTap | undefined;
afterEach(async () => {
  await tap?.close();
  tap = undefined;
  await closeReceivers();
});
afterAll(removeTempDirs);

async function authedReceiver() {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  return { receiver, env: credentialEnv(credentials) };
}

describe('5xx and 429 are retried', () => {
  it('503 twice with --retries 3: imported on attempt 3', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir, files } = await resultsWorkspace('503-twice');
    receiver.inject({ type: 'fail', status: 503, count: 2 });
    const run = await runCli(uploadArgs(receiver.url, ['--retries', '3']), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt).toMatchObject({ status: 'imported', exitCode: 0, attempts: 3, files: 3 });
    expect(receiver.pendingFaults()).toEqual([]);
    expect(receiver.imports).toHaveLength(1);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('503 four times with --retries 3: exit 1 after 4 attempts, nothing stored', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir } = await resultsWorkspace('503-four');
    receiver.inject({ type: 'fail', status: 503, count: 4 });
    const run = await runCli(uploadArgs(receiver.url, ['--retries', '3']), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({
      status: 'failed',
      exitCode: 1,
      attempts: 4,
      error: { code: 'SERVER_ERROR', status: 503 },
    });
    // All four injected failures were consumed: four POSTs reached the server.
    expect(receiver.pendingFaults()).toEqual([]);
    expect(receiver.imports).toHaveLength(0);
    expect(run.stderr).toMatch(/503/);
  });

  it('429 with Retry-After: 1 waits at least one second before the next attempt', async () => {
    const { receiver, env } = await authedReceiver();
    tap = await startTap(receiver.origin);
    const { dir, files } = await resultsWorkspace('429');
    receiver.inject({ type: 'fail', status: 429, retryAfter: '1' });
    const run = await runCli(uploadArgs(tap.url, ['--retries', '3']), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt).toMatchObject({ status: 'imported', attempts: 2 });
    const posts = tap.requests.filter((request) => request.method === 'POST');
    expect(posts.map((post) => post.status)).toEqual([429, 200]);
    const [first, second] = posts as [(typeof posts)[0], (typeof posts)[0]];
    expect(first.respondedAt).toBeDefined();
    // The client got the 429 no earlier than the tap finished writing it, and sent the retry
    // no later than the tap saw it: so this gap bounds the client's wait from above.
    // (10 ms of slack for timer rounding.)
    expect(second.arrivedAt - (first.respondedAt ?? 0)).toBeGreaterThanOrEqual(990);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });
});

describe('connection faults', () => {
  it('a reset mid-body is retried with a fresh body: exactly one intact import', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir, files } = await resultsWorkspace('reset', 2);
    // Bigger files so the reset really lands inside the zip part.
    for (let index = 0; index < 4; index += 1) {
      const name = `results/big/TEST-Big${index}.xml`;
      files.set(name, await writeFileAt(dir, name, junitXml(`Big${index}`, `reset-${index}`, 400)));
    }
    receiver.inject({ type: 'reset', afterBytes: 8192 });
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt).toMatchObject({ status: 'imported', attempts: 2, files: 6 });
    expect(receiver.pendingFaults()).toEqual([]);
    expect(receiver.imports).toHaveLength(1);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('the same reset in --stream mode: the retry re-zips, one intact import', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir, files } = await resultsWorkspace('reset-stream', 2);
    for (let index = 0; index < 4; index += 1) {
      const name = `results/big/TEST-Big${index}.xml`;
      files.set(name, await writeFileAt(dir, name, junitXml(`Big${index}`, `rs-${index}`, 400)));
    }
    receiver.inject({ type: 'reset', afterBytes: 8192 });
    const run = await runCli(uploadArgs(receiver.url, ['--stream']), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt).toMatchObject({ status: 'imported', attempts: 2 });
    expect(receiver.pendingFaults()).toEqual([]);
    expect(receiver.imports).toHaveLength(1);
    expect(receiver.imports[0]!.request.transfer).toBe('chunked');
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('a stalled server hits --timeout 2: exit 1, TIMEOUT, a message naming the limit', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir } = await resultsWorkspace('stall');
    receiver.inject({ type: 'stall' });
    const run = await runCli(uploadArgs(receiver.url, ['--timeout', '2', '--retries', '0']), {
      cwd: dir,
      env,
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'TIMEOUT' },
    });
    expect(run.receipt?.durationMs).toBeGreaterThanOrEqual(2000);
    expect(run.receipt?.durationMs).toBeLessThan(30_000);
    expect(run.stderr).toMatch(/time(d)?[ -]?out/i);
    expect(run.stderr).toMatch(/--timeout|\b2 ?s(econds?)?\b/);
    expect(receiver.imports).toHaveLength(0);
  });

  it('connection refused: retried, then exit 1 with NETWORK naming the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const { dir } = await resultsWorkspace('refused');
    const run = await runCli(uploadArgs(`http://127.0.0.1:${port}`, ['--retries', '1']), {
      cwd: dir,
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    // Refused is transient: one retry was made.
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: { code: 'NETWORK' },
    });
    expect(run.stderr).toContain(`127.0.0.1:${port}`);
    expect(run.stderr).toMatch(/refused/i);
  });

  it('unknown host (.invalid never resolves): exit 1 with NETWORK naming the host', async () => {
    const { dir } = await resultsWorkspace('dns');
    const run = await runCli(uploadArgs('http://nonexistent.invalid', ['--retries', '1']), {
      cwd: dir,
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    // A name that does not resolve is not transient: no retry.
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'NETWORK' },
    });
    expect(run.stderr).toContain('nonexistent.invalid');
    expect(run.stderr).toMatch(/resolve|not found|ENOTFOUND|DNS|unknown host/i);
  });
});

describe('304', () => {
  it('after a lost response the retry gets 304: "already imported", exit 0, one import', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir, files } = await resultsWorkspace('lost');
    receiver.inject({ type: 'lose-response' });
    const receiptFile = `${dir}/receipt.json`;
    // Human output on stdout this time (the receipt goes to a file) to see the wording.
    const args = uploadArgs(receiver.url, ['--receipt', receiptFile]).filter(
      (arg) => arg !== '--json',
    );
    const run = await runCli(args, { cwd: dir, env });
    expectOrderlyExit(run, false);
    expect(run.code).toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).toMatch(/already imported/i);
    const receipt = JSON.parse(await readFile(receiptFile, 'utf8')) as Record<string, unknown>;
    expect(receipt).toMatchObject({ status: 'imported', exitCode: 0, attempts: 2 });
    expect(receiver.imports).toHaveLength(1);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('the same files uploaded again (no lost response) are "nothing new": exit 3', async () => {
    const { receiver, env } = await authedReceiver();
    const { dir, files } = await resultsWorkspace('again');
    const first = await runCli(uploadArgs(receiver.url), { cwd: dir, env });
    expect(first.code).toBe(0);
    const second = await runCli(uploadArgs(receiver.url), { cwd: dir, env });
    expectOrderlyExit(second);
    expect(second.code).toBe(3);
    expect(second.receipt).toMatchObject({ status: 'nothing-new', exitCode: 3, attempts: 1 });
    expect(receiver.imports).toHaveLength(1);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });
});
