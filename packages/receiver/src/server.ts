/**
 * The receiver: an HTTP(S) server implementing the XL TestView import API of docs/protocol.md
 * from the server's side (§6), plus its own inspection and control endpoints.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WWW_AUTHENTICATE, parseBasicAuthorization, redactHeaders, sameSecret } from './auth.js';
import { Catalogue, TEST_SPECIFICATION_SET_TYPE, normalizeSpecifications } from './catalogue.js';
import type { TestSpecification, TestSpecificationsInput } from './catalogue.js';
import { ImportRejection, badRequest } from './errors.js';
import { FaultQueue, parseFaults } from './faults.js';
import type { Fault, PendingFault } from './faults.js';
import { PAGE_CSP, renderImportsPage } from './html.js';
import { parseMetadata } from './metadata-check.js';
import { ResultFiles } from './result-files.js';
import { ImportStore } from './store.js';
import type { StoredImport, StoredImportWithFile } from './store.js';
import { boundaryOf, readUploadBody } from './upload-body.js';
import type { ReceivedUpload } from './upload-body.js';
import { inspectZip } from './zip-check.js';

/** Options of {@link startReceiver}. */
export interface ReceiverOptions {
  /** TCP port; 0 (the default here; the CLI's default is 6516) picks a free one. */
  readonly port?: number;
  /** Address to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** Keep imports under this directory and read back what an earlier run kept (default: memory). */
  readonly dataDir?: string;
  /** With `password`: require HTTP Basic authentication on the product API. */
  readonly user?: string;
  /** The password of `user` (never logged, stored or echoed). */
  readonly password?: string;
  /**
   * The test specifications that exist (an array, or an object keyed by id, as in the
   * extended listing). Without it any id is accepted and created on first use.
   */
  readonly specs?: TestSpecificationsInput;
  /** Serve the API under this path (e.g. `/xltest`), like the product's `xlt.server.root`. */
  readonly contextRoot?: string;
  /** Refuse import bodies larger than this with 413 (default: no limit). */
  readonly maxUploadBytes?: number;
  /** Largest metadata part (default 1 MiB). */
  readonly maxMetadataBytes?: number;
  /** Serve HTTPS with this PEM certificate and key. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** False simulates a server without a valid licence: every API call answers 402. */
  readonly licensed?: boolean;
  /** Also enforce docs/protocol.md §4's value rules on metadata (400 `INVALID_METADATA`). */
  readonly strictMetadata?: boolean;
  /**
   * Read the result files of each upload (default true): keep their counts in the record and
   * refuse (422) an upload of which the specification's tool reads nothing (unless the
   * specification was created on first use). False for tests that send arbitrary bytes.
   */
  readonly readResults?: boolean;
  /** The `version` of `GET /api/v1/info` (default `1.4.4`). */
  readonly serverVersion?: string;
  /** Faults queued from the start. */
  readonly faults?: readonly Fault[];
  /** How long `close()` waits for requests in flight before cutting them (default 10 s). */
  readonly closeTimeoutMs?: number;
  /** Called with one line per answered API request (no secrets, no metadata values). */
  readonly log?: (line: string) => void;
}

/** A running receiver. */
export interface Receiver {
  /** Base URL of the API, context root included, no trailing slash (`http://127.0.0.1:6516/xltest`). */
  readonly url: string;
  /** `scheme://host:port`, where `/imports`, `/` and `/__control/faults` are served. */
  readonly origin: string;
  readonly port: number;
  /** The data directory, or undefined in memory mode. */
  readonly dataDir: string | undefined;
  /** The accepted imports so far, oldest first (a snapshot). */
  readonly imports: readonly StoredImportWithFile[];
  /** One accepted import by id. */
  getImport(id: string): StoredImportWithFile | undefined;
  /** The known test specifications. */
  testSpecifications(): TestSpecification[];
  /** Queue faults (see {@link Fault}); throws on an invalid one. */
  inject(...faults: Fault[]): void;
  /** The pending faults and their remaining counts. */
  pendingFaults(): PendingFault[];
  /** Forget every pending fault. */
  clearFaults(): void;
  /**
   * Stop: no new connections; requests in flight finish (up to `closeTimeoutMs`); stalled
   * ones are cut; memory mode's temporary files are removed.
   */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SERVER_NAME = 'XL TestView (xltv receiver)';
const SERVER_VENDOR = 'xltv';
const DEFAULT_SERVER_VERSION = '1.4.4';
const MAX_JSON_REQUEST_BYTES = 1024 * 1024;

/** Normalise a context root: `xltest/` → `/xltest`, `/` → ``. */
export function normalizeContextRoot(contextRoot: string | undefined): string {
  const trimmed = (contextRoot ?? '').trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (/[?#\s]/.test(trimmed))
    throw new Error(`Invalid context root: ${JSON.stringify(contextRoot)}`);
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

type ApiRoute =
  | { kind: 'info' }
  | { kind: 'data' }
  | { kind: 'specs-extended' }
  | { kind: 'import-internal'; specId: string }
  | { kind: 'import-v1'; projectId: string; specId: string }
  | { kind: 'projects' }
  | { kind: 'project-specs'; projectId: string };

const ROUTE_METHODS: Readonly<Record<ApiRoute['kind'], readonly string[]>> = {
  info: ['GET'],
  data: ['GET'],
  'specs-extended': ['GET'],
  'import-internal': ['POST'],
  'import-v1': ['POST'],
  projects: ['GET', 'POST'],
  'project-specs': ['GET', 'POST'],
};

/** Match the path below `{context root}/api` (already split, segments decoded). */
function matchApiRoute(segments: readonly string[]): ApiRoute | undefined {
  const [a, b, c, d, e, f] = segments;
  const n = segments.length;
  if (n === 2 && a === 'v1' && b === 'info') return { kind: 'info' };
  if (n === 2 && a === 'internal' && b === 'data') return { kind: 'data' };
  if (n === 3 && a === 'internal' && b === 'testspecifications' && c === 'extended') {
    return { kind: 'specs-extended' };
  }
  if (n === 3 && a === 'internal' && b === 'import' && c)
    return { kind: 'import-internal', specId: c };
  if (a === 'v1' && b === 'projects') {
    if (n === 2) return { kind: 'projects' };
    if (n === 4 && c && d === 'testspecifications') return { kind: 'project-specs', projectId: c };
    if (n === 6 && c && d === 'testspecifications' && e && f === 'testruns') {
      return { kind: 'import-v1', projectId: c, specId: e };
    }
  }
  return undefined;
}

/** Whether the request still has body bytes the server has not read. */
function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The JSON view of an import (no local file path). */
function publicView(record: StoredImportWithFile): StoredImport {
  const { zipFile: _zipFile, ...view } = record;
  return view;
}

/** Start a receiver. Resolves once it listens. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const contextRoot = normalizeContextRoot(options.contextRoot);
  if ((options.user === undefined) !== (options.password === undefined)) {
    throw new Error('Give both user and password, or neither.');
  }
  const listed = options.specs === undefined ? undefined : normalizeSpecifications(options.specs);
  const store = await ImportStore.open(options.dataDir);
  const catalogue = await Catalogue.create(listed, store.dataDir);
  const faults = new FaultQueue();
  faults.add(parseFaults(options.faults ?? []));
  const maxMetadataBytes = options.maxMetadataBytes ?? 1024 * 1024;
  const licensed = options.licensed ?? true;
  const readResults = options.readResults ?? true;
  const log = options.log ?? (() => {});
  const stalled = new Set<ServerResponse>();
  let inFlight = 0;
  let closing = false;
  let inFlightDrained: (() => void) | undefined;
  let baseUrl = '';

  const serverOptions: http.ServerOptions = {
    // Large uploads on slow links must not be cut by Node's default 5-minute request timeout.
    requestTimeout: 0,
    headersTimeout: 60_000,
  };
  const server = options.tls
    ? https.createServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key })
    : http.createServer(serverOptions);

  /** Write a response (once), honouring an injected delay and the closing state. */
  async function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: string | undefined,
    headers: Record<string, string> = {},
    delayMs = 0,
  ): Promise<void> {
    if (delayMs > 0) await sleep(delayMs);
    if (res.headersSent || res.destroyed) return;
    const allHeaders: Record<string, string | number> = { ...headers };
    if (body !== undefined) {
      allHeaders['content-type'] ??= JSON_TYPE;
      allHeaders['content-length'] = Buffer.byteLength(body);
    }
    // An unread body would be taken for the next request: close instead of draining it.
    if (closing || bodyPending(req)) allHeaders.connection = 'close';
    res.writeHead(status, allHeaders);
    res.end(body);
  }

  function sendJson(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    value: unknown,
    delayMs = 0,
  ): Promise<void> {
    return send(req, res, status, JSON.stringify(value), {}, delayMs);
  }

  function sendRejection(
    req: IncomingMessage,
    res: ServerResponse,
    rejection: ImportRejection,
    delayMs = 0,
  ): Promise<void> {
    return send(
      req,
      res,
      rejection.status,
      JSON.stringify(rejection.toBody()),
      { ...rejection.headers },
      delayMs,
    );
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    expectContinue: boolean,
  ): Promise<void> {
    inFlight += 1;
    // Errors of an aborted request are handled through 'close'; keep them from being unhandled.
    req.on('error', () => {});
    res.once('close', () => {
      stalled.delete(res);
      inFlight -= 1;
      if (inFlight === 0) inFlightDrained?.();
    });
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
    const apiPrefix = `${contextRoot}/api/`;
    try {
      if (pathname.startsWith(apiPrefix)) {
        await handleApi(req, res, pathname.slice(apiPrefix.length), query, expectContinue);
        return;
      }
      const local =
        contextRoot !== '' && (pathname === contextRoot || pathname.startsWith(`${contextRoot}/`))
          ? pathname.slice(contextRoot.length) || '/'
          : pathname;
      await handleOwn(req, res, local, expectContinue);
    } catch (error) {
      try {
        if (error instanceof ImportRejection) {
          await sendRejection(req, res, error);
          return;
        }
        log(`${req.method} ${pathname} → 500 ${(error as Error).message}`);
        await sendRejection(
          req,
          res,
          new ImportRejection(500, 'INTERNAL', 'Internal receiver error.'),
        );
      } catch {
        // Not even an error answer could be written: drop the connection rather than hang.
        res.destroy();
      }
    }
  }

  /** `/`, `/imports`, `/imports/{id}`, `/imports/{id}/zip`, `/__control/faults`. */
  async function handleOwn(
    req: IncomingMessage,
    res: ServerResponse,
    local: string,
    expectContinue: boolean,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (local === '/') {
      if (method !== 'GET') throw methodNotAllowed(['GET']);
      await send(req, res, 200, renderImportsPage(store.list(), baseUrl), {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
      });
      return;
    }
    if (local === '/imports') {
      if (method !== 'GET') throw methodNotAllowed(['GET']);
      await sendJson(req, res, 200, store.list().map(publicView));
      return;
    }
    const importMatch = /^\/imports\/([^/]+)(\/zip)?$/.exec(local);
    if (importMatch) {
      if (method !== 'GET') throw methodNotAllowed(['GET']);
      const record = store.get(decodeSegment(importMatch[1] ?? ''));
      if (!record) throw new ImportRejection(404, 'NOT_FOUND', 'No import with this id.');
      if (!importMatch[2]) {
        await sendJson(req, res, 200, publicView(record));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': record.zip.size });
      createReadStream(record.zipFile)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    if (local === '/__control/faults') {
      if (method === 'GET') {
        await sendJson(req, res, 200, { faults: faults.list() });
      } else if (method === 'POST') {
        if (expectContinue) res.writeContinue();
        const body = await readJsonRequest(req);
        let parsed: Fault[];
        try {
          parsed = parseFaults(body);
        } catch (error) {
          throw badRequest('BAD_REQUEST', (error as Error).message);
        }
        faults.add(parsed);
        await sendJson(req, res, 200, { faults: faults.list() });
      } else if (method === 'DELETE') {
        faults.clear();
        await sendJson(req, res, 200, { faults: [] });
      } else {
        throw methodNotAllowed(['GET', 'POST', 'DELETE']);
      }
      return;
    }
    throw new ImportRejection(404, 'NOT_FOUND', `Nothing at ${local}.`);
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    below: string,
    query: URLSearchParams,
    expectContinue: boolean,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const route = matchApiRoute(below.split('/').map(decodeSegment));
    const started = Date.now();
    const logLine = (status: number | string, extra = ''): void =>
      log(`${method} ${contextRoot}/api/${below} → ${status}${extra} (${Date.now() - started} ms)`);
    res.once('finish', () => logLine(res.statusCode));
    if (!route) throw new ImportRejection(404, 'NOT_FOUND', `No API endpoint at /api/${below}.`);
    const allowed = ROUTE_METHODS[route.kind];
    if (!allowed.includes(method)) throw methodNotAllowed(allowed);
    const isImport = route.kind === 'import-internal' || route.kind === 'import-v1';

    const fault = faults.take(isImport);
    if (fault?.type === 'fail') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      if (fault.status === 304) {
        await send(req, res, 304, undefined, headers);
        return;
      }
      await sendRejection(
        req,
        res,
        new ImportRejection(
          fault.status,
          'INJECTED_FAULT',
          fault.message ?? `Injected failure: ${fault.status}.`,
          headers,
        ),
      );
      return;
    }
    if (fault?.type === 'reset' && (!isImport || (fault.afterBytes ?? 0) === 0)) {
      logLine('reset');
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'stall') {
      logLine('stalled');
      stalled.add(res);
      if (expectContinue) res.writeContinue();
      req.resume();
      return;
    }
    const delayMs = fault?.type === 'delay' ? fault.ms : 0;

    const credentials = parseBasicAuthorization(req.headers.authorization);
    if (options.user !== undefined && options.password !== undefined) {
      if (
        !credentials ||
        !sameSecret(credentials.user, options.user) ||
        !sameSecret(credentials.password, options.password)
      ) {
        throw new ImportRejection(
          401,
          'UNAUTHORIZED',
          credentials
            ? `User ${JSON.stringify(credentials.user)} and the supplied password are not accepted.`
            : 'Authentication required.',
          { 'www-authenticate': WWW_AUTHENTICATE },
        );
      }
    }
    if (!licensed) {
      throw new ImportRejection(
        402,
        'LICENSE_REQUIRED',
        'The XL TestView server does not have a valid license.',
      );
    }

    switch (route.kind) {
      case 'info':
        await sendJson(
          req,
          res,
          200,
          {
            name: SERVER_NAME,
            vendor: SERVER_VENDOR,
            version: options.serverVersion ?? DEFAULT_SERVER_VERSION,
          },
          delayMs,
        );
        return;
      case 'data':
        await sendJson(req, res, 200, {}, delayMs);
        return;
      case 'specs-extended':
        await sendJson(req, res, 200, catalogue.extendedListing(), delayMs);
        return;
      case 'projects': {
        if (method === 'GET') {
          await sendJson(
            req,
            res,
            200,
            catalogue.projects(query.get('title') ?? undefined),
            delayMs,
          );
          return;
        }
        if (expectContinue) res.writeContinue();
        const title = titleOf(await readJsonRequest(req));
        await sendJson(req, res, 201, await catalogue.createProject(title), delayMs);
        return;
      }
      case 'project-specs': {
        const project = catalogue.project(route.projectId);
        if (!project) {
          throw new ImportRejection(
            404,
            'NOT_FOUND',
            `Unknown project ${JSON.stringify(route.projectId)}.`,
          );
        }
        if (method === 'GET') {
          const specs = catalogue.specificationsOf(project.id, query.get('title') ?? undefined);
          await sendJson(
            req,
            res,
            200,
            specs.map((spec) => ({
              id: spec.id,
              title: spec.title,
              type: spec.type,
              testToolName: spec.testTool.name,
            })),
            delayMs,
          );
          return;
        }
        if (expectContinue) res.writeContinue();
        const body = await readJsonRequest(req);
        const title = titleOf(body);
        const toolName = (body as Record<string, unknown>).testToolName;
        if (toolName !== undefined && (typeof toolName !== 'string' || toolName === '')) {
          throw badRequest('BAD_REQUEST', 'testToolName must be a non-empty string.');
        }
        const spec = await catalogue.createSpecification(project, title, toolName);
        await sendJson(
          req,
          res,
          201,
          { id: spec.id, title: spec.title, testToolName: spec.testTool.name },
          delayMs,
        );
        return;
      }
      case 'import-internal':
      case 'import-v1':
        await handleImport(req, res, route, {
          expectContinue,
          delayMs,
          resetAfterBytes: fault?.type === 'reset' ? (fault.afterBytes ?? 0) : undefined,
          loseResponse: fault?.type === 'lose-response',
          user: credentials?.user,
        });
        return;
    }
  }

  async function handleImport(
    req: IncomingMessage,
    res: ServerResponse,
    route: Extract<ApiRoute, { kind: 'import-internal' | 'import-v1' }>,
    context: {
      expectContinue: boolean;
      delayMs: number;
      resetAfterBytes: number | undefined;
      loseResponse: boolean;
      user: string | undefined;
    },
  ): Promise<void> {
    const projectId = route.kind === 'import-v1' ? route.projectId : undefined;
    const plan = catalogue.planImportTarget(route.specId, projectId);
    if (!plan) {
      throw new ImportRejection(
        404,
        'NOT_FOUND',
        projectId === undefined
          ? `Unknown test specification ${JSON.stringify(route.specId)}.`
          : `Unknown test specification ${JSON.stringify(route.specId)} in project ${JSON.stringify(projectId)}.`,
      );
    }
    const spec = plan.spec;
    if (spec.type === TEST_SPECIFICATION_SET_TYPE) {
      throw badRequest(
        'TEST_SPECIFICATION_SET',
        `Test specification ${JSON.stringify(spec.id)} is a test specification set (${TEST_SPECIFICATION_SET_TYPE}); sets cannot receive uploads. Upload to one of its test specifications.`,
      );
    }
    const boundary = boundaryOf(req.headers['content-type']);
    const declaredLength = req.headers['content-length'];
    const contentLength = declaredLength === undefined ? undefined : Number(declaredLength);
    if (
      options.maxUploadBytes !== undefined &&
      contentLength !== undefined &&
      contentLength > options.maxUploadBytes
    ) {
      throw tooLarge(options.maxUploadBytes);
    }
    if (context.expectContinue) res.writeContinue();

    let bodyBytes = 0;
    let reset = false;
    const resetNow = (): void => {
      reset = true;
      req.socket.destroy();
    };
    const zipFile = store.stagingFile();
    const { parser, done } = readUploadBody(req, {
      boundary,
      zipFile,
      maxMetadataBytes,
      onChunk: (chunk) => {
        bodyBytes += chunk.length;
        if (options.maxUploadBytes !== undefined && bodyBytes > options.maxUploadBytes) {
          throw tooLarge(options.maxUploadBytes);
        }
        if (context.resetAfterBytes !== undefined && bodyBytes >= context.resetAfterBytes) {
          resetNow();
          throw new Error('connection reset by an injected fault');
        }
      },
    });
    req.once('close', () => {
      if (!req.complete) parser.destroy(new Error('the client went away before the body ended'));
    });

    let upload: ReceivedUpload;
    try {
      upload = await done;
    } catch (error) {
      if (reset || req.socket.destroyed) return;
      throw error;
    }
    if (context.resetAfterBytes !== undefined) {
      // The body was shorter than afterBytes: reset at its end.
      await rm(upload.zipFile, { force: true });
      resetNow();
      return;
    }

    let keys: string[] | undefined;
    let stored: StoredImportWithFile;
    try {
      const metadata = parseMetadata(upload.metadataBytes, options.strictMetadata ?? false);
      const resultFiles = readResults ? new ResultFiles() : undefined;
      const entries = await inspectZip(upload.zipFile, resultFiles?.sinkFor);
      if (entries.length === 0) {
        throw new ImportRejection(
          422,
          'NO_RESULT_FILES',
          'The zip holds no result files; nothing was imported.',
        );
      }
      const results = resultFiles?.verdict(spec.testTool.name, catalogue.enforcesTool(spec.id));
      keys = store.reserve(spec.id, entries);
      if (keys === undefined) {
        await rm(upload.zipFile, { force: true });
        await send(req, res, 304, undefined, {}, context.delayMs);
        return;
      }
      // A specification that is new (open mode) exists from its first accepted import on.
      await catalogue.commitImportTarget(plan);
      stored = await store.add(
        {
          endpoint: route.kind === 'import-v1' ? 'v1' : 'internal',
          target: { testSpecificationId: spec.id, projectId: spec.project.id },
          metadata,
          metadataText: upload.metadataBytes.toString('utf8'),
          request: {
            method: req.method ?? 'POST',
            path: req.url ?? '',
            httpVersion: req.httpVersion,
            headers: redactHeaders(req.headers),
            ...(context.user === undefined ? {} : { user: context.user }),
            transfer: req.headers['transfer-encoding'] !== undefined ? 'chunked' : 'content-length',
            ...(contentLength === undefined ? {} : { contentLength }),
            expectContinue: context.expectContinue,
            bodyBytes,
          },
          multipart: {
            boundary: upload.boundary,
            preambleBytes: upload.preambleBytes,
            epilogueBytes: upload.epilogueBytes,
            parts: upload.parts,
          },
          zip: { size: upload.zipSize, sha256: upload.zipSha256 },
          entries: entries.map(({ path, size, sha256, crc32 }) => ({ path, size, sha256, crc32 })),
          ...(results === undefined ? {} : { results }),
        },
        upload.zipFile,
      );
    } catch (error) {
      if (keys !== undefined) store.release(spec.id, keys);
      await rm(upload.zipFile, { force: true });
      throw error;
    }
    if (context.loseResponse) {
      log(`import ${stored.id} stored; response lost by an injected fault`);
      req.socket.destroy();
      return;
    }
    const runIds = stored.testRunIds;
    if (route.kind === 'import-internal') {
      await sendJson(req, res, 200, { testRunId: runIds[0] }, context.delayMs);
    } else {
      await sendJson(req, res, 201, { testRunId: runIds }, context.delayMs);
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res, false);
  });
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res, true);
  });
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const shownHost =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '::1'
        : address.address;
  const origin = `${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  baseUrl = `${origin}${contextRoot}`;

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    origin,
    port: address.port,
    dataDir: store.dataDir,
    get imports() {
      return store.list();
    },
    getImport: (id) => store.get(id),
    testSpecifications: () => Object.values(catalogue.extendedListing()),
    inject: (...added) => faults.add(parseFaults(added)),
    pendingFaults: () => faults.list(),
    clearFaults: () => faults.clear(),
    close() {
      closed ??= (async () => {
        closing = true;
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const res of stalled) res.socket?.destroy();
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => {
              inFlightDrained = resolve;
            }),
            sleep(options.closeTimeoutMs ?? 10_000),
          ]);
        }
        server.closeAllConnections();
        await serverClosed;
        await store.close();
      })();
      return closed;
    },
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(
      'BAD_REQUEST',
      `Malformed percent-encoding in path segment ${JSON.stringify(segment)}.`,
    );
  }
}

function methodNotAllowed(allowed: readonly string[]): ImportRejection {
  return new ImportRejection(405, 'METHOD_NOT_ALLOWED', `Use ${allowed.join(' or ')}.`, {
    allow: allowed.join(', '),
  });
}

function tooLarge(limit: number): ImportRejection {
  return new ImportRejection(
    413,
    'PAYLOAD_TOO_LARGE',
    `The upload is larger than the receiver's limit of ${limit} bytes.`,
  );
}

function titleOf(body: unknown): string {
  const title =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>).title : undefined;
  if (typeof title !== 'string' || title === '') {
    throw badRequest('BAD_REQUEST', 'The body must be a JSON object with a non-empty "title".');
  }
  return title;
}

/** Read a small JSON request body (projects, specifications, faults). */
function readJsonRequest(req: IncomingMessage): Promise<unknown> {
  // Not `for await`: leaving that loop early would destroy the socket before the 413 is sent.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > MAX_JSON_REQUEST_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        reject(new ImportRejection(413, 'PAYLOAD_TOO_LARGE', 'The JSON body is too large.'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(badRequest('INVALID_JSON', 'The body is not valid JSON.'));
      }
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
