/**
 * Sending the body, or (dry run) producing it once without sending. Either way the bytes can
 * be copied to the `saveRequest` file; a real send also reports its progress.
 */
import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
import { Transform, Writable, pipeline as pipelineCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportResult, ImportTarget, XltvClient } from '../client.js';
import type { ImportBody } from '../multipart.js';
import type { UploadEvent } from './events.js';

/** POST the body to `target`; each attempt overwrites `saveTo` with the bytes it sent. */
export async function send(
  client: XltvClient,
  target: ImportTarget,
  body: ImportBody,
  saveTo: string | undefined,
  emit: (event: UploadEvent) => void,
): Promise<ImportResult> {
  emit({ type: 'sending', url: client.importUrl(target), testSpec: target.testSpecId });
  const started = performance.now();
  const result = await client.importResults(target, observed(body, saveTo, emit));
  emit({
    type: 'sent',
    httpStatus: result.httpStatus,
    attempts: result.attempts,
    durationMs: performance.now() - started,
  });
  return result;
}

/**
 * Dry run: produce the body once, into the `saveRequest` file or nowhere, to size it. A
 * spooled body is complete on disk already and is not read again.
 */
export async function produceOnce(body: ImportBody, saveTo: string | undefined): Promise<void> {
  if (body.mode === 'spool' && saveTo === undefined) return;
  const sink =
    saveTo !== undefined
      ? createWriteStream(saveTo)
      : new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await pipeline(body.open(), sink);
}

/** The body as sent: counted for `progress` events and, with `saveTo`, copied to the file. */
function observed(
  body: ImportBody,
  saveTo: string | undefined,
  emit: (event: UploadEvent) => void,
): ImportBody {
  return {
    contentType: body.contentType,
    boundary: body.boundary,
    mode: body.mode,
    contentLength: body.contentLength,
    get zipBytes() {
      return body.zipBytes;
    },
    open(): Readable {
      const source = body.open();
      let sent = 0;
      let fd = saveTo !== undefined ? openSync(saveTo, 'w') : undefined;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          sent += chunk.length;
          if (fd !== undefined) writeSync(fd, chunk);
          emit({ type: 'progress', sent, total: body.contentLength });
          callback(null, chunk);
        },
      });
      pipelineCallback(source, counter, () => {
        if (fd !== undefined) closeSync(fd);
        fd = undefined;
      });
      return counter;
    },
    dispose: () => body.dispose(),
  };
}
