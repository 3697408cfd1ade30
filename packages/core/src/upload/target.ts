/**
 * Where the results go: the test specification (and project) by id, or found by title and
 * created on request; and, when no include pattern was given, the test specification's
 * default search pattern.
 */
import { XltvClient, type ImportTarget, type TestSpecification } from '../client.js';
import { XltvError, isXltvError, type XltvWarning } from '../errors.js';
import { SPEC_SET_TYPE } from '../http/api.js';
import type { TargetOptions } from './options.js';

/** The longest the set check's listing may take: it must not hold an upload up for long. */
const LISTING_TIMEOUT_MS = 30_000;

/**
 * The import target; undefined only in a dry run whose test specification does not exist yet.
 * @param warn told what a dry run would create
 * @throws {XltvError} `TARGET_NOT_FOUND` (without `createMissing`), and the client's errors
 */
export async function resolveTarget(
  client: XltvClient,
  target: TargetOptions,
  dryRun: boolean,
  warn: (warning: XltvWarning) => void,
): Promise<ImportTarget | undefined> {
  const create = target.createMissing && !dryRun;
  const wouldCreate = (kind: string, title: string): undefined => {
    warn({
      code: 'DRY_RUN_NOT_CREATED',
      message: `${kind} "${title}" would be created`,
      details: { kind, title },
    });
    return undefined;
  };
  const lookup = async (kind: string, title: string, find: () => Promise<string>) => {
    try {
      return await find();
    } catch (error) {
      const dryCreate = dryRun && target.createMissing;
      if (dryCreate && isXltvError(error, 'TARGET_NOT_FOUND')) return wouldCreate(kind, title);
      throw error;
    }
  };

  let projectId = target.project;
  const { projectTitle, testSpecTitle } = target;
  if (projectTitle !== undefined) {
    projectId = await lookup('project', projectTitle, () =>
      client.resolveProject(projectTitle, create),
    );
  }
  let testSpecId = target.testSpec;
  if (testSpecTitle !== undefined) {
    testSpecId =
      projectId === undefined
        ? wouldCreate('test specification', testSpecTitle)
        : await lookup('test specification', testSpecTitle, () =>
            client.resolveTestSpecification(projectId, testSpecTitle, create, target.testTool),
          );
  }
  return testSpecId === undefined
    ? undefined
    : { testSpecId, ...(projectId !== undefined ? { projectId } : {}) };
}

/**
 * Refuse a target the server's listing shows to be a test specification set: a server may
 * accept an upload to a set and import nothing (docs/cli.md "Exit codes"). A listing that
 * fails lets the upload go on as before: the check is a courtesy, so one attempt only.
 * @returns the listing (for {@link defaultPattern}), undefined when it failed
 * @throws {XltvError} `TARGET_IS_SET` with details `{ testSpecId, title, type }`
 */
export async function refuseSet(
  client: XltvClient,
  { testSpecId, projectId }: ImportTarget,
): Promise<readonly TestSpecification[] | undefined> {
  let specs: readonly TestSpecification[];
  try {
    specs = await listOnce(client);
  } catch (error) {
    if (isXltvError(error, 'ABORTED')) throw error;
    return undefined;
  }
  const spec = specs.find((candidate) => candidate.id === testSpecId);
  const otherProject =
    projectId !== undefined && spec?.project?.id !== undefined && spec.project.id !== projectId;
  if (spec?.type !== SPEC_SET_TYPE || otherProject) return specs;
  throw new XltvError('TARGET_IS_SET', `test specification ${testSpecId} is a set`, {
    testSpecId,
    type: spec.type,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
  });
}

/** The server's listing in one attempt without retries, and with a short timeout. */
async function listOnce(client: XltvClient): Promise<readonly TestSpecification[]> {
  const timeoutMs = Math.min(client.options.timeoutMs ?? LISTING_TIMEOUT_MS, LISTING_TIMEOUT_MS);
  const once = new XltvClient({ ...client.options, retries: 0, timeoutMs });
  try {
    return await once.listTestSpecifications();
  } finally {
    await once.close().catch(() => undefined);
  }
}

/**
 * The test specification's default search pattern, from the server's listing (`listing` when
 * it was fetched already).
 * @throws {XltvError} `NO_PATTERNS` when there is none
 */
export async function defaultPattern(
  client: XltvClient | undefined,
  testSpecId: string | undefined,
  listing?: readonly TestSpecification[],
): Promise<string> {
  const pattern =
    client && testSpecId !== undefined
      ? (listing ?? (await client.listTestSpecifications())).find((spec) => spec.id === testSpecId)
          ?.testTool?.defaultSearchPattern
      : undefined;
  if (!pattern) {
    throw new XltvError('NO_PATTERNS', 'no include pattern given and none on the server', {
      ...(testSpecId !== undefined ? { testSpecId } : {}),
    });
  }
  return pattern;
}

/**
 * The name of the test specification's tool (e.g. `xlt.JUnit`) from the server's listing;
 * undefined when the listing or the tool is unknown.
 */
export function testToolOf(
  listing: readonly TestSpecification[] | undefined,
  testSpecId: string | undefined,
): string | undefined {
  if (testSpecId === undefined) return undefined;
  return listing?.find((spec) => spec.id === testSpecId)?.testTool?.name;
}
