// The leak guard must itself be able to fail: plant each form of a secret where the suite
// looks and check that the scan reports it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  discardEvidence,
  findLeaks,
  recordDir,
  recordFile,
  recordProbe,
  recordText,
  registerBasicCredentials,
  registerSecret,
  useLeakGuard,
} from './helpers/evidence.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';

useLeakGuard();
afterAll(removeTempDirs);

/** Runs a scan, then forgets the planted evidence so this file's own afterEach stays green. */
async function scanAndClear(): Promise<string[]> {
  const leaks = await findLeaks();
  discardEvidence();
  return leaks.map((leak) => leak.where);
}

describe('leak guard', () => {
  it('finds a password in captured text, percent-encoded too', async () => {
    registerSecret('pa ss/wörd-1234');
    recordText('stderr clean', 'upload failed: 401 for user bot');
    recordText('stderr leaky', 'GET https://bot:pa%20ss%2Fw%C3%B6rd-1234@127.0.0.1/ failed');
    const where = await scanAndClear();
    expect(where).toEqual(['stderr leaky']);
  });

  it('finds the Basic token in a file and under a directory, and via a probe', async () => {
    const dir = await tempDir('guard');
    registerBasicCredentials('bot', 'Secret-Pa55word');
    const token = Buffer.from('bot:Secret-Pa55word').toString('base64');
    await writeFile(path.join(dir, 'receipt.json'), `{"auth":"Basic ${token}"}`);
    await mkdir(path.join(dir, 'data/imports/1'), { recursive: true });
    await writeFile(
      path.join(dir, 'data/imports/1/headers.json'),
      `{"authorization":"Basic ${token}"}`,
    );
    recordFile(path.join(dir, 'receipt.json'));
    recordDir(path.join(dir, 'data'));
    recordProbe('GET /imports', async () => `[{"password":"Secret-Pa55word"}]`);
    const where = await scanAndClear();
    expect(where).toHaveLength(3);
    expect(where).toContain(`file ${path.join(dir, 'receipt.json')}`);
    expect(where).toContain(`file ${path.join(dir, 'data/imports/1/headers.json')}`);
    expect(where).toContain('GET /imports');
  });

  it('refuses secrets too short to scan for', () => {
    expect(() => registerSecret('abc')).toThrow(/too short/);
  });
});
