// Real files on disk for zip and upload tests, described as the SelectedFile contract.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SelectedFile } from '../../src/files.js';

/** A scratch directory under os.tmpdir(), removed by `cleanup()`. */
export interface Scratch {
  readonly dir: string;
  /** Write `content` at `name` (relative, `/` separators) and describe it as a SelectedFile. */
  file(name: string, content: string | Buffer): Promise<SelectedFile>;
  /** A fresh empty sub-directory (e.g. a tmpDir for spooling). */
  subdir(name: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeScratch(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xltv-core-test-'));
  return {
    dir,
    async file(name, content) {
      const filePath = path.join(dir, 'files', ...name.split('/'));
      await mkdir(path.dirname(filePath), { recursive: true });
      await writeFile(filePath, content);
      const stats = await stat(filePath);
      return { path: filePath, name, size: stats.size, mtimeMs: stats.mtimeMs };
    },
    async subdir(name) {
      const sub = path.join(dir, name);
      await mkdir(sub, { recursive: true });
      return sub;
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A small, varied set of result files: nested dirs, a non-ASCII name, an empty file, binary bytes. */
export async function sampleFiles(scratch: Scratch): Promise<SelectedFile[]> {
  const binary = Buffer.alloc(70_000);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 251;
  const files = [
    await scratch.file('build/test-results/TEST-a.xml', '<testsuite name="a" tests="1"/>\n'),
    await scratch.file('build/test-results/TEST-ü€漢.xml', '<testsuite name="unicode"/>\n'),
    await scratch.file('empty.txt', ''),
    await scratch.file('reports/binary.bin', binary),
    await scratch.file('reports/with space/TEST b.xml', '<testsuite name="b"/>\n'.repeat(500)),
  ];
  return files.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}
