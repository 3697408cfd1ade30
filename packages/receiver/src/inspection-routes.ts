/**
 * The receiver's own endpoints beside the product API: the imports page, the imports as JSON
 * and their zips, and `/__control/faults`. No credentials, licence or injected faults apply.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ImportRejection, badRequest, methodNotAllowed } from './errors.js';
import { parseFaults } from './faults.js';
import type { Fault, FaultQueue } from './faults.js';
import { PAGE_CSP, renderImportsPage } from './html.js';
import { decodeSegment, readJsonRequest } from './requests.js';
import type { Responder } from './respond.js';
import type { ImportStore, StoredImport, StoredImportWithFile } from './store.js';

/** What the inspection and control endpoints read and change. */
export interface InspectionContext {
  readonly store: ImportStore;
  readonly faults: FaultQueue;
  readonly respond: Responder;
  /** The API's base URL, shown on the page; set once the server listens. */
  baseUrl: string;
}

/** `/`, `/imports`, `/imports/{id}`, `/imports/{id}/zip`, `/__control/faults`. */
export async function handleInspectionRequest(
  ctx: InspectionContext,
  req: IncomingMessage,
  res: ServerResponse,
  local: string,
  expectContinue: boolean,
): Promise<void> {
  const { store, faults, respond } = ctx;
  const method = req.method ?? 'GET';
  if (local === '/') {
    if (method !== 'GET') throw methodNotAllowed(['GET']);
    await respond.send(req, res, 200, renderImportsPage(store.list(), ctx.baseUrl), {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'x-content-type-options': 'nosniff',
    });
    return;
  }
  if (local === '/imports') {
    if (method !== 'GET') throw methodNotAllowed(['GET']);
    await respond.json(req, res, 200, store.list().map(publicView));
    return;
  }
  const importMatch = /^\/imports\/([^/]+)(\/zip)?$/.exec(local);
  if (importMatch) {
    if (method !== 'GET') throw methodNotAllowed(['GET']);
    const record = store.get(decodeSegment(importMatch[1] ?? ''));
    if (!record) throw new ImportRejection(404, 'NOT_FOUND', 'No import with this id.');
    if (!importMatch[2]) {
      await respond.json(req, res, 200, publicView(record));
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
      await respond.json(req, res, 200, { faults: faults.list() });
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
      await respond.json(req, res, 200, { faults: faults.list() });
    } else if (method === 'DELETE') {
      faults.clear();
      await respond.json(req, res, 200, { faults: [] });
    } else {
      throw methodNotAllowed(['GET', 'POST', 'DELETE']);
    }
    return;
  }
  throw new ImportRejection(404, 'NOT_FOUND', `Nothing at ${local}.`);
}

/** The JSON view of an import (no local file path). */
function publicView(record: StoredImportWithFile): StoredImport {
  const { zipFile: _zipFile, ...view } = record;
  return view;
}
