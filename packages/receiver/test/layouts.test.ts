/**
 * Every body layout real clients sent (docs/protocol.md §2) is accepted, and what the receiver
 * stores equals what was sent, byte for byte.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../src/index.js';
import type { Receiver } from '../src/index.js';
import {
  archiverZip,
  importHeaders,
  jsonPart,
  multipartBody,
  newBoundary,
  request,
  sha256,
  zipPart,
} from './helpers.js';
import type { RawPart } from './helpers.js';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

let counter = 0;
/** Distinct result files per upload, so that no upload is a duplicate of another. */
function uniqueFiles(): { name: string; content: string }[] {
  counter += 1;
  return [
    { name: 'build/test-results/TEST-a.xml', content: `<testsuite name="a${counter}"/>` },
    { name: 'build/test-results/nested/TEST-é ü.xml', content: `<testsuite name="b${counter}"/>` },
  ];
}

async function expectStored(
  response: { status: number; body: string },
  files: { name: string; content: string }[],
  zip: Buffer,
  metadata: Record<string, unknown>,
): Promise<void> {
  expect(response.status, response.body).toBe(200);
  const runId = (JSON.parse(response.body) as { testRunId: string }).testRunId;
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  const stored = receiver.imports.find((record) => record.testRunIds.includes(runId));
  expect(stored).toBeDefined();
  expect(stored?.metadata).toEqual(metadata);
  expect(
    stored?.entries.map(({ path, size, sha256: hash }) => ({ path, size, sha256: hash })),
  ).toEqual(
    files.map((file) => ({
      path: file.name,
      size: Buffer.byteLength(file.content),
      sha256: sha256(file.content),
    })),
  );
  expect(stored?.zip.sha256).toBe(sha256(zip));
  expect(await readFile(stored?.zipFile ?? '')).toEqual(zip);
}

describe('accepted layouts', () => {
  const layouts: {
    name: string;
    parts: (json: RawPart, zip: RawPart, zipBytes: Buffer) => RawPart[];
  }[] = [
    { name: 'JSON first, no Content-Disposition (the plugin)', parts: (j, z) => [j, z] },
    { name: 'zip first (curl)', parts: (j, z) => [z, j] },
    {
      name: 'Content-Disposition form-data with names and filename',
      parts: (j, z) => [
        {
          headers: [
            'Content-Disposition: form-data; name="upload"; filename="test-results.zip"',
            ...z.headers,
          ],
          body: z.body,
        },
        { headers: ['Content-Disposition: form-data; name="json"', ...j.headers], body: j.body },
      ],
    },
    {
      name: 'per-part Content-Length and Content-Transfer-Encoding: binary',
      parts: (j, z) => [
        { headers: [...j.headers, `Content-Length: ${Buffer.byteLength(j.body)}`], body: j.body },
        { headers: [...z.headers, 'Content-Transfer-Encoding: binary'], body: z.body },
      ],
    },
    {
      name: 'JSON without charset',
      parts: (j, z) => [{ headers: ['Content-Type: application/json'], body: j.body }, z],
    },
    {
      name: 'charset=UTF-8, upper-case header names and media type',
      parts: (j, z) => [
        { headers: ['CONTENT-TYPE: Application/JSON; Charset="UTF-8"'], body: j.body },
        { headers: ['content-type: APPLICATION/ZIP'], body: z.body },
      ],
    },
    {
      name: 'application/octet-stream with a .zip filename',
      parts: (j, z) => [
        j,
        {
          headers: [
            'Content-Disposition: form-data; name="file"; filename="results.ZIP"',
            'Content-Type: application/octet-stream',
          ],
          body: z.body,
        },
      ],
    },
  ];

  for (const layout of layouts) {
    for (const framing of ['content-length', 'chunked'] as const) {
      it(`${layout.name}, ${framing}`, async () => {
        const files = uniqueFiles();
        const zip = await archiverZip(files);
        const metadata = { ciBuildNumber: '42', source: 'local', ünï: 'cödé ✓' };
        const boundary = newBoundary();
        const body = multipartBody(boundary, layout.parts(jsonPart(metadata), zipPart(zip), zip));
        const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
          headers: importHeaders(boundary),
          body,
          ...(framing === 'chunked' ? { chunkSize: 1000 } : {}),
        });
        await expectStored(response, files, zip, metadata);
        const stored = receiver.imports[receiver.imports.length - 1];
        expect(stored?.request.transfer).toBe(framing);
        expect(stored?.request.bodyBytes).toBe(body.length);
      });
    }
  }

  it('a quoted boundary with the characters RFC 2046 allows', async () => {
    const files = uniqueFiles();
    const zip = await archiverZip(files);
    const boundary = "a'()+_,-./:=?Z 9";
    const body = multipartBody(boundary, [jsonPart({ n: 1 }), zipPart(zip)]);
    const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
      headers: { 'content-type': `multipart/mixed; boundary="${boundary}"` },
      body,
    });
    await expectStored(response, files, zip, { n: 1 });
    expect(receiver.imports.at(-1)?.multipart.boundary).toBe(boundary);
  });

  it('a body delivered one byte per chunk (every delimiter split across chunks)', async () => {
    const files = uniqueFiles();
    const zip = await archiverZip(files);
    const boundary = newBoundary();
    const body = multipartBody(boundary, [jsonPart({ tiny: true }), zipPart(zip)]);
    const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
      headers: importHeaders(boundary),
      body: (function* () {
        for (let i = 0; i < body.length; i += 1) yield body.subarray(i, i + 1);
      })(),
    });
    await expectStored(response, files, zip, { tiny: true });
  });

  it('a zip that contains the delimiter bytes without the leading CRLF, and CRLFs', async () => {
    const boundary = newBoundary();
    const tricky = `--${boundary}\r\n\r\n--${boundary.slice(0, -1)}\r\n--`;
    const files = [{ name: 'TEST-tricky.xml', content: tricky }];
    const zip = await archiverZip(files, 0);
    expect(zip.includes(Buffer.from(`--${boundary}`))).toBe(true);
    const body = multipartBody(boundary, [jsonPart({}), zipPart(zip)]);
    const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
      headers: importHeaders(boundary),
      body,
      chunkSize: 7,
    });
    await expectStored(response, files, zip, {});
  });

  it('a preamble and an epilogue (RFC 2046) are tolerated and recorded', async () => {
    const files = uniqueFiles();
    const zip = await archiverZip(files);
    const boundary = newBoundary();
    const body = multipartBody(boundary, [jsonPart({}), zipPart(zip)], {
      preamble: 'This is a multipart message.',
      epilogue: 'trailing words\r\n',
    });
    const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
      headers: importHeaders(boundary),
      body,
    });
    await expectStored(response, files, zip, {});
    const multipart = receiver.imports.at(-1)?.multipart;
    expect(multipart?.preambleBytes).toBe('This is a multipart message.'.length);
    expect(multipart?.epilogueBytes).toBe('\r\ntrailing words\r\n'.length);
  });

  it('Expect: 100-continue gets a 100 before the body is sent, then 200', async () => {
    const files = uniqueFiles();
    const zip = await archiverZip(files);
    const boundary = newBoundary();
    const body = multipartBody(boundary, [jsonPart({ e: 1 }), zipPart(zip)]);
    const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
      headers: importHeaders(boundary),
      body,
      expectContinue: true,
    });
    expect(response.continued).toBe(true);
    await expectStored(response, files, zip, { e: 1 });
    expect(receiver.imports.at(-1)?.request.expectContinue).toBe(true);
  });

  it('records the part headers as sent and redacts Authorization', async () => {
    const files = uniqueFiles();
    const zip = await archiverZip(files);
    const boundary = newBoundary();
    const body = multipartBody(boundary, [
      {
        headers: ['Content-Type: application/json; charset=utf-8', 'Content-Length: 2'],
        body: '{}',
      },
      zipPart(zip),
    ]);
    const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
      headers: importHeaders(boundary, {
        authorization: `Basic ${Buffer.from('someone:s3cr3t-pw').toString('base64')}`,
        'user-agent': 'xltv/0.0.0 node/20 (local)',
      }),
      body,
    });
    expect(response.status).toBe(200);
    const stored = receiver.imports.at(-1);
    expect(stored?.multipart.parts).toEqual([
      {
        index: 0,
        role: 'metadata',
        headers: [
          { name: 'Content-Type', value: 'application/json; charset=utf-8' },
          { name: 'Content-Length', value: '2' },
        ],
        bytes: 2,
      },
      {
        index: 1,
        role: 'results',
        headers: [{ name: 'Content-Type', value: 'application/zip' }],
        bytes: zip.length,
      },
    ]);
    expect(stored?.request.headers.authorization).toBe('Basic [redacted]');
    expect(stored?.request.headers['user-agent']).toBe('xltv/0.0.0 node/20 (local)');
    expect(stored?.request.user).toBe('someone');
    expect(JSON.stringify(stored)).not.toContain('s3cr3t-pw');
    expect(JSON.stringify(stored)).not.toContain(
      Buffer.from('someone:s3cr3t-pw').toString('base64'),
    );
  });

  it('the v1 endpoint answers 201 with an array of run ids and records the project', async () => {
    const files = uniqueFiles();
    const zip = await archiverZip(files);
    const boundary = newBoundary();
    const response = await request(
      `${receiver.url}/api/v1/projects/${encodeURIComponent('proj 1')}/testspecifications/${encodeURIComponent('spec/ä b')}/testruns`,
      {
        headers: importHeaders(boundary),
        body: multipartBody(boundary, [zipPart(zip), jsonPart({ importedFrom: 'curl' })]),
      },
    );
    expect(response.status, response.body).toBe(201);
    const runIds = (JSON.parse(response.body) as { testRunId: string[] }).testRunId;
    expect(runIds).toHaveLength(1);
    const stored = receiver.imports.at(-1);
    expect(stored?.testRunIds).toEqual(runIds);
    expect(stored?.endpoint).toBe('v1');
    expect(stored?.target).toEqual({ testSpecificationId: 'spec/ä b', projectId: 'proj 1' });
  });
});
