/** Reading what a request carries besides its headers: path segments and small JSON bodies. */
import type { IncomingMessage } from 'node:http';
import { ImportRejection, badRequest } from './errors.js';

const MAX_JSON_REQUEST_BYTES = 1024 * 1024;

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(
      'BAD_REQUEST',
      `Malformed percent-encoding in path segment ${JSON.stringify(segment)}.`,
    );
  }
}

/** Read a small JSON request body (projects, specifications, faults). */
export function readJsonRequest(req: IncomingMessage): Promise<unknown> {
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
