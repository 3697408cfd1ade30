// Nothing lost when the server is down: `upload --spool-dir` keeps the request (exit 4,
// status "spooled"), `flush` imports it exactly once when the server is back, and a flush
// killed mid-send is finished by the next one (the server's 304 counts as sent). The spool
// is scanned by the leak guard: it never holds a credential.
import type { ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { recordDir, useLeakGuard } from './helpers/evidence.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import {
  credentialEnv,
  expectStoredExactly,
  resultsWorkspace,
  uploadArgs,
} from './helpers/upload.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

/** A spool directory of the test, scanned for secrets after it. */
async function spoolDir(): Promise<string> {
  const dir = path.join(await tempDir('spool'), 'spool');
  recordDir(path.dirname(dir));
  return dir;
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

function flushArgs(dir: string, extra: readonly string[] = []): string[] {
  return ['flush', '--spool-dir', dir, '--json', ...extra];
}

it('server stopped: upload exits 4 "spooled"; once it is back, flush imports it once', async () => {
  const credentials = newCredentials();
  const env = credentialEnv(credentials);
  // A free port with nothing listening: start a receiver, note its port, stop it.
  const first = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  const { port, url } = first;
  await first.close();
  const { dir, files } = await resultsWorkspace('spool-down', 4);
  const spool = await spoolDir();

  const upload = await runCli(uploadArgs(url, ['--spool-dir', spool, '--retries', '0']), {
    cwd: dir,
    env,
  });
  expect(upload.code, upload.stderr).toBe(4);
  expect(upload.receipt).toMatchObject({
    status: 'spooled',
    exitCode: 4,
    files: 4,
    error: { code: 'NETWORK' },
    spool: { dir: spool },
  });
  expect(await entries(spool)).toHaveLength(1);

  // --soft-fail makes a spooled upload exit 0, like any other failure.
  const soft = await runCli(
    uploadArgs(url, ['--spool-dir', spool, '--retries', '0', '--soft-fail']),
    { cwd: dir, env },
  );
  expect([soft.code, soft.receipt?.status]).toEqual([0, 'spooled']);
  expect(await entries(spool)).toHaveLength(2);

  const receiver = await startTestReceiver({
    port,
    user: credentials.username,
    password: credentials.password,
  });
  const flushed = await runCli(flushArgs(spool), { env });
  expect(flushed.code, flushed.stderr).toBe(0);
  const receipts = JSON.parse(flushed.stdout) as Array<{ status: string; exitCode: number }>;
  // The second spooled upload holds the same files: the server has them by then (304).
  expect(receipts.map((r) => r.status)).toEqual(['imported', 'nothing-new']);
  expect(receiver.imports).toHaveLength(1);
  await expectStoredExactly(receiver, receiver.imports[0]!, files);
  expect(await entries(spool)).toEqual([]);

  const again = await runCli(flushArgs(spool), { env });
  expect([again.code, again.stdout.trim()]).toEqual([0, '[]']);
  expect(receiver.imports).toHaveLength(1);
});

it('a refusal is not spooled: it would fail again', async () => {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  receiver.inject({ type: 'fail', status: 422 });
  const { dir } = await resultsWorkspace('spool-refused', 2);
  const spool = await spoolDir();
  const run = await runCli(uploadArgs(receiver.url, ['--spool-dir', spool]), {
    cwd: dir,
    env: credentialEnv(credentials),
  });
  expect([run.code, run.receipt?.status, run.receipt?.error?.code]).toEqual([
    1,
    'failed',
    'UNPROCESSABLE',
  ]);
  expect(await entries(spool)).toEqual([]);
});

it('a flush killed mid-send is finished by the next one, and the upload is imported once', async () => {
  const credentials = newCredentials();
  const env = credentialEnv(credentials);
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  const { dir, files } = await resultsWorkspace('spool-killed', 3);
  const spool = await spoolDir();
  receiver.inject({ type: 'fail', status: 503 });
  const upload = await runCli(uploadArgs(receiver.url, ['--spool-dir', spool, '--retries', '0']), {
    cwd: dir,
    env,
  });
  expect(upload.code, upload.stderr).toBe(4);

  // The server stores the import, then holds its answer back: the flush is killed meanwhile.
  receiver.inject({ type: 'delay', ms: 20_000 });
  let child: ChildProcess | undefined;
  const killed = runCli(flushArgs(spool), { env, onSpawn: (spawned) => (child = spawned) });
  while (receiver.imports.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  child?.kill('SIGKILL');
  expect((await killed).signal).toBe('SIGKILL');
  // Left claimed by the dead flush: not sent, not lost.
  expect(await entries(spool)).toEqual([expect.stringMatching(/\.sending-/)]);

  receiver.clearFaults();
  const next = await runCli(flushArgs(spool), { env });
  expect(next.code, next.stderr).toBe(0);
  expect((JSON.parse(next.stdout) as Array<{ status: string }>).map((r) => r.status)).toEqual([
    'nothing-new',
  ]);
  expect(receiver.imports).toHaveLength(1);
  await expectStoredExactly(receiver, receiver.imports[0]!, files);
  expect(await entries(spool)).toEqual([]);
});
