/**
 * An interrupted upload: the server stalls (reads the body, never answers), the user or the
 * CI stops the job. The CLI exits 130 on SIGINT and 143 on SIGTERM, its receipt says so,
 * and the temporary directory it used (TMPDIR) is left empty.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { receiptOf, removeDir, runXltv, tempDir, workspaceAndReceiver } from './helpers.js';

const setup = workspaceAndReceiver();

describe.each([
  ['SIGINT', 130, []],
  ['SIGTERM', 143, []],
  ['SIGINT', 130, ['--stream']],
] as const)('%s during an upload%s', (signal, expectedCode, extra) => {
  it(`exits ${expectedCode} and leaves no temporary file`, async () => {
    const tmp = tempDir('signal-tmp');
    try {
      setup.server.inject({ type: 'stall' });
      let sent = false;
      let duringUpload: string[] = [];
      const run = await runXltv(
        [
          'upload',
          'results/**/*',
          '--url',
          setup.server.url,
          '--test-spec',
          'stalled',
          '--json',
          ...extra,
        ],
        {
          cwd: setup.ws,
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
        setup.server.imports.filter((stored) => stored.target.testSpecificationId === 'stalled'),
      ).toHaveLength(0);
    } finally {
      setup.server.clearFaults();
      removeDir(tmp);
    }
  });
});
