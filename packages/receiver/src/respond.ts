/**
 * Writing answers. Every response of the receiver but the zip download goes through
 * {@link Responder.send}, so an injected delay and the closing state are honoured in one place.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImportRejection } from './errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether the request still has body bytes the server has not read. */
function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Writes the receiver's responses: raw, JSON, or an `ImportError` for a rejection. */
export class Responder {
  /** Set when `close()` starts: from then on every answer closes its connection. */
  closing = false;

  /** Write a response (once), honouring an injected delay and the closing state. */
  async send(
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
    if (this.closing || bodyPending(req)) allHeaders.connection = 'close';
    res.writeHead(status, allHeaders);
    res.end(body);
  }

  json(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    value: unknown,
    delayMs = 0,
  ): Promise<void> {
    return this.send(req, res, status, JSON.stringify(value), {}, delayMs);
  }

  rejection(
    req: IncomingMessage,
    res: ServerResponse,
    rejection: ImportRejection,
    delayMs = 0,
  ): Promise<void> {
    return this.send(
      req,
      res,
      rejection.status,
      JSON.stringify(rejection.toBody()),
      { ...rejection.headers },
      delayMs,
    );
  }
}
