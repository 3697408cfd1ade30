// Shared pieces of the upload tests: a client with test-friendly defaults and a check that a
// received request body is a complete, correct import body.
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { XltvClient, type ClientOptions } from '../../src/client.js';
import type { SelectedFile } from '../../src/files.js';
import type { Metadata } from '../../src/metadata.js';
import type { CapturedRequest } from './server.js';
import { parseMime } from './mime.js';
import { compareWithSources, unzip } from './unzip.js';

/** A client that never reads the real environment's proxy variables and retries quickly. */
export function testClient(options: Partial<ClientOptions> & { url: string }): XltvClient {
  return new XltvClient({
    env: {},
    retryBaseDelayMs: 1,
    userAgent: 'xltv-test/1 (local)',
    ...options,
  });
}

/** Parse a captured request with Python's email package and compare it with its sources. */
export async function expectCompleteImport(
  request: CapturedRequest,
  metadata: Metadata,
  files: readonly SelectedFile[],
): Promise<void> {
  const contentType = request.headers['content-type'] ?? '';
  expect(contentType).toMatch(/^multipart\/mixed; boundary=[0-9A-Za-z_-]+$/);
  expect(request.body).toBeDefined();
  const parsed = await parseMime(contentType, request.body!);
  try {
    expect(parsed.defects).toEqual([]);
    expect(parsed.parts.map((p) => p.contentType)).toEqual(['application/json', 'application/zip']);
    const [jsonPart, zipPart] = parsed.parts;
    expect(JSON.parse(await readFile(jsonPart!.file, 'utf8'))).toEqual(metadata);
    const archive = await unzip(zipPart!.file);
    expect((await compareWithSources(archive, files)).mismatches).toEqual([]);
    for (const entry of archive.entries) expect(entry.flags & 0x800).toBe(0x800);
  } finally {
    await parsed.cleanup();
  }
}
