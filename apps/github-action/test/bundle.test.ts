/**
 * The bundle is committed (a `uses:` step runs it without an install): it must be what the
 * sources build today, or users would run code no test saw. Rebuilt into a temporary
 * directory and compared byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTION_DIR } from './runner.js';

const out = mkdtempSync(join(tmpdir(), 'xltv-action-dist-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function tsupCli(): string {
  const manifest = createRequire(import.meta.url).resolve('tsup/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { tsup: string } };
  return join(dirname(manifest), bin.tsup);
}

describe('the committed dist/', () => {
  it('is what the sources build (else: pnpm --filter @xltv/github-action bundle)', () => {
    execFileSync(process.execPath, [tsupCli(), '--out-dir', out, '--silent'], {
      cwd: ACTION_DIR,
      stdio: 'pipe',
    });
    for (const file of ['index.js', 'zip-worker.js']) {
      const committed = readFileSync(join(ACTION_DIR, 'dist', file), 'utf8');
      const rebuilt = readFileSync(join(out, file), 'utf8');
      expect(committed === rebuilt, `dist/${file} is stale`).toBe(true);
    }
  });
});
