/** Common pieces of an upload test: a workspace of result files, the CLI arguments, checks on what the receiver stored. */
import { expect } from 'vitest';
import type { Receiver } from '@xltv/receiver';
import type { Credentials } from './receiver.js';
import { writeJunitResults, type WrittenFiles } from './fixtures.js';
import { tempDir } from './tmp.js';
import { readZip } from './zip.js';
import { getBuffer } from './receiver.js';

/** The test specification id every upload of the suite targets (the receiver creates it on first use). */
export const SPEC_ID = 'reliability-suite';

/** One stored import, as the receiver lists it. */
export type StoredImport = Receiver['imports'][number];

/** A directory with `count` JUnit files under `results/`, unique to `seed`. */
export async function resultsWorkspace(
  seed: string,
  count = 3,
): Promise<{ dir: string; files: WrittenFiles }> {
  const dir = await tempDir('ws');
  const files = await writeJunitResults(dir, seed, count);
  return { dir, files };
}

/** `upload results/** --url … --test-spec … --ci none --json …extra`. */
export function uploadArgs(url: string, extra: readonly string[] = []): string[] {
  return [
    'upload',
    'results/**',
    '--url',
    url,
    '--test-spec',
    SPEC_ID,
    '--ci',
    'none',
    '--json',
    ...extra,
  ];
}

/** The environment that hands credentials to the CLI (the documented way: password by env). */
export function credentialEnv(credentials: Credentials): Record<string, string> {
  return { XLTV_USERNAME: credentials.username, XLTV_PASSWORD: credentials.password };
}

/**
 * The import holds exactly `files` (same names, same bytes), checked twice: against the
 * receiver's own per-entry sha256 and CRC record, and by downloading the stored zip and reading
 * it back with an independent reader.
 */
export async function expectStoredExactly(
  receiver: { origin: string },
  record: StoredImport,
  files: WrittenFiles,
): Promise<void> {
  const recorded = Object.fromEntries(record.entries.map((entry) => [entry.path, entry.sha256]));
  expect(recorded).toEqual(Object.fromEntries(files));
  const zip = await getBuffer(`${receiver.origin}/imports/${encodeURIComponent(record.id)}/zip`);
  const entries = await readZip(zip);
  expect(entries.every((entry) => entry.crcOk)).toBe(true);
  expect(Object.fromEntries(entries.map((entry) => [entry.name, entry.sha256]))).toEqual(
    Object.fromEntries(files),
  );
}
