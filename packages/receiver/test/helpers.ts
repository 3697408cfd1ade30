/**
 * Test-side tools, independent of the receiver's code and of the @xltv/core client: raw
 * HTTP requests with node:http, hand-written multipart bodies, zips made by archiver, and
 * hand-crafted zips for the cases archiver refuses to make (unsafe names, bad CRCs).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';

/** An HTTP response, fully read. */
export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body decoded as UTF-8. */
  readonly body: string;
  /** The body's bytes. */
  readonly bytes: Buffer;
}

/** Options of {@link request}. */
export interface RawRequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string | number>;
  /** A Buffer is sent with Content-Length (unless `chunked`); an iterable is sent chunked. */
  readonly body?: Buffer | string | Iterable<Buffer> | AsyncIterable<Buffer>;
  /** Send a Buffer body chunked, in pieces of this size. */
  readonly chunkSize?: number;
  /** Send `Expect: 100-continue` and the body only after `100 Continue`. */
  readonly expectContinue?: boolean;
  /** HTTPS: trust this CA (PEM). */
  readonly ca?: string | Buffer;
}

/** What happened to a request, including a 100 Continue and whether the body was sent. */
export interface RawOutcome extends RawResponse {
  readonly continued: boolean;
  readonly bodyStarted: boolean;
}

/** One request with node:http over a fresh connection. */
export function request(url: string, options: RawRequestOptions = {}): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...(options.headers ?? {}) };
    const body = options.body;
    const isBuffer = typeof body === 'string' || Buffer.isBuffer(body);
    if (isBuffer && options.chunkSize === undefined) {
      headers['content-length'] = Buffer.byteLength(body);
    }
    if (options.expectContinue) headers.expect = '100-continue';
    let continued = false;
    let bodyStarted = false;
    const requestOptions: https.RequestOptions = {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      agent: false,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    };
    const req =
      target.protocol === 'https:'
        ? https.request(target, requestOptions)
        : http.request(target, requestOptions);
    const sendBody = (): void => {
      bodyStarted = true;
      if (body === undefined) {
        req.end();
      } else if (isBuffer) {
        const bytes = Buffer.from(body);
        if (options.chunkSize === undefined) {
          req.end(bytes);
        } else {
          Readable.from(splitBuffer(bytes, options.chunkSize)).pipe(req);
        }
      } else {
        Readable.from(body as Iterable<Buffer>).pipe(req);
      }
    };
    req.on('continue', () => {
      continued = true;
      sendBody();
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          bytes: Buffer.concat(chunks),
          continued,
          bodyStarted,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.expectContinue) req.flushHeaders();
    else sendBody();
  });
}

function* splitBuffer(bytes: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

/** A part of a hand-written multipart body. */
export interface RawPart {
  /** Header lines without CRLF, e.g. `Content-Type: application/zip`. */
  readonly headers: readonly string[];
  readonly body: Buffer | string;
}

/** Assemble a multipart body: CRLF line ends, no preamble or epilogue unless given. */
export function multipartBody(
  boundary: string,
  parts: readonly RawPart[],
  options: { closing?: boolean; preamble?: string; epilogue?: string } = {},
): Buffer {
  const pieces: Buffer[] = [];
  if (options.preamble !== undefined) pieces.push(Buffer.from(`${options.preamble}\r\n`));
  for (const part of parts) {
    pieces.push(
      Buffer.from(`--${boundary}\r\n${part.headers.map((h) => `${h}\r\n`).join('')}\r\n`),
    );
    pieces.push(Buffer.from(part.body));
    pieces.push(Buffer.from('\r\n'));
  }
  if (options.closing ?? true) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  if (options.epilogue !== undefined) pieces.push(Buffer.from(options.epilogue));
  return Buffer.concat(pieces);
}

/** A file for a test zip. */
export interface ZipFileSpec {
  readonly name: string;
  readonly content: Buffer | string;
}

/** A zip of `files` made by archiver (deflate, data descriptors), read fully into memory. */
export async function archiverZip(files: readonly ZipFileSpec[], level = 6): Promise<Buffer> {
  const zip = new ZipArchive({ zlib: { level } });
  const chunks: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    zip.on('end', resolve);
    zip.on('error', reject);
  });
  for (const file of files) zip.append(Buffer.from(file.content), { name: file.name });
  await zip.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** An entry of a hand-crafted (stored, uncompressed) zip. */
export interface CraftedEntry {
  /** Raw name bytes (a string is encoded as UTF-8). */
  readonly name: Buffer | string;
  readonly content?: Buffer | string;
  /** General purpose flags (default: bit 11, UTF-8). */
  readonly flags?: number;
  /** CRC-32 to write instead of the real one. */
  readonly crc?: number;
  /** Upper byte of "version made by" (3 = Unix) and the external attributes. */
  readonly madeBy?: number;
  readonly externalAttributes?: number;
}

/** A stored zip written byte by byte, for names and fields archiver will not produce. */
export function craftZip(entries: readonly CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const content = Buffer.from(entry.content ?? '');
    const flags = entry.flags ?? 0x800;
    const crc = entry.crc ?? crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, content);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(((entry.madeBy ?? 3) << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((entry.externalAttributes ?? 0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + content.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** sha256 hex of some bytes. */
export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A metadata JSON part. */
export function jsonPart(value: unknown, contentType = 'application/json; charset=utf-8'): RawPart {
  return { headers: [`Content-Type: ${contentType}`], body: JSON.stringify(value) };
}

/** A zip part. */
export function zipPart(zip: Buffer, contentType = 'application/zip'): RawPart {
  return { headers: [`Content-Type: ${contentType}`], body: zip };
}

/** Headers of an import request with this boundary. */
export function importHeaders(
  boundary: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': `multipart/mixed; boundary=${boundary}`,
    accept: 'application/json',
    ...extra,
  };
}

/** A boundary like a client's: random, protocol-safe. */
export function newBoundary(): string {
  return `xltv-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 32)}`;
}

/** The package directory. */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The built `dist/bin.js`, rebuilt with tsup when it is missing or older than a source file
 * (turbo builds before testing; a bare `npx vitest run` may not have).
 */
export function builtBin(): string {
  const bin = path.join(PACKAGE_DIR, 'dist', 'bin.js');
  const sources = readdirSync(path.join(PACKAGE_DIR, 'src')).map(
    (name) => statSync(path.join(PACKAGE_DIR, 'src', name)).mtimeMs,
  );
  if (!existsSync(bin) || statSync(bin).mtimeMs < Math.max(...sources)) {
    execFileSync('npx', ['tsup', '--silent'], { cwd: PACKAGE_DIR, stdio: 'ignore' });
  }
  return bin;
}
