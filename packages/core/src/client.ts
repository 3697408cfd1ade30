/**
 * The XL TestView HTTP client on undici (protocol.md §1, §5). OWNER: core-http helper.
 */
import type { ImportBody } from './multipart.js';

/** Options of {@link XltvClient}. */
export interface ClientOptions {
  /** Base URL, with any context root; may carry `user:password@` (then redacted everywhere). */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** e.g. `xltv/0.1.0 node/v20.20.2 (gitlab)`. */
  readonly userAgent?: string;
  /** Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Time to wait for response headers and between body chunks; default 300 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for transient failures; default 3. */
  readonly retries?: number;
  /** Explicit proxy URL; otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env`. */
  readonly proxy?: string | undefined;
  /** Environment for proxy variables (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra CA certificate file (PEM). */
  readonly caCertFile?: string | undefined;
  /** Disable TLS verification. */
  readonly insecure?: boolean;
  readonly signal?: AbortSignal;
  /** Called before each retry. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
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
  readonly testTool?: { readonly name?: string; readonly category?: string; readonly defaultSearchPattern?: string };
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

/** The client. Throws {@link XltvError} with the codes of protocol.md §5. */
export class XltvClient {
  constructor(readonly options: ClientOptions) {}

  /** The import URL for `target`, credentials removed. */
  importUrl(_target: ImportTarget): string {
    throw new Error('not implemented');
  }
  /** `GET /api/v1/info`. */
  async info(): Promise<ServerInfo> {
    throw new Error('not implemented');
  }
  /** `GET /api/internal/data`. */
  async checkConnection(): Promise<void> {
    throw new Error('not implemented');
  }
  /** `GET /api/internal/testspecifications/extended`. */
  async listTestSpecifications(): Promise<TestSpecification[]> {
    throw new Error('not implemented');
  }
  /** Find a project by title; create it when `create`. */
  async resolveProject(_title: string, _create: boolean): Promise<string> {
    throw new Error('not implemented');
  }
  /** Find a test specification by title in a project; create it when `create` (needs `testToolName`). */
  async resolveTestSpecification(
    _projectId: string,
    _title: string,
    _create: boolean,
    _testToolName?: string,
  ): Promise<string> {
    throw new Error('not implemented');
  }
  /** POST the body, retrying transient failures with a fresh body stream each attempt. */
  async importResults(_target: ImportTarget, _body: ImportBody): Promise<ImportResult> {
    throw new Error('not implemented');
  }
  /** Release connections. */
  async close(): Promise<void> {}
}
