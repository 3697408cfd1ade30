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
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import type { Dispatcher } from 'undici';
import type Undici from 'undici';
import { XltvError, isXltvError } from '../errors.js';
import { buildUserAgent } from '../version.js';
import { RESPONSE_DEADLINE_CODE, errorCodes, errorMessage, markAnswered } from './failures.js';
import { chooseProxy, type ProxyChoice } from './proxy.js';
import type { Env } from '../adapter/contract.js';
import { FileTooLargeError, readUserFile } from '../user-file.js';

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
  /** Time to wait for the whole answer, from the end of the request body. */
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
    const deadline = new ResponseDeadline(timeout);
    // undici's timeouts bound only the gaps between chunks: the deadline bounds the whole
    // wait for the answer, from the end of the request body (docs/protocol.md §5).
    if (stream === undefined || typeof stream === 'string') deadline.start();
    else stream.once('end', () => deadline.start());
    const callerSignal = this.#options.signal;
    const signal = callerSignal
      ? AbortSignal.any([callerSignal, deadline.signal])
      : deadline.signal;
    let answered = false;
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
        signal,
      });
      answered = true;
      deadline.start();
      const text = await readLimited(response.body, spec.maxResponseBytes);
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      // A body that failed (a file changed while streaming, an abort) explains the failure
      // better than the socket error it caused.
      if (isXltvError(bodyError)) throw bodyError;
      if (deadline.signal.aborted && callerSignal?.aborted !== true) throw deadline.error();
      if (answered) markAnswered(error);
      throw error;
    } finally {
      deadline.stop();
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

/** The most a CA file may hold: the largest public bundles are well below it. */
const CA_FILE_LIMIT = 16 * 1024 * 1024;

/**
 * The default CAs plus `file`, or undefined (Node's defaults) without a file. An explicit
 * `ca` makes Node drop NODE_EXTRA_CA_CERTS, so that file is added back here. Read like a
 * metadata file (user-file.ts): a FIFO without a writer must not block the process.
 * @throws {XltvError} `UNREADABLE_FILE`, or `INVALID_OPTION` when the file holds no PEM
 *   certificate or more than {@link CA_FILE_LIMIT} bytes (rule `too-large`)
 */
async function certificateAuthorities(
  file: string | undefined,
  env: Env,
): Promise<string[] | undefined> {
  if (file === undefined || file === '') return undefined;
  let pem: string;
  try {
    pem = (await readUserFile(file, { limit: CA_FILE_LIMIT })).toString('utf8');
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      throw new XltvError('INVALID_OPTION', `${file} holds more than ${CA_FILE_LIMIT} bytes`, {
        path: file,
        option: 'caCertFile',
        rule: 'too-large',
        limit: CA_FILE_LIMIT,
      });
    }
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
      extra.push((await readUserFile(extraFile, { limit: CA_FILE_LIMIT })).toString('utf8'));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
    }
  }
  return [...tls.rootCertificates, ...extra, pem];
}

/** Aborts an attempt whose answer is not complete `ms` after {@link start}; 0 means never. */
class ResponseDeadline {
  readonly #ms: number;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(ms: number) {
    this.#ms = ms;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Start the clock; a second call keeps the first start. */
  start(): void {
    if (this.#timer !== undefined || this.#stopped || this.#ms <= 0) return;
    this.#timer = setTimeout(() => this.#controller.abort(this.error()), this.#ms);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** What the attempt throws when the deadline passed. */
  error(): Error {
    return Object.assign(new Error(`no complete answer within ${this.#ms} ms`), {
      code: RESPONSE_DEADLINE_CODE,
      timeoutMs: this.#ms,
    });
  }
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

/** A `fetch` that connects as the client does, and how to release its connections. */
export interface ConnectedFetch {
  readonly fetch: (url: string | URL, init?: RequestInit) => Promise<Response>;
  /** Drop its connections; a later request rejects. */
  close(): Promise<void>;
}

/**
 * A `fetch` for hosts other than the server (a CI's API) with the client's connection
 * settings: the proxy chosen for each request's own host (NO_PROXY applies to that host), the
 * CA file, `insecure` and the connect timeout. undici is loaded by the first request, as by
 * the client's first attempt.
 */
export function createFetch(options: TransportOptions): ConnectedFetch {
  const env = options.env ?? {};
  const dispatchers = new Map<string, Promise<Dispatcher>>();
  let closed = false;
  const dispatcherFor = (target: URL): Promise<Dispatcher> => {
    const proxy = chooseProxy(target, options.proxy, env);
    const key = proxy?.url.href ?? '';
    let dispatcher = dispatchers.get(key);
    if (dispatcher === undefined) {
      dispatcher = (async () => {
        const ca = await certificateAuthorities(options.caCertFile, env);
        const tlsOptions = {
          timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          rejectUnauthorized: options.insecure !== true,
          ...(ca !== undefined ? { ca } : {}),
        };
        const { Agent, ProxyAgent } = await loadUndici();
        if (!proxy) return new Agent({ connect: tlsOptions });
        // As the client's: plain http through an http proxy goes as absolute-form requests.
        const uri = proxy.url.href;
        return new ProxyAgent({
          uri,
          proxyTunnel: false,
          requestTls: tlsOptions,
          proxyTls: tlsOptions,
        });
      })();
      dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  };
  return {
    async fetch(url, init) {
      if (closed) throw new Error('this fetch was closed');
      const target = new URL(url);
      const dispatcher = await dispatcherFor(target);
      const undiciFetch = (await loadUndici()).fetch;
      // undici's own fetch types mirror the global ones, which Node's fetch is built on.
      const undiciInit = { ...init, dispatcher } as Undici.RequestInit;
      return (await undiciFetch(target, undiciInit)) as unknown as Response;
    },
    async close() {
      closed = true;
      const pending = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.all(
        pending.map(async (dispatcher) => (await dispatcher.catch(() => undefined))?.destroy()),
      );
    },
  };
}
