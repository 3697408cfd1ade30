// A plain node:http server on loopback that records every request it gets, for asserting
// exactly what the client sent.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  readonly index: number;
  readonly method: string;
  /** Request target as received (origin-form, or absolute-form through a forward proxy). */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Header names and values exactly as sent, in order. */
  readonly rawHeaders: string[];
  /** The body, once a route read it (undefined when it never did). */
  body?: Buffer;
}

export interface RouteContext {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly captured: CapturedRequest;
  /** Read the whole body (recorded in `captured.body`). */
  body(): Promise<Buffer>;
  /** Answer with JSON (or an empty body when `json` is undefined). */
  send(status: number, json?: unknown, headers?: http.OutgoingHttpHeaders): void;
}

export type Route = (context: RouteContext) => void | Promise<void>;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: CapturedRequest[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Start a server on 127.0.0.1; `route` decides every answer. */
export async function startServer(
  route: Route,
  tlsOptions?: { key: string | Buffer; cert: string | Buffer },
): Promise<TestServer> {
  const requests: CapturedRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const captured: CapturedRequest = {
      index: requests.length,
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
    };
    requests.push(captured);
    const context: RouteContext = {
      req,
      res,
      captured,
      async body() {
        captured.body = await readBody(req);
        return captured.body;
      },
      send(status, json, headers = {}) {
        const text = json === undefined ? '' : JSON.stringify(json);
        res.writeHead(status, {
          ...(json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          'content-length': Buffer.byteLength(text),
          ...headers,
        });
        res.end(text);
      },
    };
    Promise.resolve(route(context)).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(599);
        res.end(String(error));
      }
    });
  };
  const server = tlsOptions ? https.createServer(tlsOptions, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
