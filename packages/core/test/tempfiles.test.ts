// Temp files and signals, in real child processes: the module is bundled with tsup (the
// package's own build tool) so plain `node` can run it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScratch, type Scratch } from './helpers/files.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly tempDir: string;
}

describe('temporary files on signals (child processes)', () => {
  let scratch: Scratch;
  let bundle: string;
  beforeAll(async () => {
    scratch = await makeScratch();
    const outDir = await scratch.subdir('bundle');
    const { build } = await import('tsup');
    await build({
      entry: { tempfiles: path.join(here, '../src/tempfiles.ts') },
      format: ['esm'],
      outDir,
      silent: true,
      config: false,
      dts: false,
      sourcemap: false,
    });
    bundle = path.join(outDir, 'tempfiles.js');
  }, 60_000);
  afterAll(async () => scratch.cleanup());

  async function runChild(
    name: string,
    body: string,
    signal: NodeJS.Signals,
  ): Promise<ChildResult> {
    const script = path.join(scratch.dir, `${name}.mjs`);
    const parent = await scratch.subdir(`tmp-${name}`);
    await writeFile(
      script,
      `import { createTempDirectory } from ${JSON.stringify(bundle)};
const dir = await createTempDirectory(${JSON.stringify(parent)});
${body}
process.stdout.write(dir + '\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const tempDir = await new Promise<string>((resolve) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    });
    expect(existsSync(tempDir)).toBe(true);
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    child.kill(signal);
    return { ...(await exit), tempDir };
  }

  it('removes the directory on SIGINT and then dies by the signal (default behaviour)', async () => {
    const result = await runChild('default', '', 'SIGINT');
    expect(result.signal).toBe('SIGINT');
    expect(existsSync(result.tempDir)).toBe(false);
  });

  it('removes the directory on SIGTERM and leaves the exit code to the application', async () => {
    const result = await runChild(
      'app-handler',
      `process.on('SIGTERM', () => process.exit(143));`,
      'SIGTERM',
    );
    expect(result).toMatchObject({ code: 143, signal: null });
    expect(existsSync(result.tempDir)).toBe(false);
  });

  it('removes the directory on a normal exit', async () => {
    const scriptPath = path.join(scratch.dir, 'exit.mjs');
    const parent = await scratch.subdir('tmp-exit');
    await writeFile(
      scriptPath,
      `import { createTempDirectory } from ${JSON.stringify(bundle)};
const dir = await createTempDirectory(${JSON.stringify(parent)});
process.stdout.write(dir + '\\n');
setTimeout(() => process.exit(0), 10);
`,
    );
    const child = spawn(process.execPath, [scriptPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output.trim()).not.toBe('');
    expect(existsSync(output.trim())).toBe(false);
  });
});
