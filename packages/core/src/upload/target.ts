/**
 * Where the results go: the test specification (and project) by id, or found by title and
 * created on request; and, when no include pattern was given, the test specification's
 * default search pattern.
 */
import type { ImportTarget, XltvClient } from '../client.js';
import { XltvError, isXltvError, type XltvWarning } from '../errors.js';
import type { TargetOptions } from './options.js';

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
 * The test specification's default search pattern, from the server's listing.
 * @throws {XltvError} `NO_PATTERNS` when there is none
 */
export async function defaultPattern(
  client: XltvClient | undefined,
  testSpecId: string | undefined,
): Promise<string> {
  const pattern =
    client && testSpecId !== undefined
      ? (await client.listTestSpecifications()).find((spec) => spec.id === testSpecId)?.testTool
          ?.defaultSearchPattern
      : undefined;
  if (!pattern) {
    throw new XltvError('NO_PATTERNS', 'no include pattern given and none on the server', {
      ...(testSpecId !== undefined ? { testSpecId } : {}),
    });
  }
  return pattern;
}
