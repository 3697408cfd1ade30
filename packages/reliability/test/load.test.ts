// 50 concurrent CLI uploads into one receiver, each with its own files and a metadata marker:
// every import arrives, holds exactly its own files byte for byte, and nothing crosses over.
import { afterAll, afterEach, expect, it } from 'vitest';
import { expectOrderlyExit, runCli } from './helpers/cli.js';
import { useLeakGuard } from './helpers/evidence.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs } from './helpers/tmp.js';
import {
  credentialEnv,
  expectStoredExactly,
  resultsWorkspace,
  uploadArgs,
} from './helpers/upload.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

const UPLOADS = 50;

it(`${UPLOADS} concurrent uploads: all imported, each exactly its own files`, async () => {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  const workspaces = await Promise.all(
    Array.from({ length: UPLOADS }, (_, index) =>
      resultsWorkspace(`load-${index}`, 2 + (index % 4)),
    ),
  );
  // All 50 processes start at once: this is the load. Half of them stream, half spool.
  const runs = await Promise.all(
    workspaces.map(({ dir }, index) =>
      runCli(
        uploadArgs(receiver.url, [
          '--meta',
          `uploadMarker=upload-${index}`,
          '--retries',
          '5',
          ...(index % 2 ? ['--stream'] : []),
        ]),
        { cwd: dir, env: credentialEnv(credentials), timeoutMs: 170_000 },
      ),
    ),
  );
  runs.forEach((run, index) => {
    expectOrderlyExit(run);
    expect(run.code, `upload ${index}: ${run.stderr}`).toBe(0);
    expect(run.receipt?.status).toBe('imported');
    expect(run.receipt?.files).toBe(workspaces[index]!.files.size);
  });
  const imports = receiver.imports;
  expect(imports).toHaveLength(UPLOADS);
  const byMarker = new Map(imports.map((record) => [record.metadata.uploadMarker, record]));
  expect(byMarker.size).toBe(UPLOADS);
  for (let index = 0; index < UPLOADS; index += 1) {
    const record = byMarker.get(`upload-${index}`);
    expect(record, `import of upload ${index}`).toBeDefined();
    await expectStoredExactly(receiver, record!, workspaces[index]!.files);
    // The receipt's run id is the one the receiver gave this very import.
    expect(runs[index]!.receipt?.testRunIds).toEqual([...record!.testRunIds]);
  }
}, 180_000);
