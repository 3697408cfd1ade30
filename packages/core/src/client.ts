/**
 * The XL TestView HTTP client on undici (protocol.md §1, §5).
 *
 * - undici is imported lazily, on the first request, so a CLI that never talks to a server
 *   does not pay for loading it.
 * - One dispatcher per client: an undici `Agent`, or a `ProxyAgent` when a proxy applies to
 *   the server (explicit `proxy`, else HTTPS_PROXY/HTTP_PROXY minus NO_PROXY from `env`).
 *   Plain-http targets go through an http proxy as absolute-form requests, https targets
 *   through a CONNECT tunnel.
 * - Redirects are never followed. Every failure is an {@link XltvError} whose message and
 *   details have passed through the secret redaction of `secrets.ts`.
 * - Transient failures (429, 5xx, refused/reset connections, timeouts) are retried with
 *   full-jitter exponential backoff, honouring `Retry-After`; an import opens a fresh body
 *   for every attempt.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { XltvError, isXltvError, type XltvErrorCode, type XltvErrorDetails } from './errors.js';
import { chooseProxy, type ProxyChoice } from './http/proxy.js';
import {
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  backoffDelayMs,
  parseRetryAfter,
  abortableDelay,
} from './http/retry.js';
import { joinPath, parseBaseUrl, type BaseUrl } from './http/url.js';
import type { ImportBody } from './multipart.js';
import { redactSecrets, redactUrl, redactValue } from './secrets.js';
import { buildUserAgent } from './version.js';

/** Default connect timeout (ms). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default response timeout (ms): the server parses the upload before it answers. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 300_000;
/** Default number of retries after the first attempt. */
export const DEFAULT_RETRIES = 3;

/** What {@link ClientOptions.onRetry} is told before each retry. */
export interface RetryInfo {
  /** Number of the attempt about to be made (2 for the first retry). */
  readonly attempt: number;
  /** Wait before it, in ms. */
  readonly delayMs: number;
  /** Why: `HTTP 503`, `ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`… */
  readonly reason: string;
  /** HTTP status of the failed attempt, when there was a response. */
  readonly status?: number;
}

/** Options of {@link XltvClient}. */
export interface ClientOptions {
  /** Base URL, with any context root; may carry `user:password@` (then redacted everywhere). */
  readonly url: string;
  /** Basic user name; wins over one in the URL. */
  readonly username?: string | undefined;
  /** Basic password; wins over one in the URL. */
  readonly password?: string | undefined;
  /** e.g. `xltv/0.1.0 node/v20.20.2 (gitlab)`; default {@link buildUserAgent}(). */
  readonly userAgent?: string;
  /** Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Time to wait for response headers and between body chunks; default 300 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for transient failures; default 3. */
  readonly retries?: number;
  /** First backoff step in ms (default 500); the wait before retry n is random in [0, base·2^(n-1)). */
  readonly retryBaseDelayMs?: number;
  /** Cap of one wait, `Retry-After` included, in ms (default 30 000). */
  readonly retryMaxDelayMs?: number;
  /** Explicit proxy URL; otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env`. */
  readonly proxy?: string | undefined;
  /** Environment for proxy variables and NODE_EXTRA_CA_CERTS (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra CA certificate file (PEM), trusted in addition to the default ones. */
  readonly caCertFile?: string | undefined;
  /** Disable TLS verification. */
  readonly insecure?: boolean;
  /** Aborts the current request and any wait (`ABORTED`). */
  readonly signal?: AbortSignal;
  /** Called before each retry. */
  readonly onRetry?: (info: RetryInfo) => void;
}

/** `GET /api/v1/info`. */
export interface ServerInfo {
  readonly name?: string;
  readonly vendor?: string;
  readonly version?: string;
}

/** One entry of the spec listing. */
export interface TestSpecification {
  readonly id: string;
  readonly title?: string;
  readonly type?: string;
  readonly project?: { readonly id?: string; readonly title?: string };
  readonly testTool?: {
    readonly name?: string;
    readonly category?: string;
    readonly defaultSearchPattern?: string;
  };
}

/** Where to import. */
export interface ImportTarget {
  readonly testSpecId: string;
  /** With it, the public v1 endpoint is used. */
  readonly projectId?: string | undefined;
}

/** Outcome of {@link XltvClient.importResults}. */
export interface ImportResult {
  /** `already-imported`: a 304 after an attempt whose response was lost. */
  readonly status: 'imported' | 'nothing-new' | 'already-imported';
  readonly testRunIds: readonly string[];
  readonly httpStatus: number;
  /** Number of POSTs made. */
  readonly attempts: number;
  /** Import URL, credentials removed. */
  readonly url: string;
}

/** A response read into memory (bodies are small JSON documents or error texts). */
interface Exchange {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** A request to make; `body` is called once per attempt. */
interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: () => { stream: Readable | string; contentLength?: number | undefined };
  /**
   * Whether an attempt that may have reached the server can be repeated. Imports can (the
   * server de-duplicates and a 304 tells us); creating a project cannot.
   */
  readonly repeatable: boolean;
  /** Keep at most this many body bytes. */
  readonly maxResponseBytes: number;
}

/** The outcome of the retry loop: the final response and what happened before it. */
interface Outcome {
  readonly exchange: Exchange;
  readonly attempts: number;
  /** An earlier attempt may have been processed although its response was lost. */
  readonly mayHaveLanded: boolean;
}

/** A failed attempt, classified. */
interface AttemptFailure {
  readonly code: XltvErrorCode;
  readonly reason: string;
  readonly transient: boolean;
  /** The request may have reached the server (the connection was up). */
  readonly mayHaveLanded: boolean;
  readonly cause: unknown;
  readonly phase?: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Gateway-ish failures after which the server may still have processed the request. */
const MAYBE_PROCESSED_STATUSES = new Set([500, 502, 504]);
const ERROR_BODY_LIMIT = 64 * 1024;
const JSON_BODY_LIMIT = 64 * 1024 * 1024;
const EXCERPT_CHARS = 300;

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
  'UND_ERR_PRX_TLS',
]);
/** Failures before the request could reach the server. */
const PRE_CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Failures after the connection was up: the request may have been processed. */
const MID_FLIGHT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Keep only string fields of `source` named in `keys`. */
function pickStrings<K extends string>(
  source: unknown,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const result: Partial<Record<K, string>> = {};
  if (!isRecord(source)) return result;
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

function testRunIdsOf(text: string): string[] {
  const body = parseJson(text);
  if (!isRecord(body)) return [];
  const ids = body.testRunId ?? body.testRunIds;
  if (typeof ids === 'string') return [ids];
  if (Array.isArray(ids)) return ids.filter((id): id is string => typeof id === 'string');
  return [];
}

function toSpecification(key: string, value: unknown): TestSpecification | undefined {
  if (!isRecord(value)) return undefined;
  const id = optionalString(value.id) ?? key;
  const project = pickStrings(value.project, ['id', 'title'] as const);
  const testTool = pickStrings(value.testTool, [
    'name',
    'category',
    'defaultSearchPattern',
  ] as const);
  return {
    id,
    ...pickStrings(value, ['title', 'type'] as const),
    ...(isRecord(value.project) ? { project } : {}),
    ...(isRecord(value.testTool) ? { testTool } : {}),
  };
}

/** The client. Throws {@link XltvError} with the codes of protocol.md §5. */
export class XltvClient {
  readonly #base: BaseUrl;
  readonly #username: string | undefined;
  readonly #password: string | undefined;
  readonly #secrets: readonly (string | undefined)[];
  #dispatcher: Promise<{ undici: typeof Undici; dispatcher: Dispatcher }> | undefined;

  /**
   * @throws {XltvError} `INVALID_URL` for a bad base URL, `INVALID_OPTION` for bad numbers
   */
  constructor(readonly options: ClientOptions) {
    const base = parseBaseUrl(options.url);
    this.#base = base;
    this.#username = options.username ?? base.username;
    this.#password = options.password ?? base.password;
    this.#secrets = [options.password, base.password, ...this.#proxySecrets()];
    for (const [name, value] of [
      ['connectTimeoutMs', options.connectTimeoutMs],
      ['timeoutMs', options.timeoutMs],
      ['retries', options.retries],
      ['retryBaseDelayMs', options.retryBaseDelayMs],
      ['retryMaxDelayMs', options.retryMaxDelayMs],
    ] as const) {
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
        throw new XltvError('INVALID_OPTION', `${name} must be a number >= 0`, {
          option: name,
          value,
        });
      }
    }
  }

  /** The base URL: credentials removed, no trailing `/`. */
  get baseUrl(): string {
    return this.#base.base;
  }

  /** The user name Basic authentication is sent for, if any. */
  get username(): string | undefined {
    return this.#username;
  }

  /** Strings that must never appear in output: passwords, including the proxy's. */
  get secrets(): readonly string[] {
    return this.#secrets.filter((s): s is string => typeof s === 'string' && s !== '');
  }

  /** Redact this client's secrets (and URL credentials) from any text. */
  redact(text: string): string {
    return redactSecrets(redactUrl(text), this.#secrets, { basicUsers: [this.#username] });
  }

  #proxySecrets(): string[] {
    const env = this.options.env ?? process.env;
    const values = [
      this.options.proxy,
      env.https_proxy,
      env.HTTPS_PROXY,
      env.http_proxy,
      env.HTTP_PROXY,
    ];
    const secrets: string[] = [];
    for (const value of values) {
      if (!value) continue;
      const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(value) ?? /^([^/?#]*)@/.exec(value);
      const userinfo = match?.[1];
      if (!userinfo) continue;
      const separator = userinfo.indexOf(':');
      const password = separator >= 0 ? userinfo.slice(separator + 1) : userinfo;
      if (password) {
        secrets.push(password);
        try {
          secrets.push(decodeURIComponent(password));
        } catch {
          // keep the raw form only
        }
      }
    }
    return secrets;
  }

  /** An error whose message and details carry no secret. */
  #error(
    code: XltvErrorCode,
    message: string,
    details: XltvErrorDetails,
    cause?: unknown,
  ): XltvError {
    const options = { basicUsers: [this.#username] };
    const safeDetails = redactValue({ ...details }, this.#secrets, options);
    const safeMessage = redactSecrets(redactUrl(message), this.#secrets, options);
    let safeCause: Error | undefined;
    if (cause !== undefined) {
      safeCause = new Error(this.redact(errorMessage(cause)));
      const codes = errorCodes(cause);
      if (codes[0] !== undefined) (safeCause as Error & { code?: string }).code = codes[0];
    }
    return new XltvError(code, safeMessage, safeDetails, safeCause ? { cause: safeCause } : {});
  }

  /** The import URL for `target`, credentials removed. */
  importUrl(target: ImportTarget): string {
    if (typeof target.testSpecId !== 'string' || target.testSpecId === '') {
      throw new XltvError('INVALID_OPTION', 'a test specification id is required', {
        option: 'testSpecId',
      });
    }
    if (target.projectId !== undefined && target.projectId !== '') {
      return joinPath(
        `${this.#base.base}/api/v1/projects`,
        target.projectId,
        'testspecifications',
        target.testSpecId,
        'testruns',
      );
    }
    return joinPath(`${this.#base.base}/api/internal/import`, target.testSpecId);
  }

  /** `GET /api/v1/info`. */
  async info(): Promise<ServerInfo> {
    const body = await this.#getJson(`${this.#base.base}/api/v1/info`);
    return pickStrings(body, ['name', 'vendor', 'version'] as const);
  }

  /** `GET /api/internal/data`: reachable, credentials accepted. */
  async checkConnection(): Promise<void> {
    const url = `${this.#base.base}/api/internal/data`;
    const outcome = await this.#send({
      method: 'GET',
      url,
      repeatable: true,
      maxResponseBytes: ERROR_BODY_LIMIT,
    });
    this.#expectSuccess(outcome, url, 'GET');
  }

  /** `GET /api/internal/testspecifications/extended`, as a list in the server's order. */
  async listTestSpecifications(): Promise<TestSpecification[]> {
    const url = `${this.#base.base}/api/internal/testspecifications/extended`;
    const body = await this.#getJson(url);
    const entries: [string, unknown][] = Array.isArray(body)
      ? body.map((value, index) => [String(index), value])
      : isRecord(body)
        ? Object.entries(body)
        : [];
    if (!Array.isArray(body) && !isRecord(body)) throw this.#unexpected(url, 'GET', 200, '');
    return entries
      .map(([key, value]) => toSpecification(key, value))
      .filter((spec): spec is TestSpecification => spec !== undefined);
  }

  /**
   * Find a project by exact title (`GET /api/v1/projects?title=`); create it when `create`.
   * @throws {XltvError} `TARGET_NOT_FOUND` with details `{ kind: 'project', title }`
   */
  async resolveProject(title: string, create: boolean): Promise<string> {
    const listUrl = `${this.#base.base}/api/v1/projects?title=${encodeURIComponent(title)}`;
    const found = this.#findByTitle(await this.#getJson(listUrl), title);
    if (found !== undefined) return found;
    if (!create) {
      throw this.#error('TARGET_NOT_FOUND', `no project titled "${title}"`, {
        kind: 'project',
        title,
        url: `${this.#base.base}/api/v1/projects`,
      });
    }
    return this.#create(`${this.#base.base}/api/v1/projects`, { title }, 'project');
  }

  /**
   * Find a test specification by exact title in a project; create it when `create` (needs
   * `testToolName`, e.g. `xlt.JUnit`).
   * @throws {XltvError} `TARGET_NOT_FOUND` (`{ kind: 'testSpecification', title, projectId }`),
   *   `INVALID_OPTION` when creating without a test tool
   */
  async resolveTestSpecification(
    projectId: string,
    title: string,
    create: boolean,
    testToolName?: string,
  ): Promise<string> {
    const collection = joinPath(
      `${this.#base.base}/api/v1/projects`,
      projectId,
      'testspecifications',
    );
    const found = this.#findByTitle(
      await this.#getJson(`${collection}?title=${encodeURIComponent(title)}`),
      title,
    );
    if (found !== undefined) return found;
    if (!create) {
      throw this.#error('TARGET_NOT_FOUND', `no test specification titled "${title}"`, {
        kind: 'testSpecification',
        title,
        projectId,
        url: collection,
      });
    }
    if (testToolName === undefined || testToolName === '') {
      throw new XltvError('INVALID_OPTION', 'creating a test specification needs a test tool', {
        option: 'testToolName',
      });
    }
    return this.#create(collection, { title, testToolName }, 'testSpecification');
  }

  /**
   * POST the body, retrying transient failures with a fresh body stream each attempt.
   * @throws {XltvError} the codes of protocol.md §5; body errors (`FILE_CHANGED`,
   *   `UNREADABLE_FILE`) and `ABORTED` pass through unchanged
   */
  async importResults(target: ImportTarget, body: ImportBody): Promise<ImportResult> {
    const url = this.importUrl(target);
    const outcome = await this.#send({
      method: 'POST',
      url,
      headers: { 'content-type': body.contentType },
      body: () => ({ stream: body.open(), contentLength: body.contentLength }),
      repeatable: true,
      maxResponseBytes: ERROR_BODY_LIMIT,
    });
    const { exchange, attempts } = outcome;
    if (exchange.status === 304) {
      return {
        status: outcome.mayHaveLanded ? 'already-imported' : 'nothing-new',
        testRunIds: [],
        httpStatus: 304,
        attempts,
        url,
      };
    }
    this.#expectSuccess(outcome, url, 'POST', target);
    return {
      status: 'imported',
      testRunIds: testRunIdsOf(exchange.text),
      httpStatus: exchange.status,
      attempts,
      url,
    };
  }

  /** Release connections. */
  async close(): Promise<void> {
    const pending = this.#dispatcher;
    this.#dispatcher = undefined;
    if (pending) await (await pending.catch(() => undefined))?.dispatcher.close();
  }

  #findByTitle(body: unknown, title: string): string | undefined {
    const items = Array.isArray(body) ? body : [];
    for (const item of items) {
      if (isRecord(item) && item.title === title && typeof item.id === 'string') return item.id;
    }
    return undefined;
  }

  async #create(url: string, payload: Record<string, string>, kind: string): Promise<string> {
    const json = JSON.stringify(payload);
    const outcome = await this.#send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: () => ({ stream: json, contentLength: Buffer.byteLength(json) }),
      repeatable: false,
      maxResponseBytes: ERROR_BODY_LIMIT,
    });
    this.#expectSuccess(outcome, url, 'POST');
    const id = optionalString(pickStrings(parseJson(outcome.exchange.text), ['id'] as const).id);
    if (id === undefined) {
      throw this.#unexpected(url, 'POST', outcome.exchange.status, outcome.exchange.text, {
        kind,
        reason: 'no id in the response',
      });
    }
    return id;
  }

  async #getJson(url: string): Promise<unknown> {
    const outcome = await this.#send({
      method: 'GET',
      url,
      repeatable: true,
      maxResponseBytes: JSON_BODY_LIMIT,
    });
    this.#expectSuccess(outcome, url, 'GET');
    const { exchange } = outcome;
    const body = parseJson(exchange.text);
    if (body === undefined) {
      throw this.#unexpected(url, 'GET', exchange.status, exchange.text, { reason: 'not JSON' });
    }
    return body;
  }

  #unexpected(
    url: string,
    method: string,
    status: number,
    text: string,
    extra: XltvErrorDetails = {},
  ): XltvError {
    const excerpt = text.slice(0, EXCERPT_CHARS);
    return this.#error(
      'UNEXPECTED_RESPONSE',
      `unexpected response ${status} from ${method} ${url}`,
      {
        url,
        method,
        status,
        ...(excerpt !== '' ? { bodyExcerpt: excerpt } : {}),
        ...extra,
      },
    );
  }

  /** Throw the typed error for any non-2xx final response. */
  #expectSuccess(outcome: Outcome, url: string, method: string, target?: ImportTarget): void {
    const { exchange, attempts } = outcome;
    const { status } = exchange;
    if (status >= 200 && status < 300) return;
    const base = { url, method, status, attempts };
    if (REDIRECT_STATUSES.has(status)) {
      const raw = header(exchange, 'location');
      let location = raw;
      if (raw !== undefined) {
        try {
          location = new URL(raw, url).href;
        } catch {
          location = raw;
        }
      }
      throw this.#error('REDIRECT', `${method} ${url} was redirected (${status}); not followed`, {
        ...base,
        ...(location !== undefined ? { location } : {}),
      });
    }
    const server = pickStrings(parseJson(exchange.text), ['message', 'errorCode'] as const);
    const serverStatus = (parseJson(exchange.text) as { status?: unknown } | undefined)?.status;
    const serverDetails = {
      ...(server.message !== undefined ? { serverMessage: server.message } : {}),
      ...(server.errorCode !== undefined ? { errorCode: server.errorCode } : {}),
      ...(typeof serverStatus === 'string' || typeof serverStatus === 'number'
        ? { serverStatus }
        : {}),
    };
    const targetDetails = {
      ...(target?.testSpecId !== undefined ? { testSpecId: target.testSpecId } : {}),
      ...(target?.projectId !== undefined ? { projectId: target.projectId } : {}),
    };
    const suffix = server.message !== undefined ? `: ${server.message}` : '';
    switch (status) {
      case 400:
        throw this.#error('BAD_REQUEST', `the server rejected the request${suffix}`, {
          ...base,
          ...serverDetails,
        });
      case 422:
        throw this.#error('UNPROCESSABLE', `the server could not process the upload${suffix}`, {
          ...base,
          ...serverDetails,
        });
      case 401:
        throw this.#error(
          'UNAUTHORIZED',
          this.#username !== undefined
            ? `the server refused the credentials of user "${this.#username}"`
            : 'the server wants credentials',
          { ...base, ...(this.#username !== undefined ? { username: this.#username } : {}) },
        );
      case 402:
        throw this.#error('LICENSE_REQUIRED', 'the server has no valid licence', base);
      case 404:
        throw this.#error('NOT_FOUND', `not found: ${url}`, { ...base, ...targetDetails });
      case 413:
        throw this.#error('PAYLOAD_TOO_LARGE', 'the upload is too large for the server', base);
      default:
        if (status === 429 || status >= 500) {
          throw this.#error('SERVER_ERROR', `server error ${status} after ${attempts} attempt(s)`, {
            ...base,
            ...serverDetails,
            ...(exchange.text !== '' ? { bodyExcerpt: exchange.text.slice(0, EXCERPT_CHARS) } : {}),
          });
        }
        throw this.#unexpected(url, method, status, exchange.text, { attempts });
    }
  }

  /** Make the request, retrying transient failures; returns the final response. */
  async #send(spec: RequestSpec): Promise<Outcome> {
    const retries = this.options.retries ?? DEFAULT_RETRIES;
    const baseDelay = this.options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    const maxDelay = this.options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
    let mayHaveLanded = false;
    for (let attempt = 1; ; attempt++) {
      let exchange: Exchange | undefined;
      let failure: AttemptFailure | undefined;
      try {
        exchange = await this.#attempt(spec);
      } catch (error) {
        if (isXltvError(error)) throw error;
        failure = this.#classify(error);
        if (failure.code === 'ABORTED') throw this.#abortError(spec);
      }
      const status = exchange?.status;
      const transientStatus = status !== undefined && (status === 429 || status >= 500);
      if (exchange && !transientStatus) return { exchange, attempts: attempt, mayHaveLanded };
      const landedNow =
        failure !== undefined
          ? failure.mayHaveLanded
          : status !== undefined && MAYBE_PROCESSED_STATUSES.has(status);
      const canRepeat = spec.repeatable || !landedNow;
      const retryable = (failure === undefined || failure.transient) && canRepeat;
      if (!retryable || attempt > retries) {
        if (exchange) return { exchange, attempts: attempt, mayHaveLanded };
        throw this.#networkError(failure as AttemptFailure, spec, attempt);
      }
      if (landedNow) mayHaveLanded = true;
      const retryAfter = exchange ? parseRetryAfter(exchange.headers['retry-after']) : undefined;
      const delayMs =
        retryAfter !== undefined
          ? Math.min(retryAfter, maxDelay)
          : backoffDelayMs(attempt, baseDelay, maxDelay);
      const reason = status !== undefined ? `HTTP ${status}` : (failure as AttemptFailure).reason;
      this.options.onRetry?.({
        attempt: attempt + 1,
        delayMs,
        reason,
        ...(status !== undefined ? { status } : {}),
      });
      try {
        await abortableDelay(delayMs, this.options.signal);
      } catch {
        throw this.#abortError(spec);
      }
    }
  }

  #abortError(spec: RequestSpec): XltvError {
    return this.#error('ABORTED', `${spec.method} ${spec.url} was aborted`, {
      url: spec.url,
      method: spec.method,
    });
  }

  #networkError(failure: AttemptFailure, spec: RequestSpec, attempts: number): XltvError {
    const what =
      failure.code === 'TIMEOUT'
        ? `timed out (${failure.phase ?? 'response'})`
        : failure.code === 'TLS'
          ? `failed TLS verification (${failure.reason})`
          : `failed (${failure.reason})`;
    return this.#error(
      failure.code,
      `${spec.method} ${spec.url} ${what} after ${attempts} attempt(s)`,
      {
        url: spec.url,
        method: spec.method,
        attempts,
        reason: failure.reason,
        ...(failure.phase !== undefined ? { phase: failure.phase } : {}),
        ...(this.#proxy ? { proxy: this.#proxy.url.href, proxySource: this.#proxy.source } : {}),
      },
      failure.cause,
    );
  }

  #classify(error: unknown): AttemptFailure {
    const codes = errorCodes(error);
    const message = errorMessage(error);
    const reason = codes[0] ?? message;
    if (this.options.signal?.aborted) {
      return { code: 'ABORTED', reason, transient: false, mayHaveLanded: false, cause: error };
    }
    const has = (set: ReadonlySet<string>): boolean => codes.some((code) => set.has(code));
    if (
      has(TLS_CODES) ||
      codes.some((c) => c.startsWith('ERR_TLS_') || c.startsWith('ERR_SSL_') || c.includes('CERT'))
    ) {
      return {
        code: 'TLS',
        reason: `${reason}: ${message}`,
        transient: false,
        mayHaveLanded: false,
        cause: error,
      };
    }
    if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
      return {
        code: 'TIMEOUT',
        reason,
        phase: 'connect',
        transient: true,
        mayHaveLanded: false,
        cause: error,
      };
    }
    if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_BODY_TIMEOUT')) {
      return {
        code: 'TIMEOUT',
        reason,
        phase: codes.includes('UND_ERR_HEADERS_TIMEOUT') ? 'response' : 'response body',
        transient: true,
        mayHaveLanded: true,
        cause: error,
      };
    }
    if (has(PRE_CONNECT_CODES)) {
      return {
        code: 'NETWORK',
        reason,
        transient: !codes.includes('ENOTFOUND'),
        mayHaveLanded: false,
        cause: error,
      };
    }
    if (has(MID_FLIGHT_CODES)) {
      return { code: 'NETWORK', reason, transient: true, mayHaveLanded: true, cause: error };
    }
    return {
      code: 'NETWORK',
      reason: codes[0] !== undefined ? `${codes[0]}: ${message}` : message,
      transient: false,
      mayHaveLanded: true,
      cause: error,
    };
  }

  get #proxy(): ProxyChoice | undefined {
    return chooseProxy(this.#base.url, this.options.proxy, this.options.env ?? process.env);
  }

  #getDispatcher(): Promise<{ undici: typeof Undici; dispatcher: Dispatcher }> {
    this.#dispatcher ??= this.#createDispatcher();
    return this.#dispatcher;
  }

  async #createDispatcher(): Promise<{ undici: typeof Undici; dispatcher: Dispatcher }> {
    const proxy = this.#proxy;
    const ca = await this.#certificateAuthorities();
    const undici = await import('undici');
    const connectTimeout = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const responseTimeout = this.options.timeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    const tlsOptions = {
      timeout: connectTimeout,
      rejectUnauthorized: this.options.insecure !== true,
      ...(ca !== undefined ? { ca } : {}),
    };
    const timeouts = { headersTimeout: responseTimeout, bodyTimeout: responseTimeout };
    const dispatcher: Dispatcher = proxy
      ? new undici.ProxyAgent({
          uri: proxy.url.href,
          // Plain http through an http proxy: absolute-form requests, as proxies expect.
          proxyTunnel: false,
          requestTls: tlsOptions,
          proxyTls: tlsOptions,
          ...timeouts,
        })
      : new undici.Agent({ connect: tlsOptions, ...timeouts });
    return { undici, dispatcher };
  }

  /** The default CAs plus `caCertFile` (and NODE_EXTRA_CA_CERTS, which an explicit `ca` drops). */
  async #certificateAuthorities(): Promise<string[] | undefined> {
    const file = this.options.caCertFile;
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
    const extraFile = (this.options.env ?? process.env).NODE_EXTRA_CA_CERTS;
    if (extraFile) {
      try {
        extra.push(await readFile(extraFile, 'utf8'));
      } catch {
        // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
      }
    }
    return [...tls.rootCertificates, ...extra, pem];
  }

  /** One HTTP exchange; throws the raw network error. */
  async #attempt(spec: RequestSpec): Promise<Exchange> {
    const { undici, dispatcher } = await this.#getDispatcher();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? buildUserAgent(),
      ...spec.headers,
    };
    if (this.#username !== undefined) {
      const token = Buffer.from(`${this.#username}:${this.#password ?? ''}`, 'utf8').toString(
        'base64',
      );
      headers.authorization = `Basic ${token}`;
    }
    const body = spec.body?.();
    let bodyError: unknown;
    const stream = body?.stream;
    if (stream !== undefined && typeof stream !== 'string') {
      stream.on('error', (error) => {
        bodyError ??= error;
      });
    }
    if (body?.contentLength !== undefined) headers['content-length'] = String(body.contentLength);
    const timeout = this.options.timeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    try {
      const response = await undici.request(spec.url, {
        method: spec.method,
        dispatcher,
        headers,
        // undici sends async iterables (documented), though its types omit them.
        ...(stream !== undefined
          ? { body: requestBody(stream, body?.contentLength) as Readable | string }
          : {}),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
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
