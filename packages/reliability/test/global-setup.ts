// Runs once before the suite. A run that was killed (e.g. turbo stopping every task after
// another package failed) never reaches its afterAll clean-up, so directories it left under
// os.tmpdir() are removed here once they are clearly stale (older than two hours, so a run
// going on in parallel keeps its own).
import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const STALE_MS = 2 * 60 * 60 * 1000;

export default async function removeStaleTempDirs(): Promise<void> {
  const root = os.tmpdir();
  const names = (await readdir(root)).filter((name) => name.startsWith('xltv-rel-'));
  for (const name of names) {
    const full = path.join(root, name);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory() && Date.now() - info.mtimeMs > STALE_MS) {
      await rm(full, { recursive: true, force: true });
    }
  }
}
