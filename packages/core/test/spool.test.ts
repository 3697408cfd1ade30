/**
 * Spool and flush against a real @xltv/receiver: an upload that failed for a transient reason
 * is kept, exactly and without credentials, and `flush` imports it once; refusals are never
 * kept; two flushes never send one upload twice; a claim left by a dead flush is taken over.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';
import { flush, upload, type Receipt, type UploadOptions } from '../src/index.js';
import { failure } from './helpers/errors.js';

const PASSWORD = 'spool-pass-0123456';
let receiver: Receiver;
let work: string;
let spoolDir: string;

beforeAll(async () => {
  receiver = await startReceiver({
    user: 'uploader',
    password: PASSWORD,
    specs: [{ id: 'unit', title: 'Unit tests', testTool: { name: 'xlt.JUnit' } }],
  });
  work = await mkdtemp(join(tmpdir(), 'xltv-core-spool-'));
  await mkdir(join(work, 'results'));
  await writeFile(join(work, 'results', 'TEST-a.xml'), '<testsuite name="a" tests="1"/>');
});
afterAll(async () => {
  await receiver.close();
  await rm(work, { recursive: true, force: true });
});
let run = 0;
beforeEach(() => {
  spoolDir = join(work, `spool-${++run}`);
});
afterEach(() => receiver.clearFaults());

function options(extra: Partial<UploadOptions> = {}): UploadOptions {
  return {
    url: receiver.url,
    username: 'uploader',
    password: PASSWORD,
    testSpec: 'unit',
    include: ['results/*.xml'],
    baseDir: work,
    retries: 0,
    spoolDir,
    ...extra,
  };
}

const credentials = { username: 'uploader', password: PASSWORD };

/** A distinct result file per upload, so the receiver does not take one for another's 304. */
async function uploadSpooled(name: string, extra: Partial<UploadOptions> = {}): Promise<Receipt> {
  await writeFile(join(work, 'results', `TEST-${name}.xml`), `<testsuite name="${name}"/>`);
  receiver.inject({ type: 'fail', status: 503 });
  const receipt = await upload(options({ include: [`results/TEST-${name}.xml`], ...extra }));
  expect(receipt.status).toBe('spooled');
  return receipt;
}

async function entries(): Promise<string[]> {
  return readdir(spoolDir).catch(() => []);
}

it('keeps an upload that failed with 503 after its retries, and flush imports it once', async () => {
  const before = receiver.imports.length;
  const receipt = await uploadSpooled('a503');
  expect(receipt.error?.code).toBe('SERVER_ERROR');
  expect(receipt.spool).toEqual({
    id: expect.stringMatching(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/),
    dir: spoolDir,
  });
  const [entry] = await entries();
  expect(entry).toBe(receipt.spool?.id);
  const request = JSON.parse(await readFile(join(spoolDir, entry ?? '', 'request.json'), 'utf8'));
  expect(request).toMatchObject({
    version: 1,
    baseUrl: receiver.url,
    target: { testSpecId: 'unit' },
  });
  const spooled = await readFile(join(spoolDir, entry ?? '', 'body'));
  expect(spooled.length).toBe(request.contentLength);
  // Nothing of the credentials is kept: the flush brings its own.
  for (const file of ['request.json', 'body']) {
    const text = await readFile(join(spoolDir, entry ?? '', file), 'latin1');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`uploader:${PASSWORD}`).toString('base64'));
  }
  expect(receiver.imports.length).toBe(before);

  const receipts = await flush({ url: receiver.url, ...credentials, spoolDir });
  expect(receipts.map((r) => [r.status, r.spool?.id])).toEqual([['imported', entry]]);
  expect(receipts[0]?.testRunIds.length).toBeGreaterThan(0);
  expect(receiver.imports.length).toBe(before + 1);
  // The bytes the server got are the bytes kept.
  expect(receiver.imports.at(-1)?.request.bodyBytes).toBe(spooled.length);
  expect(await entries()).toEqual([]);
  expect(await flush({ ...credentials, spoolDir })).toEqual([]);
  expect(receiver.imports.length).toBe(before + 1);
});

it.each([401, 404, 422])('never keeps a refusal (%i)', async (status) => {
  receiver.inject({ type: 'fail', status });
  const error = await failure(upload(options()));
  expect(error.receipt?.status).toBe('failed');
  expect(await entries()).toEqual([]);
});

it('keeps what a flush could not send, and says why', async () => {
  const spooled = await uploadSpooled('kept');
  receiver.inject({ type: 'fail', status: 502 }, { type: 'fail', status: 401 });
  const [transient] = await flush({ ...credentials, spoolDir, retries: 0 });
  expect(transient).toMatchObject({
    status: 'spooled',
    error: { code: 'SERVER_ERROR', status: 502 },
  });
  const [refused] = await flush({ ...credentials, spoolDir, retries: 0 });
  expect(refused).toMatchObject({ status: 'failed', error: { code: 'UNAUTHORIZED' } });
  expect(await entries()).toEqual([spooled.spool?.id]);
  const [done] = await flush({ ...credentials, spoolDir });
  expect(done?.status).toBe('imported');
});

it('two flushes at once send each upload once', async () => {
  const before = receiver.imports.length;
  await uploadSpooled('twice-1');
  await uploadSpooled('twice-2');
  const [one, two] = await Promise.all([
    flush({ ...credentials, spoolDir }),
    flush({ ...credentials, spoolDir }),
  ]);
  const sent = [...(one ?? []), ...(two ?? [])];
  expect(sent.map((r) => r.status)).toEqual(['imported', 'imported']);
  expect(new Set(sent.map((r) => r.spool?.id)).size).toBe(2);
  expect(receiver.imports.length).toBe(before + 2);
});

it("takes over a dead flush's claim, leaves a live one's, and counts a 304 as sent", async () => {
  const live = await uploadSpooled('claim-live');
  const dead = await uploadSpooled('claim-dead');
  const host = os
    .hostname()
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 40);
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
  const liveId = live.spool?.id ?? '';
  const deadId = dead.spool?.id ?? '';
  await rename(join(spoolDir, liveId), join(spoolDir, `${liveId}.sending-${host}-${process.ppid}`));
  await rename(join(spoolDir, deadId), join(spoolDir, `${deadId}.sending-${host}-${deadPid}`));
  // The dead flush had sent its upload: the server has it and answers 304.
  receiver.inject({ type: 'fail', status: 304 });
  const receipts = await flush({ ...credentials, spoolDir });
  expect(receipts.map((r) => [r.spool?.id, r.status])).toEqual([[deadId, 'nothing-new']]);
  expect(await entries()).toEqual([`${liveId}.sending-${host}-${process.ppid}`]);
});

it('bounds the spool: the oldest upload is dropped past spoolMaxBytes', async () => {
  const first = await uploadSpooled('max-1');
  const size = (await readFile(join(spoolDir, first.spool?.id ?? '', 'body'))).length;
  const second = await uploadSpooled('max-2', { spoolMaxBytes: size + 1000 });
  expect(second.warnings).toContainEqual(
    expect.objectContaining({
      code: 'SPOOL_DROPPED',
      details: expect.objectContaining({ id: first.spool?.id }),
    }),
  );
  expect(await entries()).toEqual([second.spool?.id]);
  // One upload larger than the whole spool is not kept: the failure stands.
  receiver.inject({ type: 'fail', status: 503 });
  const error = await failure(upload(options({ spoolMaxBytes: 10 })));
  expect(error.receipt?.warnings).toContainEqual(expect.objectContaining({ code: 'SPOOL_FULL' }));
  expect(await entries()).toEqual([second.spool?.id]);
});

it('drops uploads older than maxAgeMs on flush, with a warning', async () => {
  const old = await uploadSpooled('aged');
  const warnings: string[] = [];
  await new Promise((resolve) => setTimeout(resolve, 20));
  const receipts = await flush({
    ...credentials,
    spoolDir,
    maxAgeMs: 10,
    onEvent: (event) => event.type === 'warning' && warnings.push(event.warning.code),
  });
  expect(receipts).toEqual([]);
  expect(warnings).toEqual(['SPOOL_DROPPED']);
  expect(await entries()).toEqual([]);
  expect(old.spool).toBeDefined();
});

it('keeps uploads for another server when flush is given a URL', async () => {
  const kept = await uploadSpooled('other');
  const warnings: string[] = [];
  const receipts = await flush({
    url: 'http://127.0.0.1:9/other',
    spoolDir,
    onEvent: (event) => event.type === 'warning' && warnings.push(event.warning.code),
  });
  expect(receipts).toEqual([]);
  expect(warnings).toEqual(['SPOOL_OTHER_SERVER']);
  expect(await entries()).toEqual([kept.spool?.id]);
});

it('checks its options before touching the spool', async () => {
  expect((await failure(flush({ spoolDir: ' ' }))).details).toMatchObject({ option: 'spoolDir' });
  expect(
    (await failure(upload(options({ spoolDir: undefined, spoolMaxBytes: 5 })))).details,
  ).toMatchObject({
    option: 'spoolMaxBytes',
    rule: 'requires',
  });
});
