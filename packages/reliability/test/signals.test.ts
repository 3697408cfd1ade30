// SIGINT and SIGTERM while an upload hangs on a stalled server: the CLI removes its
// temporary files (the spooled zip) and exits 130 / 143.
import { readdir } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useLeakGuard } from './helpers/evidence.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import { credentialEnv, resultsWorkspace, uploadArgs } from './helpers/upload.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

async function listRecursive(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String);
}

it.each([
  ['SIGINT', 130, 'spool'],
  ['SIGTERM', 143, 'spool'],
  ['SIGINT', 130, 'stream'],
  ['SIGTERM', 143, 'stream'],
] as const)(
  '%s during an upload (%s exit, %s mode): temporary files removed',
  async (signal, exitCode, mode) => {
    const credentials = newCredentials();
    const receiver = await startTestReceiver({
      user: credentials.username,
      password: credentials.password,
    });
    receiver.inject({ type: 'stall' });
    const { dir } = await resultsWorkspace(`signal-${signal}-${mode}`, 5);
    const tmp = await tempDir('cli-tmpdir');
    let child: ChildProcess | undefined;
    const finished = runCli(uploadArgs(receiver.url, mode === 'stream' ? ['--stream'] : []), {
      cwd: dir,
      env: { ...credentialEnv(credentials), TMPDIR: tmp },
      onSpawn: (spawned) => (child = spawned),
    });
    // The receiver logs the stall once the request has arrived: the upload is in flight.
    await receiver.waitForLog(/stalled/);
    const tmpAtSignal = await listRecursive(tmp);
    child?.kill(signal);
    const run = await finished;
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(exitCode);
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    // In spool mode the zip is on disk while it is sent: the check below is not vacuous.
    if (mode === 'spool') expect(tmpAtSignal.length).toBeGreaterThan(0);
    expect(await listRecursive(tmp)).toEqual([]);
    expect(receiver.imports).toHaveLength(0);
  },
);
