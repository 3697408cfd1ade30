/**
 * De-duplication, the size limit, fault injection, persistence across restarts, concurrent
 * uploads and shutting down with requests in flight.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import type { ZipFileSpec } from './helpers.js';

async function upload(
  receiver: Receiver,
  files: readonly ZipFileSpec[],
  options: { spec?: string; metadata?: unknown; chunkSize?: number; expectContinue?: boolean } = {},
): Promise<Awaited<ReturnType<typeof request>>> {
  const zip = await archiverZip(files);
  const boundary = newBoundary();
  return request(
    `${receiver.url}/api/internal/import/${encodeURIComponent(options.spec ?? 'spec')}`,
    {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [jsonPart(options.metadata ?? {}), zipPart(zip)]),
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.expectContinue === undefined ? {} : { expectContinue: options.expectContinue }),
    },
  );
}

const fileA = { name: 'r/TEST-a.xml', content: '<testsuite name="a"/>' };
const fileB = { name: 'r/TEST-b.xml', content: '<testsuite name="b"/>' };
const fileC = { name: 'r/TEST-c.xml', content: '<testsuite name="c"/>' };

describe('run-key de-duplication', () => {
  it('answers 304 with no body when every result file is known for the target', async () => {
    const receiver = await startReceiver();
    try {
      expect((await upload(receiver, [fileA, fileB])).status).toBe(200);
      const again = await upload(receiver, [fileB, fileA], { metadata: { other: 'metadata' } });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      // The same files through the v1 endpoint to the same specification: still known.
      const boundary = newBoundary();
      const v1 = await request(
        `${receiver.url}/api/v1/projects/default/testspecifications/spec/testruns`,
        {
          headers: importHeaders(boundary),
          body: multipartBody(boundary, [jsonPart({}), zipPart(await archiverZip([fileA]))]),
        },
      );
      expect(v1.status).toBe(304);
      // One new file makes it an import (of all its files).
      expect((await upload(receiver, [fileA, fileC])).status).toBe(200);
      // Same path, other content: new.
      expect((await upload(receiver, [{ name: fileA.name, content: 'changed' }])).status).toBe(200);
      // Same content, other path: new.
      expect(
        (await upload(receiver, [{ name: 'other/TEST-a.xml', content: fileA.content }])).status,
      ).toBe(200);
      // Another target knows nothing yet.
      expect((await upload(receiver, [fileA, fileB], { spec: 'other spec' })).status).toBe(200);
      expect(receiver.imports.map((record) => record.entries.map((entry) => entry.path))).toEqual([
        ['r/TEST-a.xml', 'r/TEST-b.xml'],
        ['r/TEST-a.xml', 'r/TEST-c.xml'],
        ['r/TEST-a.xml'],
        ['other/TEST-a.xml'],
        ['r/TEST-a.xml', 'r/TEST-b.xml'],
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('two identical uploads at the same time: one import, one 304', async () => {
    const receiver = await startReceiver();
    try {
      const statuses = await Promise.all([upload(receiver, [fileA]), upload(receiver, [fileA])]);
      expect(statuses.map((response) => response.status).sort()).toEqual([200, 304]);
      expect(receiver.imports).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});

describe('size limit (413)', () => {
  let receiver: Receiver;
  let staging: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-413-'));
    staging = path.join(dataDir, 'staging');
    receiver = await startReceiver({ maxUploadBytes: 1024 * 1024, dataDir });
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts a body up to the limit', async () => {
    expect((await upload(receiver, [fileA])).status).toBe(200);
  });

  it('answers a too-large Content-Length at once, without reading the body', async () => {
    const response = await new Promise<{
      status: number;
      body: string;
      connection: string | undefined;
    }>((resolve, reject) => {
      const req = http.request(`${receiver.url}/api/internal/import/spec`, {
        method: 'POST',
        agent: false,
        headers: { ...importHeaders(newBoundary()), 'content-length': 50 * 1024 * 1024 },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            connection: res.headers.connection,
          });
          req.destroy();
        });
      });
      req.on('error', reject);
      // Headers only: not a byte of the 50 MB body is ever sent.
      req.flushHeaders();
    });
    expect(response.status).toBe(413);
    expect(response.connection).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({
      status: 413,
      errorCode: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('answers 413 to Expect: 100-continue without asking for the body', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024);
    const boundary = newBoundary();
    const response = await request(`${receiver.url}/api/internal/import/spec`, {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [jsonPart({}), zipPart(big)]),
      expectContinue: true,
    });
    expect(response.status).toBe(413);
    expect(response.continued).toBe(false);
    expect(response.bodyStarted).toBe(false);
  });

  it('answers a chunked body as soon as it passes the limit, while the client still writes', async () => {
    const importsBefore = receiver.imports.length;
    const total = 512 * 1024 * 1024;
    const outcome = await new Promise<{ status: number; body: string; writtenAtResponse: number }>(
      (resolve, reject) => {
        const boundary = newBoundary();
        const req = http.request(`${receiver.url}/api/internal/import/spec`, {
          method: 'POST',
          agent: false,
          headers: importHeaders(boundary),
        });
        let written = 0;
        let answered = false;
        req.on('response', (res) => {
          answered = true;
          const writtenAtResponse = written;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              writtenAtResponse,
            }),
          );
          res.on('error', () => {});
        });
        req.on('error', (error) => {
          if (!answered) reject(error);
        });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const writeMore = (): void => {
          if (written === 0) req.write(`--${boundary}\r\nContent-Type: application/zip\r\n\r\n`);
          while (!answered && written < total) {
            written += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', writeMore);
              return;
            }
          }
          if (!answered) req.end();
        };
        writeMore();
      },
    );
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({ errorCode: 'PAYLOAD_TOO_LARGE' });
    // The answer came long before the client could have sent everything (the rest of what
    // was written sat in socket buffers).
    expect(outcome.writtenAtResponse).toBeLessThan(16 * 1024 * 1024);
    expect(receiver.imports).toHaveLength(importsBefore);
    await expect.poll(() => readdir(staging)).toEqual([]);
  });
});

describe('fault injection', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(() => receiver.clearFaults());

  let fileCounter = 0;
  const fresh = (): ZipFileSpec[] => {
    fileCounter += 1;
    return [{ name: `f/TEST-${fileCounter}.xml`, content: `<testsuite name="${fileCounter}"/>` }];
  };

  it('fails the next N imports with a status and Retry-After; other calls are untouched', async () => {
    receiver.inject({ type: 'fail', status: 503, count: 2, retryAfter: '1' });
    expect((await request(`${receiver.url}/api/v1/info`)).status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await upload(receiver, fresh());
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(JSON.parse(response.body)).toMatchObject({ status: 503, errorCode: 'INJECTED_FAULT' });
    }
    expect((await upload(receiver, fresh())).status).toBe(200);
    expect(receiver.pendingFaults()).toEqual([]);
  });

  it('a fail fault answers a 100-continue import without taking the body', async () => {
    receiver.inject({ type: 'fail', status: 429 });
    const response = await upload(receiver, fresh(), { expectContinue: true });
    expect(response.status).toBe(429);
    expect(response.bodyStarted).toBe(false);
  });

  it('scope api applies to every API call (licence simulation with 402)', async () => {
    receiver.inject({ type: 'fail', status: 402, scope: 'api', message: 'No licence.' });
    const response = await request(`${receiver.url}/api/v1/info`);
    expect(response.status).toBe(402);
    expect(JSON.parse(response.body)).toEqual({
      message: 'No licence.',
      status: 402,
      errorCode: 'INJECTED_FAULT',
    });
    expect((await request(`${receiver.url}/api/v1/info`)).status).toBe(200);
  });

  it('delays a response', async () => {
    receiver.inject({ type: 'delay', ms: 600 });
    const started = Date.now();
    const response = await upload(receiver, fresh());
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('resets the connection mid-body; nothing is stored', async () => {
    const before = receiver.imports.length;
    receiver.inject({ type: 'reset', afterBytes: 100_000 });
    const big = [{ name: 'TEST-big.xml', content: randomBytes(400_000) }];
    const zip = await archiverZip(big, 0);
    const boundary = newBoundary();
    await expect(
      request(`${receiver.url}/api/internal/import/spec`, {
        headers: importHeaders(boundary),
        body: multipartBody(boundary, [jsonPart({}), zipPart(zip)]),
        chunkSize: 16 * 1024,
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
    expect(receiver.imports.length).toBe(before);
    expect((await upload(receiver, fresh())).status).toBe(200);
  });

  it('stalls: accepts the body and never answers', async () => {
    receiver.inject({ type: 'stall' });
    const boundary = newBoundary();
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request(`${receiver.url}/api/internal/import/spec`, {
        method: 'POST',
        agent: false,
        headers: importHeaders(boundary),
      });
      req.on('response', () => resolve('answered'));
      req.on('error', () => resolve('error'));
      req.setTimeout(800, () => {
        resolve('timed out');
        req.destroy();
      });
      req.end(multipartBody(boundary, [jsonPart({}), zipPart(Buffer.from('x'))]));
    });
    expect(outcome).toBe('timed out');
  });

  it('loses the response after storing the import; the retry gets 304', async () => {
    receiver.inject({ type: 'lose-response' });
    const files = fresh();
    const before = receiver.imports.length;
    await expect(upload(receiver, files)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(receiver.imports.length).toBe(before + 1);
    expect((await upload(receiver, files)).status).toBe(304);
  });

  it('the control endpoint queues, lists and clears faults', async () => {
    const control = `${receiver.origin}/__control/faults`;
    const posted = await request(control, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { type: 'fail', status: 500, count: 3 },
        { type: 'delay', ms: 10 },
      ]),
    });
    expect(posted.status).toBe(200);
    expect(JSON.parse(posted.body)).toEqual({
      faults: [
        { type: 'fail', status: 500, count: 3, scope: 'import', remaining: 3 },
        { type: 'delay', ms: 10, count: 1, scope: 'import', remaining: 1 },
      ],
    });
    expect((await upload(receiver, fresh())).status).toBe(500);
    expect(JSON.parse((await request(control)).body)).toMatchObject({
      faults: [{ remaining: 2 }, { remaining: 1 }],
    });
    const bad = await request(control, { body: JSON.stringify({ type: 'explode' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toContain('type must be one of');
    const cleared = await request(control, { method: 'DELETE' });
    expect(JSON.parse(cleared.body)).toEqual({ faults: [] });
    expect((await upload(receiver, fresh())).status).toBe(200);
  });

  it('inject() refuses an invalid fault', () => {
    expect(() => receiver.inject({ type: 'fail', status: 200 })).toThrow(/status/);
    expect(() =>
      receiver.inject({ type: 'fail', status: 503, retryAfter: '1\r\nX-Evil: 1' }),
    ).toThrow(/retryAfter/);
    expect(() => receiver.inject({ type: 'delay', ms: -1 })).toThrow(/ms/);
    expect(receiver.pendingFaults()).toEqual([]);
  });
});

describe('persistence across restart', () => {
  it('reads back imports, run keys and created projects from the data directory', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-persist-'));
    try {
      const first = await startReceiver({ dataDir });
      expect((await upload(first, [fileA], { metadata: { run: 1 } })).status).toBe(200);
      expect(
        (await upload(first, [fileB], { spec: 'spec two', metadata: { run: 2 } })).status,
      ).toBe(200);
      const project = JSON.parse(
        (await request(`${first.url}/api/v1/projects`, { body: JSON.stringify({ title: 'Kept' }) }))
          .body,
      ) as { id: string };
      const firstList = (await request(`${first.origin}/imports`)).body;
      const zipOfFirst = await readFile(first.imports[0]?.zipFile ?? '');
      await first.close();

      const second = await startReceiver({ dataDir });
      try {
        expect((await request(`${second.origin}/imports`)).body).toBe(firstList);
        expect(second.imports.map((record) => record.metadata)).toEqual([{ run: 1 }, { run: 2 }]);
        expect(await readFile(second.imports[0]?.zipFile ?? '')).toEqual(zipOfFirst);
        expect(sha256(zipOfFirst)).toBe(second.imports[0]?.zip.sha256);
        // The run keys came back too.
        expect((await upload(second, [fileA])).status).toBe(304);
        const third = await upload(second, [fileC], { metadata: { run: 3 } });
        expect(third.status).toBe(200);
        expect(second.imports.at(-1)?.sequence).toBe(3);
        expect(
          JSON.parse((await request(`${second.url}/api/v1/projects?title=Kept`)).body),
        ).toEqual([{ id: project.id, title: 'Kept' }]);
        const listing = JSON.parse(
          (await request(`${second.url}/api/internal/testspecifications/extended`)).body,
        );
        expect(Object.keys(listing).sort()).toEqual(['spec', 'spec two']);
      } finally {
        await second.close();
      }
      const layout = await readdir(path.join(dataDir, 'imports'));
      expect(layout).toHaveLength(3);
      for (const id of layout) {
        expect((await readdir(path.join(dataDir, 'imports', id))).sort()).toEqual([
          'import.json',
          'results.zip',
        ]);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a receiver that cannot listen cleans up what it prepared', async () => {
    const running = await startReceiver();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-busy-'));
    try {
      await expect(startReceiver({ port: running.port, dataDir })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
      expect(await readdir(dataDir)).toEqual(['imports']);
    } finally {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('memory mode removes its temporary files on close', async () => {
    const receiver = await startReceiver();
    expect((await upload(receiver, [fileA])).status).toBe(200);
    const zipFile = receiver.imports[0]?.zipFile ?? '';
    await readFile(zipFile);
    await receiver.close();
    await expect(readFile(zipFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('concurrency and shutdown', () => {
  it('20 concurrent uploads: nothing lost, every stored hash equals what was sent', async () => {
    const receiver = await startReceiver();
    try {
      const uploads = Array.from({ length: 20 }, (_, index) => ({
        index,
        files: Array.from({ length: 3 }, (_, file) => ({
          name: `u${index}/TEST-${file}.xml`,
          content: randomBytes(1000 + ((index * 7919 + file * 104729) % 300_000)),
        })),
      }));
      const responses = await Promise.all(
        uploads.map(async ({ index, files }) => {
          const zip = await archiverZip(files, index % 2 === 0 ? 0 : 6);
          const boundary = newBoundary();
          return request(`${receiver.url}/api/internal/import/spec`, {
            headers: importHeaders(boundary),
            body: multipartBody(boundary, [jsonPart({ index }), zipPart(zip)]),
            ...(index % 3 === 0 ? { chunkSize: 8192 } : {}),
          });
        }),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
      const runIds = responses.map(
        (response) => (JSON.parse(response.body) as { testRunId: string }).testRunId,
      );
      expect(new Set(runIds).size).toBe(20);
      expect(receiver.imports).toHaveLength(20);
      expect(new Set(receiver.imports.map((record) => record.sequence)).size).toBe(20);
      for (const { index, files } of uploads) {
        const stored = receiver.imports.find((record) => record.metadata.index === index);
        expect(
          stored?.entries.map(({ path: name, size, sha256: hash }) => ({ name, size, hash })),
        ).toEqual(
          files.map((file) => ({
            name: file.name,
            size: file.content.length,
            hash: sha256(file.content),
          })),
        );
      }
    } finally {
      await receiver.close();
    }
  });

  it('close() lets a request in flight finish, cuts a stalled one, then refuses connections', async () => {
    const receiver = await startReceiver();
    receiver.inject({ type: 'stall', scope: 'api' }, { type: 'delay', ms: 700 });
    const stalled = request(`${receiver.url}/api/v1/info`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inFlight = upload(receiver, [fileA]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await receiver.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((await inFlight).status).toBe(200);
    expect(await stalled).toBe('cut');
    await expect(request(`${receiver.url}/api/v1/info`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
