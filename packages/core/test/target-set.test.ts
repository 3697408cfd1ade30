/**
 * An upload to a test specification set is refused before anything is sent, when the
 * server's listing says the target is one; a listing that fails does not block the upload.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';
import { failure } from './helpers/errors.js';
import { INPUT_ERROR_CODES, upload, type UploadOptions } from '../src/index.js';

let receiver: Receiver;
let work: string;
const logged: string[] = [];

beforeAll(async () => {
  receiver = await startReceiver({
    specs: [
      { id: 'all', title: 'All suites', type: 'xlt.TestSpecificationSet' },
      { id: 'unit', title: 'Unit tests' },
    ],
    log: (line) => void logged.push(line),
  });
  work = await mkdtemp(join(tmpdir(), 'xltv-core-set-'));
  await mkdir(join(work, 'results'), { recursive: true });
});
afterAll(async () => {
  await receiver.close();
  await rm(work, { recursive: true, force: true });
});
afterEach(() => {
  receiver.clearFaults();
  logged.length = 0;
});

let fresh = 0;

async function options(testSpec: string, extra: Partial<UploadOptions> = {}) {
  const file = join(work, 'results', `TEST-${++fresh}.xml`);
  await writeFile(file, `<testsuite name="${fresh}"/>`);
  return {
    url: receiver.url,
    testSpec,
    include: [`results/TEST-${fresh}.xml`],
    baseDir: work,
    retries: 1,
    ...extra,
  };
}

describe('upload to a set', () => {
  it('is refused with TARGET_IS_SET, an input error, before the import is sent', async () => {
    const error = await failure(upload(await options('all')));
    expect(error.code).toBe('TARGET_IS_SET');
    expect(INPUT_ERROR_CODES.has(error.code)).toBe(true);
    expect(error.details).toMatchObject({ testSpecId: 'all', title: 'All suites' });
    expect(error.receipt?.attempts).toBe(0);
    expect(
      receiver.imports.filter((stored) => stored.target.testSpecificationId === 'all'),
    ).toEqual([]);
    expect(logged.filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  it('is refused in a dry run too', async () => {
    const error = await failure(upload(await options('all', { dryRun: true })));
    expect(error.code).toBe('TARGET_IS_SET');
  });

  it('goes on when the listing fails, which is asked once without retries', async () => {
    receiver.inject({ type: 'fail', status: 503, scope: 'api', count: 1 });
    const receipt = await upload(await options('unit'));
    expect(receipt.status).toBe('imported');
    expect(receipt.attempts).toBe(1);
    expect(receipt.warnings.map((warning) => warning.code)).not.toContain('RETRY');
    expect(logged[0]).toMatch(/^GET \S*\/api\/internal\/testspecifications\/extended → 503/);
  });
});
