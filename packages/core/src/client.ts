/**
 * The XL TestView client (docs/protocol.md §1, §5): each call builds its request and reads the
 * answer. Underneath, in `http/`: one attempt (`transport.ts`), the retry loop (`retry.ts`),
 * typed errors for final responses (`responses.ts`), the redaction every error passes through
 * (`redaction.ts`, so no message or detail carries a secret), and the API's data (`api.ts`).
 * Redirects are never followed; an import opens a fresh body for every attempt.
 */
import { XltvError, type XltvWarning } from './errors.js';
import {
  createdIdOf,
  idByTitle,
  serverInfoOf,
  specificationsOf,
  testRunIdsOf,
  type ImportResult,
  type ImportTarget,
  type ServerInfo,
  type TestSpecification,
} from './http/api.js';
import { checkNumberOptions, type ClientOptions } from './http/options.js';
import { proxyAuthorizationSecrets } from './http/proxy.js';
import { Redactor } from './http/redaction.js';
import { expectSuccess, parseJson, unexpectedResponse } from './http/responses.js';
import { sendWithRetries, type Outcome, type RequestSpec } from './http/retry.js';
import { HttpTransport, type Exchange } from './http/transport.js';
import { joinPath, parseBaseUrl, type BaseUrl } from './http/url.js';
import type { ImportBody } from './multipart.js';
import { proxySecrets } from './secrets.js';

export type { ImportResult, ImportTarget, ServerInfo, TestSpecification } from './http/api.js';
export type { ClientOptions } from './http/options.js';
export { DEFAULT_RETRIES, type RetryInfo } from './http/retry.js';
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RESPONSE_TIMEOUT_MS } from './http/transport.js';

/** Most bytes kept of a response that is an error page or a small acknowledgement. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** Most bytes kept of a JSON listing, which grows with the server's content. */
const JSON_BODY_LIMIT = 64 * 1024 * 1024;
/** Enough of an unexpected answer's first line to recognise the page. */
const FIRST_LINE_CHARS = 200;

/** The client. Throws {@link XltvError} with the codes of docs/protocol.md §5. */
export class XltvClient {
  readonly #base: BaseUrl;
  readonly #username: string | undefined;
  readonly #redactor: Redactor;
  readonly #transport: HttpTransport;

  /**
   * @throws {XltvError} `INVALID_URL` for a bad base URL, `INVALID_OPTION` for bad numbers
   */
  constructor(readonly options: ClientOptions) {
    const base = parseBaseUrl(options.url);
    this.#base = base;
    this.#username = options.username ?? base.username;
    this.#redactor = new Redactor(
      [
        options.password,
        base.password,
        ...proxySecrets(options.proxy, options.env ?? {}),
        ...proxyAuthorizationSecrets(options.proxy, options.env ?? {}),
      ],
      this.#username,
    );
    checkNumberOptions(options);
    const credentials = { username: this.#username, password: options.password ?? base.password };
    this.#transport = new HttpTransport(base.url, credentials, options);
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
    return this.#redactor.secrets;
  }

  /** Redact this client's secrets (and URL credentials) from any text. */
  redact(text: string): string {
    return this.#redactor.text(text);
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
    return serverInfoOf(await this.#getJson(`${this.#base.base}/api/v1/info`));
  }

  /** `GET /api/internal/data`: reachable, credentials accepted. */
  async checkConnection(): Promise<void> {
    await this.#get(`${this.#base.base}/api/internal/data`, ERROR_BODY_LIMIT);
  }

  /** `GET /api/internal/testspecifications/extended`, as a list in the server's order. */
  async listTestSpecifications(): Promise<TestSpecification[]> {
    const url = `${this.#base.base}/api/internal/testspecifications/extended`;
    const specifications = specificationsOf(await this.#getJson(url));
    if (specifications === undefined) {
      throw unexpectedResponse({ status: 200, text: '' }, { url, method: 'GET' }, this.#redactor);
    }
    return specifications;
  }

  /**
   * Find a project by exact title (`GET /api/v1/projects?title=`); create it when `create`.
   * @throws {XltvError} `TARGET_NOT_FOUND` with details `{ kind: 'project', title }`
   */
  async resolveProject(title: string, create: boolean): Promise<string> {
    const listUrl = `${this.#base.base}/api/v1/projects?title=${encodeURIComponent(title)}`;
    const found = idByTitle(await this.#getJson(listUrl), title);
    if (found !== undefined) return found;
    if (!create) {
      throw this.#redactor.error('TARGET_NOT_FOUND', `no project titled "${title}"`, {
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
    const found = idByTitle(
      await this.#getJson(`${collection}?title=${encodeURIComponent(title)}`),
      title,
    );
    if (found !== undefined) return found;
    if (!create) {
      throw this.#redactor.error('TARGET_NOT_FOUND', `no test specification titled "${title}"`, {
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
   * @throws {XltvError} the codes of docs/protocol.md §5; body errors (`FILE_CHANGED`,
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
    const warning = this.#foreignAnswer(exchange, url);
    return {
      status: 'imported',
      testRunIds: testRunIdsOf(exchange.text),
      httpStatus: exchange.status,
      attempts,
      url,
      ...(warning !== undefined ? { warnings: [warning] } : {}),
    };
  }

  /**
   * A 2xx import answer is empty or JSON (docs/protocol.md §5); HTML or other text means
   * something else answered (a login page, a captive portal) and nothing may have been imported.
   */
  #foreignAnswer(exchange: Exchange, url: string): XltvWarning | undefined {
    const text = exchange.text.trim();
    if (text === '') return undefined;
    const type = exchange.headers['content-type'];
    const contentType = (Array.isArray(type) ? type[0] : type) ?? '';
    const html = /^\s*text\/html\b/i.test(contentType);
    if (!html && parseJson(text) !== undefined) return undefined;
    const firstLine = this.#redactor.text(text.split(/\r?\n/, 1)[0] ?? '').trim();
    const excerpt =
      firstLine.length > FIRST_LINE_CHARS ? `${firstLine.slice(0, FIRST_LINE_CHARS)}…` : firstLine;
    return {
      code: 'UNEXPECTED_RESPONSE',
      message: `${exchange.status} with ${html ? 'an HTML page' : 'a body that is not JSON'}: ${excerpt}`,
      details: {
        url,
        status: exchange.status,
        ...(contentType !== '' ? { contentType } : {}),
        firstLine: excerpt,
        html,
      },
    };
  }

  /** Release connections. */
  async close(): Promise<void> {
    await this.#transport.close();
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
    const { exchange } = outcome;
    const id = createdIdOf(exchange.text);
    if (id === undefined) {
      throw unexpectedResponse(exchange, { url, method: 'POST' }, this.#redactor, {
        kind,
        reason: 'no id in the response',
      });
    }
    return id;
  }

  /** GET `url`; throws unless the final response is 2xx. */
  async #get(url: string, maxResponseBytes: number): Promise<Exchange> {
    const outcome = await this.#send({ method: 'GET', url, repeatable: true, maxResponseBytes });
    this.#expectSuccess(outcome, url, 'GET');
    return outcome.exchange;
  }

  /** GET `url` and parse its JSON body. */
  async #getJson(url: string): Promise<unknown> {
    const exchange = await this.#get(url, JSON_BODY_LIMIT);
    const body = parseJson(exchange.text);
    if (body === undefined) {
      throw unexpectedResponse(exchange, { url, method: 'GET' }, this.#redactor, {
        reason: 'not JSON',
      });
    }
    return body;
  }

  /** Make the request, retrying transient failures; returns the final response. */
  #send(spec: RequestSpec): Promise<Outcome> {
    const context = { transport: this.#transport, policy: this.options, redactor: this.#redactor };
    return sendWithRetries(spec, context);
  }

  /** Throw the typed error unless the final response is 2xx. */
  #expectSuccess(outcome: Outcome, url: string, method: string, target?: ImportTarget): void {
    const { exchange, attempts } = outcome;
    const request = { url, method, attempts, username: this.#username, target };
    expectSuccess(exchange, request, this.#redactor);
  }
}
