import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const created: string[] = [];

/** A fresh directory under os.tmpdir(); removed by {@link removeTempDirs}. */
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `xltv-rel-${label}-`));
  created.push(dir);
  return dir;
}

/** Remove every directory made by {@link tempDir} so far. */
export async function removeTempDirs(): Promise<void> {
  const dirs = created.splice(0);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
