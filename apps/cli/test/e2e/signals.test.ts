/**
 * An interrupted upload: the server stalls (reads the body, never answers), the user or the
 * CI stops the job. The CLI exits 130 on SIGINT and 143 on SIGTERM, its receipt says so,
 * and the temporary directory it used (TMPDIR) is left empty.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '@xltv/receiver';
import {
  receiptOf,
  receiver,
  removeDir,
  runXltv,
  tempDir,
  workspaceWithExamples,
} from './helpers.js';

let ws: string;
let server: Receiver;
beforeAll(async () => {
  ws = workspaceWithExamples();
  server = await receiver();
});
afterAll(async () => {
  await server.close();
  removeDir(ws);
});

describe.each([
  ['SIGINT', 130, []],
  ['SIGTERM', 143, []],
  ['SIGINT', 130, ['--stream']],
] as const)('%s during an upload%s', (signal, expectedCode, extra) => {
  it(`exits ${expectedCode} and leaves no temporary file`, async () => {
    const tmp = tempDir('signal-tmp');
    try {
      server.inject({ type: 'stall' });
      let sent = false;
      let duringUpload: string[] = [];
      const run = await runXltv(
        [
          'upload',
          'results/**/*',
          '--url',
          server.url,
          '--test-spec',
          'stalled',
          '--json',
          ...extra,
        ],
        {
          cwd: ws,
          env: { TMPDIR: tmp },
          onSpawn: (child) => {
            const interrupt = () => {
              if (!sent) {
                sent = true;
                duringUpload = readdirSync(tmp);
                child.kill(signal);
              }
            };
            // Interrupt once the request is on its way (the stall holds the response).
            child.stderr?.on('data', (text: Buffer | string) => {
              if (String(text).includes('Uploading to')) setTimeout(interrupt, 300);
            });
          },
        },
      );
      expect(sent).toBe(true);
      expect(run.signal).toBeNull();
      expect(run.code, run.stderr).toBe(expectedCode);
      expect(receiptOf(run)).toMatchObject({
        status: 'failed',
        exitCode: expectedCode,
        error: { code: 'ABORTED' },
      });
      expect(run.stderr).toMatch(/Interrupted/);
      // The spooled zip was there while the request was in flight, and is gone now.
      if (!(extra as readonly string[]).includes('--stream'))
        expect(duringUpload.length).toBeGreaterThan(0);
      expect(readdirSync(tmp)).toEqual([]);
      expect(
        server.imports.filter((stored) => stored.target.testSpecificationId === 'stalled'),
      ).toHaveLength(0);
    } finally {
      server.clearFaults();
      removeDir(tmp);
    }
  });
});
