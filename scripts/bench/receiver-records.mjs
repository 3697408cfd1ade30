// Reading back what @xltv/receiver stored (its JSON API and its data directory layout:
// <data-dir>/imports/<id>/{import.json,results.zip}; see packages/receiver/README.md).
import { open } from 'node:fs/promises';
import path from 'node:path';
import { getJson } from './lib.mjs';

/** The accepted imports, oldest first. */
export function importsOf(url) {
  return getJson(`${new URL(url).origin}/imports`);
}

/** Whether a zip file ends with a Zip64 end-of-central-directory locator (PK\x06\x07). */
async function hasZip64Locator(file) {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    return tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
  } finally {
    await handle.close();
  }
}

/** Entries of one stored import (name, size, sha256 as the receiver computed them, CRC verified) and whether its zip is Zip64. */
export async function storedEntries(url, dataDir, record) {
  const zipFile = path.join(dataDir, 'imports', record.id, 'results.zip');
  let zip64;
  try {
    zip64 = await hasZip64Locator(zipFile);
  } catch {
    zip64 = undefined;
  }
  return {
    id: record.id,
    zipBytes: record.zip?.size,
    zip64,
    entries: record.entries.map((entry) => ({
      name: entry.path,
      size: entry.size,
      sha256: entry.sha256,
    })),
  };
}
