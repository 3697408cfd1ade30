/**
 * The two import endpoints (docs/protocol.md §6): read the multipart/mixed body, check its
 * metadata and zip, store the upload and answer with its test run ids.
 */
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactHeaders } from './auth.js';
import { TEST_SPECIFICATION_SET_TYPE } from './catalogue.js';
import type { Catalogue } from './catalogue.js';
import { ImportRejection, badRequest } from './errors.js';
import { parseMetadata } from './metadata-check.js';
import { ResultFiles } from './result-files.js';
import type { Responder } from './respond.js';
import type { ImportStore, StoredImportWithFile } from './store.js';
import { boundaryOf, readUploadBody } from './upload-body.js';
import type { ReceivedUpload } from './upload-body.js';
import { inspectZip } from './zip-check.js';

/** The import endpoint a request was routed to, with its path parameters. */
export type ImportRoute =
  | { kind: 'import-internal'; specId: string }
  | { kind: 'import-v1'; projectId: string; specId: string };

/** What imports need of the receiver: where they go, what they are checked against, the limits. */
export interface ImportContext {
  readonly store: ImportStore;
  readonly catalogue: Catalogue;
  readonly respond: Responder;
  readonly log: (line: string) => void;
  /** Refuse bodies larger than this with 413 (undefined: no limit). */
  readonly maxUploadBytes: number | undefined;
  readonly maxMetadataBytes: number;
  readonly strictMetadata: boolean;
  readonly readResults: boolean;
}

/** How one import request is handled: what the client asked, who it is, what a fault does. */
export interface ImportConditions {
  readonly expectContinue: boolean;
  readonly delayMs: number;
  /** Destroy the connection once this many body bytes were read (a `reset` fault). */
  readonly resetAfterBytes: number | undefined;
  /** Store the upload but destroy the connection instead of answering (a `lose-response` fault). */
  readonly loseResponse: boolean;
  readonly user: string | undefined;
}

export async function handleImport(
  ctx: ImportContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: ImportRoute,
  conditions: ImportConditions,
): Promise<void> {
  const { store, catalogue, maxUploadBytes } = ctx;
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
    maxUploadBytes !== undefined &&
    contentLength !== undefined &&
    contentLength > maxUploadBytes
  ) {
    throw tooLarge(maxUploadBytes);
  }
  if (conditions.expectContinue) res.writeContinue();

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
    maxMetadataBytes: ctx.maxMetadataBytes,
    onChunk: (chunk) => {
      bodyBytes += chunk.length;
      if (maxUploadBytes !== undefined && bodyBytes > maxUploadBytes) {
        throw tooLarge(maxUploadBytes);
      }
      if (conditions.resetAfterBytes !== undefined && bodyBytes >= conditions.resetAfterBytes) {
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
  if (conditions.resetAfterBytes !== undefined) {
    // The body was shorter than afterBytes: reset at its end.
    await rm(upload.zipFile, { force: true });
    resetNow();
    return;
  }

  let keys: string[] | undefined;
  let stored: StoredImportWithFile;
  try {
    const metadata = parseMetadata(upload.metadataBytes, ctx.strictMetadata);
    const resultFiles = ctx.readResults ? new ResultFiles() : undefined;
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
      await ctx.respond.send(req, res, 304, undefined, {}, conditions.delayMs);
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
          ...(conditions.user === undefined ? {} : { user: conditions.user }),
          transfer: req.headers['transfer-encoding'] !== undefined ? 'chunked' : 'content-length',
          ...(contentLength === undefined ? {} : { contentLength }),
          expectContinue: conditions.expectContinue,
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
  if (conditions.loseResponse) {
    ctx.log(`import ${stored.id} stored; response lost by an injected fault`);
    req.socket.destroy();
    return;
  }
  const runIds = stored.testRunIds;
  if (route.kind === 'import-internal') {
    await ctx.respond.json(req, res, 200, { testRunId: runIds[0] }, conditions.delayMs);
  } else {
    await ctx.respond.json(req, res, 201, { testRunId: runIds }, conditions.delayMs);
  }
}

function tooLarge(limit: number): ImportRejection {
  return new ImportRejection(
    413,
    'PAYLOAD_TOO_LARGE',
    `The upload is larger than the receiver's limit of ${limit} bytes.`,
  );
}
