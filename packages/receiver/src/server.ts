/**
 * The receiver: an HTTP(S) server implementing the XL TestView import API of docs/protocol.md
 * from the server's side (§6), plus its own inspection and control endpoints.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleApiRequest } from './api-routes.js';
import type { ApiContext } from './api-routes.js';
import { Catalogue, normalizeSpecifications } from './catalogue.js';
import type { TestSpecification, TestSpecificationsInput } from './catalogue.js';
import { ImportRejection } from './errors.js';
import { FaultQueue, parseFaults } from './faults.js';
import type { Fault, PendingFault } from './faults.js';
import { handleInspectionRequest } from './inspection-routes.js';
import type { InspectionContext } from './inspection-routes.js';
import { Responder, sleep } from './respond.js';
import { ImportStore } from './store.js';
import type { StoredImportWithFile } from './store.js';

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

const DEFAULT_SERVER_VERSION = '1.4.4';

/** Normalise a context root: `xltest/` → `/xltest`, `/` → ``. */
export function normalizeContextRoot(contextRoot: string | undefined): string {
  const trimmed = (contextRoot ?? '').trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (/[?#\s]/.test(trimmed))
    throw new Error(`Invalid context root: ${JSON.stringify(contextRoot)}`);
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
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
  const log = options.log ?? (() => {});
  const respond = new Responder();
  const stalled = new Set<ServerResponse>();
  // The options the handlers read, defaults applied once.
  const api: ApiContext = {
    store,
    catalogue,
    respond,
    log,
    faults,
    stalled,
    contextRoot,
    maxUploadBytes: options.maxUploadBytes,
    maxMetadataBytes: options.maxMetadataBytes ?? 1024 * 1024,
    strictMetadata: options.strictMetadata ?? false,
    readResults: options.readResults ?? true,
    account:
      options.user !== undefined && options.password !== undefined
        ? { user: options.user, password: options.password }
        : undefined,
    licensed: options.licensed ?? true,
    serverVersion: options.serverVersion ?? DEFAULT_SERVER_VERSION,
  };
  const inspection: InspectionContext = { store, faults, respond, baseUrl: '' };
  let inFlight = 0;
  let inFlightDrained: (() => void) | undefined;

  const serverOptions: http.ServerOptions = {
    // Large uploads on slow links must not be cut by Node's default 5-minute request timeout.
    requestTimeout: 0,
    headersTimeout: 60_000,
  };
  const server = options.tls
    ? https.createServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key })
    : http.createServer(serverOptions);

  /** Count the request in flight, route it to the API or the receiver's own endpoints. */
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
        const below = pathname.slice(apiPrefix.length);
        await handleApiRequest(api, req, res, below, query, expectContinue);
        return;
      }
      const local =
        contextRoot !== '' && (pathname === contextRoot || pathname.startsWith(`${contextRoot}/`))
          ? pathname.slice(contextRoot.length) || '/'
          : pathname;
      await handleInspectionRequest(inspection, req, res, local, expectContinue);
    } catch (error) {
      try {
        if (error instanceof ImportRejection) {
          await respond.rejection(req, res, error);
          return;
        }
        log(`${req.method} ${pathname} → 500 ${(error as Error).message}`);
        await respond.rejection(
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
  const baseUrl = `${origin}${contextRoot}`;
  inspection.baseUrl = baseUrl;

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
        respond.closing = true;
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
