/**
 * The product API below `{context root}/api/`: match the route, pass the gate every API
 * request passes (method, injected fault, credentials, licence), then answer the endpoint.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WWW_AUTHENTICATE, parseBasicAuthorization, sameSecret } from './auth.js';
import type { BasicCredentials } from './auth.js';
import { ImportRejection, badRequest, methodNotAllowed } from './errors.js';
import type { FaultQueue } from './faults.js';
import { handleImport } from './import-handler.js';
import type { ImportContext, ImportRoute } from './import-handler.js';
import { decodeSegment, readJsonRequest } from './requests.js';

/** What the API needs of the receiver: the import context, the faults and the access rules. */
export interface ApiContext extends ImportContext {
  readonly faults: FaultQueue;
  /** Responses held back by a `stall` fault; `close()` cuts them. */
  readonly stalled: Set<ServerResponse>;
  readonly contextRoot: string;
  /** The one account the API accepts, or undefined when it needs no authentication. */
  readonly account: BasicCredentials | undefined;
  readonly licensed: boolean;
  /** The `version` of `GET /api/v1/info`. */
  readonly serverVersion: string;
}

const SERVER_NAME = 'XL TestView (xltv receiver)';
const SERVER_VENDOR = 'xltv';

type ApiRoute =
  | { kind: 'info' }
  | { kind: 'data' }
  | { kind: 'specs-extended' }
  | ImportRoute
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

/** Answer a request below `{context root}/api/`; `below` is the path after that prefix. */
export async function handleApiRequest(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  below: string,
  query: URLSearchParams,
  expectContinue: boolean,
): Promise<void> {
  const { catalogue, respond } = ctx;
  const method = req.method ?? 'GET';
  const route = matchApiRoute(below.split('/').map(decodeSegment));
  const started = Date.now();
  const logLine = (status: number | string, extra = ''): void =>
    ctx.log(
      `${method} ${ctx.contextRoot}/api/${below} → ${status}${extra} (${Date.now() - started} ms)`,
    );
  res.once('finish', () => logLine(res.statusCode));
  if (!route) throw new ImportRejection(404, 'NOT_FOUND', `No API endpoint at /api/${below}.`);
  const allowed = ROUTE_METHODS[route.kind];
  if (!allowed.includes(method)) throw methodNotAllowed(allowed);
  const isImport = route.kind === 'import-internal' || route.kind === 'import-v1';

  const fault = ctx.faults.take(isImport);
  if (fault?.type === 'fail') {
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
    if (fault.status === 304) {
      await respond.send(req, res, 304, undefined, headers);
      return;
    }
    await respond.rejection(
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
    ctx.stalled.add(res);
    if (expectContinue) res.writeContinue();
    req.resume();
    return;
  }
  const delayMs = fault?.type === 'delay' ? fault.ms : 0;
  const credentials = authorize(ctx, req);

  switch (route.kind) {
    case 'info':
      await respond.json(
        req,
        res,
        200,
        { name: SERVER_NAME, vendor: SERVER_VENDOR, version: ctx.serverVersion },
        delayMs,
      );
      return;
    case 'data':
      await respond.json(req, res, 200, {}, delayMs);
      return;
    case 'specs-extended':
      await respond.json(req, res, 200, catalogue.extendedListing(), delayMs);
      return;
    case 'projects': {
      if (method === 'GET') {
        await respond.json(
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
      await respond.json(req, res, 201, await catalogue.createProject(title), delayMs);
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
        await respond.json(
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
      await respond.json(
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
      await handleImport(ctx, req, res, route, {
        expectContinue,
        delayMs,
        resetAfterBytes: fault?.type === 'reset' ? (fault.afterBytes ?? 0) : undefined,
        loseResponse: fault?.type === 'lose-response',
        user: credentials?.user,
      });
      return;
  }
}

/**
 * Refuse a request without the account's credentials (401) or to an unlicensed server (402).
 * Returns the credentials given, if any, even where none are required: imports record the user.
 */
function authorize(ctx: ApiContext, req: IncomingMessage): BasicCredentials | undefined {
  const credentials = parseBasicAuthorization(req.headers.authorization);
  if (ctx.account !== undefined) {
    if (
      !credentials ||
      !sameSecret(credentials.user, ctx.account.user) ||
      !sameSecret(credentials.password, ctx.account.password)
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
  if (!ctx.licensed) {
    throw new ImportRejection(
      402,
      'LICENSE_REQUIRED',
      'The XL TestView server does not have a valid license.',
    );
  }
  return credentials;
}

function titleOf(body: unknown): string {
  const title =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>).title : undefined;
  if (typeof title !== 'string' || title === '') {
    throw badRequest('BAD_REQUEST', 'The body must be a JSON object with a non-empty "title".');
  }
  return title;
}
