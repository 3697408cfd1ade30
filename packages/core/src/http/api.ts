/**
 * The XL TestView API's data: the shapes `XltvClient` takes and returns, and the readers that
 * pick them out of JSON response bodies. Readers keep the string fields they know and ignore
 * the rest, so what a newer server adds does not break them.
 */
import type { XltvWarning } from '../errors.js';
import { isRecord, optionalString, parseJson, pickStrings } from './responses.js';

/** The type of the entries that group test specifications: they cannot receive uploads. */
export const SPEC_SET_TYPE = 'xlt.TestSpecificationSet';

/** `GET /api/v1/info`. */
export interface ServerInfo {
  readonly name?: string;
  readonly vendor?: string;
  readonly version?: string;
}

/** One entry of the spec listing. */
export interface TestSpecification {
  readonly id: string;
  readonly title?: string;
  readonly type?: string;
  readonly project?: { readonly id?: string; readonly title?: string };
  readonly testTool?: {
    readonly name?: string;
    readonly category?: string;
    readonly defaultSearchPattern?: string;
  };
}

/** Where to import. */
export interface ImportTarget {
  readonly testSpecId: string;
  /** With it, the public v1 endpoint is used. */
  readonly projectId?: string | undefined;
}

/** Outcome of `XltvClient.importResults`. */
export interface ImportResult {
  /** `already-imported`: a 304 after an attempt whose response was lost. */
  readonly status: 'imported' | 'nothing-new' | 'already-imported';
  readonly testRunIds: readonly string[];
  readonly httpStatus: number;
  /** Number of POSTs made. */
  readonly attempts: number;
  /** Import URL, credentials removed. */
  readonly url: string;
  /** `UNEXPECTED_RESPONSE`: a 2xx whose body is not the API's (an HTML login page, say). */
  readonly warnings?: readonly XltvWarning[];
}

export function serverInfoOf(body: unknown): ServerInfo {
  return pickStrings(body, ['name', 'vendor', 'version'] as const);
}

/**
 * The spec listing in the server's order: an array, or an object keyed by id (the key is the
 * id when an entry lacks one). Undefined when the body is neither.
 */
export function specificationsOf(body: unknown): TestSpecification[] | undefined {
  if (!Array.isArray(body) && !isRecord(body)) return undefined;
  const entries: [string, unknown][] = Array.isArray(body)
    ? body.map((value, index) => [String(index), value])
    : Object.entries(body);
  return entries
    .map(([key, value]) => toSpecification(key, value))
    .filter((spec): spec is TestSpecification => spec !== undefined);
}

function toSpecification(key: string, value: unknown): TestSpecification | undefined {
  if (!isRecord(value)) return undefined;
  const id = optionalString(value.id) ?? key;
  const project = pickStrings(value.project, ['id', 'title'] as const);
  const testTool = pickStrings(value.testTool, [
    'name',
    'category',
    'defaultSearchPattern',
  ] as const);
  return {
    id,
    ...pickStrings(value, ['title', 'type'] as const),
    ...(isRecord(value.project) ? { project } : {}),
    ...(isRecord(value.testTool) ? { testTool } : {}),
  };
}

/** The id of the first item of a listing whose title is exactly `title`. */
export function idByTitle(body: unknown, title: string): string | undefined {
  const items = Array.isArray(body) ? body : [];
  for (const item of items) {
    if (isRecord(item) && item.title === title && typeof item.id === 'string') return item.id;
  }
  return undefined;
}

/** The id in the answer to a create. */
export function createdIdOf(text: string): string | undefined {
  return pickStrings(parseJson(text), ['id'] as const).id;
}

/** The test run ids in the answer to an import: `testRunId`, or `testRunIds` when absent. */
export function testRunIdsOf(text: string): string[] {
  const body = parseJson(text);
  if (!isRecord(body)) return [];
  const ids = body.testRunId ?? body.testRunIds;
  if (typeof ids === 'string') return [ids];
  if (Array.isArray(ids)) return ids.filter((id): id is string => typeof id === 'string');
  return [];
}
