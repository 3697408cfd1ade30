/**
 * The receiver reads the result files of an upload, as XL TestView does: real HTTP, real zips.
 * The specification's tool reads only the files its parser reads; an upload of which it reads
 * nothing gets 422 and is not stored; what it reads is kept as the record's `results`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../src/index.js';
import type { Receiver, ReceiverOptions, StoredImport } from '../src/index.js';
import {
  archiverZip,
  importHeaders,
  jsonPart,
  multipartBody,
  newBoundary,
  request,
  zipPart,
} from './helpers.js';
import type { RawOutcome, ZipFileSpec } from './helpers.js';

/** 4 tests: 1 passed, 1 failed, 1 error, 1 skipped (`seed` keeps uploads apart for de-duplication). */
function junit(seed: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.CartTest" tests="4" failures="1" errors="1" skipped="1" timestamp="2026-01-02T10:00:00" time="0.3" hostname="${seed}">
  <testcase classname="com.example.CartTest" name="adds" time="0.1"/>
  <testcase classname="com.example.CartTest" name="removes" time="0.1"><failure message="expected 2 but was 3">AssertionError</failure></testcase>
  <testcase classname="com.example.CartTest" name="totals" time="0.1"><error message="boom" type="java.lang.NullPointerException"/></testcase>
  <testcase classname="com.example.CartTest" name="discounts" time="0"><skipped/></testcase>
</testsuite>
`;
}

/** 2 tests: 1 passed, 1 failed. */
function trx(seed: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<TestRun id="${seed}" name="run ${seed}" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Times creation="2026-01-02T10:00:00.0000000+00:00" start="2026-01-02T10:00:00.0000000+00:00" finish="2026-01-02T10:00:01.0000000+00:00"/>
  <Results>
    <UnitTestResult executionId="1" testId="1" testName="Adds" outcome="Passed" duration="00:00:00.1000000"/>
    <UnitTestResult executionId="2" testId="2" testName="Removes" outcome="Failed" duration="00:00:00.1000000"/>
  </Results>
</TestRun>
`;
}

const SPECS: ReceiverOptions['specs'] = {
  junit: { testTool: { name: 'xlt.JUnit' } },
  trx: { testTool: { name: 'xlt.Trx' } },
  custom: { testTool: { name: 'acme.HomeGrown' } },
};

let seeds = 0;
function seed(): string {
  seeds += 1;
  return `s${seeds}-${Date.now()}`;
}

async function upload(
  receiver: Receiver,
  specId: string,
  files: ZipFileSpec[],
): Promise<RawOutcome> {
  const boundary = newBoundary();
  return request(`${receiver.url}/api/internal/import/${encodeURIComponent(specId)}`, {
    headers: importHeaders(boundary),
    body: multipartBody(boundary, [jsonPart({}), zipPart(await archiverZip(files))]),
  });
}

/** The stored record of an accepted upload, read back through `GET /imports/{id}`. */
async function storedRecord(receiver: Receiver, response: RawOutcome): Promise<StoredImport> {
  expect(response.status, response.body).toBe(200);
  const { testRunId } = JSON.parse(response.body) as { testRunId: string };
  const record = receiver.imports.find((stored) => stored.testRunIds.includes(testRunId));
  expect(record).toBeDefined();
  const read = await request(`${receiver.origin}/imports/${record?.id ?? ''}`);
  expect(read.status).toBe(200);
  return JSON.parse(read.body) as StoredImport;
}

describe('reading results (listed specifications)', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ specs: SPECS });
  });
  afterAll(() => receiver.close());

  it('a JUnit zip to an xlt.JUnit specification: 200, and the counts are stored', async () => {
    const response = await upload(receiver, 'junit', [
      { name: 'build/TEST-a.xml', content: junit(seed()) },
      { name: 'build/TEST-b.xml', content: junit(seed()) },
    ]);
    const record = await storedRecord(receiver, response);
    expect(record.results).toMatchObject({
      files: 2,
      tests: 8,
      passed: 2,
      failed: 2,
      errors: 2,
      skipped: 2,
      formats: { junit: 2 },
    });
    const listed = JSON.parse((await request(`${receiver.origin}/imports`)).body) as StoredImport[];
    expect(listed.find((stored) => stored.id === record.id)?.results).toEqual(record.results);
  });

  it('a TRX-only zip to an xlt.JUnit specification: 422 naming what was found, nothing stored', async () => {
    const before = receiver.imports.length;
    const response = await upload(receiver, 'junit', [
      { name: 'TestResults/a.trx', content: trx(seed()) },
      { name: 'TestResults/b.trx', content: trx(seed()) },
      { name: 'TestResults/c.trx', content: trx(seed()) },
    ]);
    expect(response.status).toBe(422);
    const body = JSON.parse(response.body) as {
      message: string;
      status: number;
      errorCode: string;
    };
    expect(body).toMatchObject({ status: 422, errorCode: 'NOTHING_THE_TOOL_READS' });
    expect(body.message).toContain('nothing xlt.JUnit reads: 3 files, formats: trx 3');
    expect(receiver.imports.length).toBe(before);
    const listed = JSON.parse((await request(`${receiver.origin}/imports`)).body) as unknown[];
    expect(listed.length).toBe(before);
  });

  it('the same TRX zip to an xlt.Trx specification is read', async () => {
    const record = await storedRecord(
      receiver,
      await upload(receiver, 'trx', [{ name: 'TestResults/a.trx', content: trx(seed()) }]),
    );
    expect(record.results).toMatchObject({ files: 1, tests: 2, passed: 1, failed: 1 });
    expect(record.results?.formats).toEqual({ trx: 1 });
  });

  it('a mixed zip: 200; the counts are what the tool reads, the other files are problems', async () => {
    const record = await storedRecord(
      receiver,
      await upload(receiver, 'junit', [
        { name: 'TEST-mixed.xml', content: junit(seed()) },
        { name: 'results.trx', content: trx(seed()) },
        { name: 'notes.txt', content: 'not a result file\n' },
      ]),
    );
    expect(record.entries.map((entry) => entry.path)).toEqual([
      'TEST-mixed.xml',
      'results.trx',
      'notes.txt',
    ]);
    expect(record.results).toMatchObject({ files: 1, tests: 4, formats: { junit: 1 } });
    expect(record.results?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'results.trx', code: 'TOOL_MISMATCH' }),
        expect.objectContaining({ file: 'notes.txt', code: 'UNKNOWN_FORMAT' }),
      ]),
    );
  });

  it('a tool the reader does not know (custom) is not second-guessed', async () => {
    const record = await storedRecord(
      receiver,
      await upload(receiver, 'custom', [{ name: 'out/a.trx', content: trx(seed()) }]),
    );
    expect(record.results).toMatchObject({ files: 1, tests: 2, formats: { trx: 1 } });
  });

  it('the page shows each upload’s counts and formats', async () => {
    const record = await storedRecord(
      receiver,
      await upload(receiver, 'junit', [{ name: 'TEST-page.xml', content: junit(seed()) }]),
    );
    const page = await request(`${receiver.origin}/`);
    expect(page.status).toBe(200);
    const section = page.body.slice(page.body.indexOf(record.id));
    expect(section.slice(0, section.indexOf('</section>'))).toMatch(
      /<strong>4<\/strong> tests · <strong>1<\/strong> passed · <strong>1<\/strong> failed · <strong>1<\/strong> errors · <strong>1<\/strong> skipped · <strong>0<\/strong> flaky · formats: junit 1 · 1 of 1 file\(s\) read/,
    );
  });

  it('malformed, truncated and binary files neither crash the receiver nor hide good files', async () => {
    const bad: ZipFileSpec[] = [
      { name: 'TEST-truncated.xml', content: junit(seed()).slice(0, 200) },
      { name: 'TEST-malformed.xml', content: '<testsuite><testcase name="a"></testsuit>' },
      { name: 'TEST-binary.xml', content: Buffer.from([0x3c, 0x00, 0xff, 0xfe, 0x3c, 0x3c, 0x00]) },
      { name: 'TEST-deep.xml', content: `${'<testsuite>'.repeat(5000)}` },
      { name: 'cucumber.json', content: '[{"elements": [' },
    ];
    const alone = await upload(receiver, 'junit', bad);
    expect([200, 422]).toContain(alone.status);
    const record = await storedRecord(
      receiver,
      await upload(receiver, 'junit', [...bad, { name: 'TEST-good.xml', content: junit(seed()) }]),
    );
    expect(record.results?.tests).toBeGreaterThanOrEqual(4);
    expect(record.results?.problems.map((problem) => problem.file)).toEqual(
      expect.arrayContaining(['TEST-truncated.xml', 'TEST-malformed.xml']),
    );
    expect((await request(`${receiver.url}/api/v1/info`)).status).toBe(200);
  });
});

describe('specifications created on first use (the open mode)', () => {
  let dataDir: string;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-results-'));
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('are not second-guessed (their tool is only the default), also after a restart, but still read', async () => {
    receiver = await startReceiver({ dataDir });
    const first = await storedRecord(
      receiver,
      await upload(receiver, 'fresh', [{ name: 'a.trx', content: trx(seed()) }]),
    );
    expect(first.results).toMatchObject({ files: 0, tests: 0 });
    expect(first.results?.problems).toEqual([
      expect.objectContaining({ file: 'a.trx', code: 'TOOL_MISMATCH' }),
    ]);
    const page = await request(`${receiver.origin}/`);
    expect(page.body).toContain('XL TestView would refuse this upload (422)');
    await receiver.close();

    receiver = await startReceiver({ dataDir });
    const again = await upload(receiver, 'fresh', [{ name: 'b.trx', content: trx(seed()) }]);
    expect(again.status, again.body).toBe(200);
    const read = await storedRecord(
      receiver,
      await upload(receiver, 'fresh', [{ name: 'TEST-a.xml', content: junit(seed()) }]),
    );
    expect(read.results).toMatchObject({ files: 1, tests: 4 });
  });

  it('but one created through the v1 API with its tool is checked like a listed one', async () => {
    receiver = await startReceiver();
    const project = JSON.parse(
      (await request(`${receiver.url}/api/v1/projects`, { body: JSON.stringify({ title: 'P' }) }))
        .body,
    ) as { id: string };
    const spec = JSON.parse(
      (
        await request(`${receiver.url}/api/v1/projects/${project.id}/testspecifications`, {
          body: JSON.stringify({ title: 'unit', testToolName: 'xlt.JUnit' }),
        })
      ).body,
    ) as { id: string };
    const response = await upload(receiver, spec.id, [{ name: 'a.trx', content: trx(seed()) }]);
    expect(response.status).toBe(422);
    expect(receiver.imports).toEqual([]);
  });
});

describe('readResults: false', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ specs: SPECS, readResults: false });
  });
  afterAll(() => receiver.close());

  it('takes any bytes and keeps no results', async () => {
    const record = await storedRecord(
      receiver,
      await upload(receiver, 'junit', [{ name: 'a.trx', content: trx(seed()) }]),
    );
    expect(record).not.toHaveProperty('results');
    const page = await request(`${receiver.origin}/`);
    expect(page.body).not.toContain('formats:');
  });
});
