/**
 * One HTTP attempt on undici, and the dispatcher every attempt of a client goes through.
 *
 * - One dispatcher per client: an undici `Agent`, or a `ProxyAgent` when a proxy applies to
 *   the server (see `proxy.ts`). Plain-http targets go through an http proxy as absolute-form
 *   requests, https targets through a CONNECT tunnel.
 * - undici's `request` never follows redirects; the caller sees the 3xx.
 * - An attempt throws the raw network error (classified by `failures.ts`), or an
 *   {@link XltvError} for a bad option or a request body that failed.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import type { Dispatcher } from 'undici';
import type Undici from 'undici';
import { XltvError, isXltvError } from '../errors.js';
import { buildUserAgent } from '../version.js';
import { errorCodes, errorMessage } from './failures.js';
import { chooseProxy, type ProxyChoice } from './proxy.js';
import type { Env } from '../adapter/contract.js';

/** Default connect timeout (ms). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default response timeout (ms): the server parses the upload before it answers. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 300_000;

let undici: Promise<typeof Undici> | undefined;

/**
 * undici, loaded by the first request: a program that never reaches a server (`xltv env`, a
 * dry run) does not load the HTTP stack. It is a CommonJS package, whose exports are the
 * namespace's `default` under Node and in a bundle alike.
 */
function loadUndici(): Promise<typeof Undici> {
  undici ??= import('undici').then((module) => module.default);
  return undici;
}

/** A response read into memory (bodies are small JSON documents or error texts). */
export interface Exchange {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** One request; `body` is called once per attempt, so every attempt sends a fresh body. */
export interface AttemptSpec {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: () => { stream: Readable | string; contentLength?: number | undefined };
  /** Keep at most this many body bytes. */
  readonly maxResponseBytes: number;
}

/** The Basic credentials every attempt sends; none without a user name. */
export interface Credentials {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

/** How to connect; the client's options of the same names (read when they are needed). */
export interface TransportOptions {
  /** Explicit proxy URL; otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env`. */
  readonly proxy?: string | undefined;
  /** Proxy variables and NODE_EXTRA_CA_CERTS; default none. */
  readonly env?: Env;
  readonly caCertFile?: string | undefined;
  readonly insecure?: boolean;
  readonly connectTimeoutMs?: number;
  /** Time to wait for response headers and between body chunks. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  readonly signal?: AbortSignal;
}

/** Makes attempts through one dispatcher, created by the first attempt. */
export class HttpTransport {
  readonly #server: URL;
  readonly #credentials: Credentials;
  readonly #options: TransportOptions;
  #dispatcher: Promise<Dispatcher> | undefined;

  /** `server` is the base URL: whether a proxy applies depends on it. */
  constructor(server: URL, credentials: Credentials, options: TransportOptions) {
    this.#server = server;
    this.#credentials = credentials;
    this.#options = options;
  }

  /**
   * The proxy in use, chosen afresh from the options and environment.
   * @throws {XltvError} `INVALID_URL` for an unparsable or non-http(s) proxy URL
   */
  get proxy(): ProxyChoice | undefined {
    return chooseProxy(this.#server, this.#options.proxy, this.#env);
  }

  /** One HTTP exchange; throws the raw network error. */
  async attempt(spec: AttemptSpec): Promise<Exchange> {
    // The dispatcher first: when it cannot be made (bad proxy URL or CA file), no body has
    // been opened that would need closing.
    const dispatcher = await this.#getDispatcher();
    const { request } = await loadUndici();
    const headers = this.#headers(spec);
    const body = spec.body?.();
    let bodyError: unknown;
    const stream = body?.stream;
    if (stream !== undefined && typeof stream !== 'string') {
      stream.on('error', (error) => {
        bodyError ??= error;
      });
    }
    if (body?.contentLength !== undefined) headers['content-length'] = String(body.contentLength);
    const timeout = this.#options.timeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    try {
      const response = await request(spec.url, {
        method: spec.method,
        dispatcher,
        headers,
        // undici sends async iterables (documented), though its types omit them.
        ...(stream !== undefined
          ? { body: requestBody(stream, body?.contentLength) as Readable | string }
          : {}),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      });
      const text = await readLimited(response.body, spec.maxResponseBytes);
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      // A body that failed (a file changed while streaming, an abort) explains the failure
      // better than the socket error it caused.
      if (isXltvError(bodyError)) throw bodyError;
      throw error;
    } finally {
      if (stream !== undefined && typeof stream !== 'string' && !stream.destroyed) stream.destroy();
    }
  }

  /** Release connections; a later attempt opens a new dispatcher. */
  async close(): Promise<void> {
    const pending = this.#dispatcher;
    this.#dispatcher = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close();
  }

  get #env(): Env {
    return this.#options.env ?? {};
  }

  #headers(spec: AttemptSpec): Record<string, string> {
    const { username, password } = this.#credentials;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#options.userAgent ?? buildUserAgent(),
      ...spec.headers,
    };
    if (username !== undefined) {
      const token = Buffer.from(`${username}:${password ?? ''}`, 'utf8').toString('base64');
      headers.authorization = `Basic ${token}`;
    }
    return headers;
  }

  /** Created on the first attempt; a failure to create it is kept and thrown by every attempt. */
  #getDispatcher(): Promise<Dispatcher> {
    this.#dispatcher ??= this.#createDispatcher();
    return this.#dispatcher;
  }

  async #createDispatcher(): Promise<Dispatcher> {
    const proxy = this.proxy;
    const ca = await certificateAuthorities(this.#options.caCertFile, this.#env);
    const tlsOptions = {
      timeout: this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      rejectUnauthorized: this.#options.insecure !== true,
      ...(ca !== undefined ? { ca } : {}),
    };
    const responseTimeout = this.#options.timeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    const timeouts = { headersTimeout: responseTimeout, bodyTimeout: responseTimeout };
    const { Agent, ProxyAgent } = await loadUndici();
    if (!proxy) return new Agent({ connect: tlsOptions, ...timeouts });
    return new ProxyAgent({
      uri: proxy.url.href,
      // Plain http through an http proxy: absolute-form requests, as proxies expect.
      proxyTunnel: false,
      requestTls: tlsOptions,
      proxyTls: tlsOptions,
      ...timeouts,
    });
  }
}

/**
 * The default CAs plus `file`, or undefined (Node's defaults) without a file. An explicit
 * `ca` makes Node drop NODE_EXTRA_CA_CERTS, so that file is added back here.
 * @throws {XltvError} `UNREADABLE_FILE`, or `INVALID_OPTION` when the file holds no PEM certificate
 */
async function certificateAuthorities(
  file: string | undefined,
  env: Env,
): Promise<string[] | undefined> {
  if (file === undefined || file === '') return undefined;
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new XltvError(
      'UNREADABLE_FILE',
      `cannot read the CA certificate file ${file}`,
      { path: file, option: 'caCertFile', reason: errorCodes(error)[0] ?? errorMessage(error) },
      { cause: error },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new XltvError('INVALID_OPTION', `${file} holds no PEM certificate`, {
      path: file,
      option: 'caCertFile',
    });
  }
  const extra: string[] = [];
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      extra.push(await readFile(extraFile, 'utf8'));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
    }
  }
  return [...tls.rootCertificates, ...extra, pem];
}

/**
 * The body as undici is given it. A body of unknown length (`--stream`) must go chunked, but
 * undici gives a stream that has already ended (a small zip can be complete before the
 * connection is up) a Content-Length of what it buffered; as an async iterable, it is always
 * sent chunked. The stream stays the one that is watched for errors and destroyed.
 */
function requestBody(
  stream: Readable | string,
  contentLength: number | undefined,
): Readable | string | AsyncIterable<Buffer> {
  if (typeof stream === 'string' || contentLength !== undefined) return stream;
  return (async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) yield chunk as Buffer;
  })();
}

/** Read at most `limit` bytes of a response body as UTF-8, then discard the rest. */
async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
