/** `pnpm demo --once`: the README's first command, without its build step. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, SCRIPTS_DIR, baseEnv } from './helpers.js';

describe('scripts/demo.mjs', () => {
  it('starts the receiver, uploads examples/, says where to see them, and stops with --once', async () => {
    const child = spawn(
      NODE,
      [join(SCRIPTS_DIR, 'demo.mjs'), '--once', '--no-build', '--port', '0'],
      {
        env: baseEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/Receiver running at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/Imported 4 files into test specification "demo"/);
    expect(stdout).toMatch(/See the upload at http:\/\/127\.0\.0\.1:\d+\//);
  });
});
