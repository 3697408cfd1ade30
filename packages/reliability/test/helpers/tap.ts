/**
 * A transparent HTTP reverse proxy in front of a receiver that timestamps each request's
 * arrival and its response's end, so tests can measure what the client did between attempts.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request seen by the tap. */
export interface TappedRequest {
  readonly method: string;
  readonly path: string;
  /** When the request's headers arrived (ms, performance clock). */
  readonly arrivedAt: number;
  status?: number;
  /** When the response was fully written back to the client. */
  respondedAt?: number;
}

/** A running tap. */
export interface RequestTap {
  readonly url: string;
  readonly requests: TappedRequest[];
  close(): Promise<void>;
}

/** Start a tap on 127.0.0.1 forwarding to `targetOrigin` (`http://127.0.0.1:port`). */
export async function startTap(targetOrigin: string): Promise<RequestTap> {
  const target = new URL(targetOrigin);
  const requests: TappedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const record: TappedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      arrivedAt: performance.now(),
    };
    requests.push(record);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        record.status = upstreamRes.statusCode;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        res.on('finish', () => {
          record.respondedAt = performance.now();
        });
      },
    );
    // The receiver may answer (e.g. an injected 429) and close before reading the body: the
    // client still gets the answer; the unsent rest of the body is dropped.
    upstream.on('error', () => {
      if (!res.headersSent) res.destroy();
    });
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
