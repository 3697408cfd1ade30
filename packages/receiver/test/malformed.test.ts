/**
 * Malformed import bodies are refused with 400 (415 for a non-multipart media type) and an
 * ImportError body naming the problem; nothing is stored and no temporary file is left.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../src/index.js';
import type { Receiver } from '../src/index.js';
import {
  archiverZip,
  craftZip,
  importHeaders,
  jsonPart,
  multipartBody,
  newBoundary,
  request,
  zipPart,
} from './helpers.js';
import type { RawPart } from './helpers.js';

let receiver: Receiver;
let goodZip: Buffer;
let dataDir: string;
beforeAll(async () => {
  const os = await import('node:os');
  const fs = await import('node:fs/promises');
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-test-'));
  receiver = await startReceiver({ dataDir });
  goodZip = await archiverZip([{ name: 'TEST-a.xml', content: '<testsuite/>' }]);
});
afterAll(async () => {
  await receiver.close();
  const fs = await import('node:fs/promises');
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function expectRejected(
  body: Buffer,
  errorCode: string,
  options: {
    status?: number;
    contentType?: string;
    chunkSize?: number;
    messageIncludes?: string;
  } = {},
  boundary?: string,
): Promise<void> {
  const before = receiver.imports.length;
  const response = await request(`${receiver.url}/api/internal/import/spec-1`, {
    headers: {
      'content-type': options.contentType ?? `multipart/mixed; boundary=${boundary ?? 'unused'}`,
    },
    body,
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
  });
  expect(response.status, response.body).toBe(options.status ?? 400);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  const error = JSON.parse(response.body) as { message: string; status: number; errorCode: string };
  expect(error.errorCode).toBe(errorCode);
  expect(error.status).toBe(options.status ?? 400);
  expect(error.message.length).toBeGreaterThan(10);
  if (options.messageIncludes !== undefined)
    expect(error.message).toContain(options.messageIncludes);
  expect(receiver.imports.length).toBe(before);
  expect(await readdir(path.join(dataDir, 'staging'))).toEqual([]);
}

function bodyWith(
  parts: RawPart[],
  options: { closing?: boolean } = {},
): { body: Buffer; boundary: string } {
  const boundary = newBoundary();
  return { body: multipartBody(boundary, parts, options), boundary };
}

describe('multipart framing', () => {
  it('415 for a Content-Type that is not multipart/mixed', async () => {
    const { body } = bodyWith([jsonPart({}), zipPart(goodZip)]);
    await expectRejected(body, 'UNSUPPORTED_MEDIA_TYPE', {
      status: 415,
      contentType: 'multipart/form-data; boundary=x',
    });
  });

  it('400 for a multipart/mixed without a boundary', async () => {
    const { body } = bodyWith([jsonPart({}), zipPart(goodZip)]);
    await expectRejected(body, 'BAD_CONTENT_TYPE', { contentType: 'multipart/mixed' });
  });

  it('400 when the boundary of the header is not in the body', async () => {
    const { body } = bodyWith([jsonPart({}), zipPart(goodZip)]);
    await expectRejected(body, 'MALFORMED_MULTIPART', {}, 'some-other-boundary');
  });

  it('400 without the closing delimiter', async () => {
    const { body, boundary } = bodyWith([jsonPart({}), zipPart(goodZip)], { closing: false });
    await expectRejected(body, 'UNTERMINATED_MULTIPART', {}, boundary);
  });

  it('400 for a body cut off inside the zip part (chunked)', async () => {
    const { body, boundary } = bodyWith([jsonPart({}), zipPart(goodZip)]);
    await expectRejected(
      body.subarray(0, body.length - 60),
      'UNTERMINATED_MULTIPART',
      { chunkSize: 50 },
      boundary,
    );
  });

  it('400 for garbage after a delimiter', async () => {
    const boundary = newBoundary();
    const body = Buffer.concat([
      Buffer.from(`--${boundary}garbage\r\nContent-Type: application/json\r\n\r\n{}\r\n`),
      multipartBody(boundary, [zipPart(goodZip)]),
    ]);
    await expectRejected(body, 'MALFORMED_MULTIPART', {}, boundary);
  });

  it('400 for a malformed part header line', async () => {
    const { body, boundary } = bodyWith([
      { headers: ['Content-Type application/json'], body: '{}' },
      zipPart(goodZip),
    ]);
    await expectRejected(body, 'MALFORMED_MULTIPART', { messageIncludes: 'Part 1' }, boundary);
  });

  it('400 without a metadata part', async () => {
    const { body, boundary } = bodyWith([zipPart(goodZip)]);
    await expectRejected(body, 'MISSING_PART', { messageIncludes: 'metadata' }, boundary);
  });

  it('400 without a zip part', async () => {
    const { body, boundary } = bodyWith([jsonPart({})]);
    await expectRejected(body, 'MISSING_PART', { messageIncludes: 'results' }, boundary);
  });

  it('400 for an empty multipart body (closing delimiter only)', async () => {
    const { body, boundary } = bodyWith([]);
    await expectRejected(body, 'MISSING_PART', {}, boundary);
  });

  it('400 for a second JSON part', async () => {
    const { body, boundary } = bodyWith([jsonPart({}), jsonPart({}), zipPart(goodZip)]);
    await expectRejected(body, 'EXTRA_PART', { messageIncludes: 'Part 2' }, boundary);
  });

  it('400 for a second zip part', async () => {
    const { body, boundary } = bodyWith([zipPart(goodZip), jsonPart({}), zipPart(goodZip)]);
    await expectRejected(body, 'EXTRA_PART', { messageIncludes: 'Part 3' }, boundary);
  });

  it('400 for a part of another media type', async () => {
    const { body, boundary } = bodyWith([
      jsonPart({}),
      { headers: ['Content-Type: text/plain'], body: 'hello' },
      zipPart(goodZip),
    ]);
    await expectRejected(body, 'EXTRA_PART', { messageIncludes: 'text/plain' }, boundary);
  });

  it('400 for a part without Content-Type', async () => {
    const { body, boundary } = bodyWith([{ headers: [], body: '{}' }, zipPart(goodZip)]);
    await expectRejected(body, 'EXTRA_PART', {}, boundary);
  });

  it('400 for an octet-stream part without a .zip filename', async () => {
    const { body, boundary } = bodyWith([
      jsonPart({}),
      { headers: ['Content-Type: application/octet-stream'], body: goodZip },
    ]);
    await expectRejected(body, 'EXTRA_PART', {}, boundary);
  });

  it('400 for Content-Transfer-Encoding: base64', async () => {
    const { body, boundary } = bodyWith([
      jsonPart({}),
      {
        headers: ['Content-Type: application/zip', 'Content-Transfer-Encoding: base64'],
        body: goodZip.toString('base64'),
      },
    ]);
    await expectRejected(body, 'UNSUPPORTED_TRANSFER_ENCODING', {}, boundary);
  });

  it('400 for a JSON part in another charset', async () => {
    const { body, boundary } = bodyWith([
      jsonPart({}, 'application/json; charset=iso-8859-1'),
      zipPart(goodZip),
    ]);
    await expectRejected(body, 'UNSUPPORTED_CHARSET', {}, boundary);
  });
});

describe('metadata', () => {
  const cases: [string, Buffer | string, string][] = [
    ['not JSON', '{"a":', 'INVALID_JSON'],
    [
      'invalid UTF-8',
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
      'INVALID_JSON',
    ],
    ['an array', '[1,2]', 'METADATA_NOT_OBJECT'],
    ['a string', '"x"', 'METADATA_NOT_OBJECT'],
    ['null', 'null', 'METADATA_NOT_OBJECT'],
    ['a key beginning with @', '{"@runKey":"x"}', 'RESERVED_KEY'],
    ['a key beginning with _', '{"ok":"1","_id":"x"}', 'RESERVED_KEY'],
    ['an empty key', '{"":"x"}', 'RESERVED_KEY'],
  ];
  for (const [name, json, code] of cases) {
    it(`400 ${code} for ${name}`, async () => {
      const { body, boundary } = bodyWith([
        { headers: ['Content-Type: application/json; charset=utf-8'], body: Buffer.from(json) },
        zipPart(goodZip),
      ]);
      await expectRejected(body, code, {}, boundary);
    });
  }

  it('strict mode refuses what docs/protocol.md §4 forbids, the default mode lets it pass', async () => {
    const strict = await startReceiver({ strictMetadata: true });
    try {
      const forbidden: Record<string, unknown>[] = [
        { buildParameters: { a: 'b' } },
        { branch: '' },
        { ciBuildNumber: 42 },
        { ciBuildUrl: 'jenkins/job/1' },
        { tags: ['a', { b: 1 }] },
        { missing: null },
      ];
      for (const metadata of forbidden) {
        const boundary = newBoundary();
        const response = await request(`${strict.url}/api/internal/import/s`, {
          headers: importHeaders(boundary),
          body: multipartBody(boundary, [jsonPart(metadata), zipPart(goodZip)]),
        });
        expect(response.status, JSON.stringify(metadata)).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ errorCode: 'INVALID_METADATA' });
      }
      const boundary = newBoundary();
      const allowed = {
        ciBuildUrl: 'https://ci.example/job/1/',
        attempt: '2',
        retried: true,
        shards: [1, 2],
        ratio: 0.5,
      };
      const ok = await request(`${strict.url}/api/internal/import/s`, {
        headers: importHeaders(boundary),
        body: multipartBody(boundary, [jsonPart(allowed), zipPart(goodZip)]),
      });
      expect(ok.status, ok.body).toBe(200);
      // The real server took the Jenkins plugin's object-valued buildParameters.
      const lenientBoundary = newBoundary();
      const lenient = await request(`${receiver.url}/api/internal/import/lenient`, {
        headers: importHeaders(lenientBoundary),
        body: multipartBody(lenientBoundary, [
          jsonPart({ buildParameters: { a: 'b' } }),
          zipPart(goodZip),
        ]),
      });
      expect(lenient.status, lenient.body).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('zip', () => {
  async function expectZipRejected(
    zip: Buffer,
    code: string,
    messageIncludes?: string,
  ): Promise<void> {
    const { body, boundary } = bodyWith([jsonPart({}), zipPart(zip)]);
    await expectRejected(
      body,
      code,
      messageIncludes === undefined ? {} : { messageIncludes },
      boundary,
    );
  }

  it('400 CORRUPT_ZIP for bytes that are not a zip', async () => {
    await expectZipRejected(Buffer.from('this is not a zip file at all, just text'), 'CORRUPT_ZIP');
  });

  it('400 CORRUPT_ZIP for a truncated zip', async () => {
    await expectZipRejected(goodZip.subarray(0, goodZip.length - 30), 'CORRUPT_ZIP');
  });

  it('400 CORRUPT_ZIP for a damaged deflate stream', async () => {
    const content = 'x'.repeat(10_000);
    const zip = await archiverZip([{ name: 'TEST-big.xml', content }]);
    const damaged = Buffer.from(zip);
    // Overwrite bytes inside the compressed data (after the 30-byte header and the name).
    for (let i = 50; i < 60; i += 1) damaged[i] = 0xff;
    await expectZipRejected(damaged, 'CORRUPT_ZIP');
  });

  it('400 CORRUPT_ZIP for a CRC-32 that does not match the content', async () => {
    await expectZipRejected(
      craftZip([{ name: 'TEST-a.xml', content: '<testsuite/>', crc: 0x12345678 }]),
      'CORRUPT_ZIP',
      'CRC-32',
    );
  });

  it('accepts a hand-crafted stored zip (the crafting is sound)', async () => {
    const boundary = newBoundary();
    const response = await request(`${receiver.url}/api/internal/import/crafted`, {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [
        jsonPart({}),
        zipPart(craftZip([{ name: 'dir/TEST-ü.xml', content: '<testsuite name="crafted"/>' }])),
      ]),
    });
    expect(response.status, response.body).toBe(200);
    expect(receiver.imports.at(-1)?.entries.map((entry) => entry.path)).toEqual(['dir/TEST-ü.xml']);
  });

  const unsafe: [string, Parameters<typeof craftZip>[0][number]][] = [
    ['an absolute path', { name: '/etc/passwd' }],
    ['a drive letter', { name: 'C:/results/TEST-a.xml' }],
    ['a .. segment', { name: 'results/../../TEST-a.xml' }],
    ['a leading .. (directory traversal)', { name: '../TEST-a.xml' }],
    ['a backslash', { name: 'results\\TEST-a.xml' }],
    ['an empty segment', { name: 'results//TEST-a.xml' }],
    ['a . segment', { name: './TEST-a.xml' }],
    ['a control character', { name: 'TEST-\u0001.xml' }],
    ['a non-ASCII name without bit 11', { name: 'TEST-é.xml', flags: 0 }],
    [
      'a name that is not UTF-8 though bit 11 says so',
      { name: Buffer.from([0x54, 0xe9, 0x2e, 0x78]), flags: 0x800 },
    ],
    [
      'a symbolic link',
      { name: 'link.xml', content: '/etc/passwd', externalAttributes: (0o120777 << 16) >>> 0 },
    ],
  ];
  for (const [name, entry] of unsafe) {
    it(`400 UNSAFE_ENTRY_NAME for ${name}`, async () => {
      await expectZipRejected(
        craftZip([{ name: 'TEST-ok.xml', content: '<testsuite/>' }, entry]),
        'UNSAFE_ENTRY_NAME',
      );
    });
  }

  it('400 DUPLICATE_ENTRY for a name twice', async () => {
    await expectZipRejected(
      craftZip([
        { name: 'TEST-a.xml', content: '1' },
        { name: 'TEST-a.xml', content: '2' },
      ]),
      'DUPLICATE_ENTRY',
    );
  });

  it('422 NO_RESULT_FILES for an empty zip (directories only count as nothing)', async () => {
    for (const zip of [craftZip([]), craftZip([{ name: 'results/' }])]) {
      const { body, boundary } = bodyWith([jsonPart({}), zipPart(zip)]);
      await expectRejected(body, 'NO_RESULT_FILES', { status: 422 }, boundary);
    }
  });
});
