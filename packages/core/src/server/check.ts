/**
 * Can this machine upload? The server answers (its version), the credentials are accepted,
 * the licence is valid, and (given a test specification) the target exists and takes uploads.
 * Each step is reported; the first failure ends the check.
 */
import type { ServerInfo, TestSpecification, XltvClient } from '../client.js';
import { SPEC_SET_TYPE } from '../http/api.js';
import { checkConnection, connect, type ConnectionOptions } from '../connection.js';
import { isXltvError, type XltvError } from '../errors.js';
import { stringOption } from '../option-checks.js';

/** Options of {@link check}. */
export interface CheckOptions extends ConnectionOptions {
  /** The test specification to check (its id). */
  readonly testSpec?: string;
  /** Its project's id. */
  readonly project?: string;
}

/** One step of a check. */
export interface CheckStep {
  readonly name: 'server' | 'credentials' | 'licence' | 'connection' | 'target';
  /** Passed, failed, or (undefined) not checked. */
  readonly ok: boolean | undefined;
  /** `server`: what the server says of itself (absent when it shows that to signed-in users only). */
  readonly server?: ServerInfo;
  /** `target`: the test specification found. */
  readonly spec?: TestSpecification;
  /** `target`: why it failed or was not checked. */
  readonly reason?: 'not-given' | 'not-found' | 'set';
  /** Why the step failed, when an error says it. */
  readonly error?: XltvError;
}

/** What {@link check} found. */
export interface CheckReport {
  /** True when no step failed. */
  readonly ok: boolean;
  readonly steps: readonly CheckStep[];
  /** The user name sent, if any. */
  readonly username: string | undefined;
}

/**
 * Check the server and, with `testSpec`, the target.
 * @throws {XltvError} bad options (`INVALID_OPTION`, `INVALID_URL`); failures of the server
 *   are steps of the report, not errors
 */
export async function check(options: CheckOptions): Promise<CheckReport> {
  const connection = checkConnection(options);
  const testSpec = stringOption('testSpec', options.testSpec);
  const project = stringOption('project', options.project);
  const client = connect(connection);
  const steps: CheckStep[] = [];
  try {
    await runSteps(client, testSpec, project, steps);
  } finally {
    await client.close().catch(() => undefined);
  }
  return {
    ok: steps.every((step) => step.ok !== false),
    steps,
    username: client.username,
  };
}

async function runSteps(
  client: XltvClient,
  testSpec: string | undefined,
  project: string | undefined,
  steps: CheckStep[],
): Promise<void> {
  // The last step: a failure, or a target that is not checked.
  const last = (step: CheckStep): void => void steps.push(step);
  try {
    steps.push({ name: 'server', ok: true, server: await client.info() });
  } catch (error) {
    // A server that shows its version to signed-in users only still answered.
    if (!isXltvError(error, 'UNAUTHORIZED') && !isXltvError(error, 'LICENSE_REQUIRED')) {
      return last({ name: 'server', ok: false, ...errorOf(error) });
    }
    steps.push({ name: 'server', ok: true });
  }

  try {
    await client.checkConnection();
    steps.push({ name: 'credentials', ok: true }, { name: 'licence', ok: true });
  } catch (error) {
    if (isXltvError(error, 'LICENSE_REQUIRED')) {
      steps.push({ name: 'credentials', ok: true });
      return last({ name: 'licence', ok: false, error });
    }
    const name = isXltvError(error, 'UNAUTHORIZED') ? 'credentials' : 'connection';
    return last({ name, ok: false, ...errorOf(error) });
  }

  if (testSpec === undefined) return last({ name: 'target', ok: undefined, reason: 'not-given' });
  let specs: TestSpecification[];
  try {
    specs = await client.listTestSpecifications();
  } catch (error) {
    return last({ name: 'target', ok: false, ...errorOf(error) });
  }
  const spec = specs.find((candidate) => candidate.id === testSpec);
  const otherProject =
    project !== undefined && spec?.project?.id !== undefined && spec.project.id !== project;
  if (!spec || otherProject) return last({ name: 'target', ok: false, reason: 'not-found' });
  if (spec.type === SPEC_SET_TYPE) return last({ name: 'target', ok: false, spec, reason: 'set' });
  steps.push({ name: 'target', ok: true, spec });
}

function errorOf(error: unknown): { error?: XltvError } {
  if (isXltvError(error)) return { error };
  throw error;
}
