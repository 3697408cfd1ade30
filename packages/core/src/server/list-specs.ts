/** The server's test specifications: id, project, title, test tool and default pattern. */
import type { TestSpecification } from '../client.js';
import { checkConnection, connect, type ConnectionOptions } from '../connection.js';

/**
 * List the test specifications, in the server's order.
 * @throws {XltvError} bad options (`INVALID_OPTION`, `INVALID_URL`) and the client's errors
 */
export async function listSpecs(options: ConnectionOptions): Promise<TestSpecification[]> {
  const client = connect(checkConnection(options));
  try {
    return await client.listTestSpecifications();
  } finally {
    await client.close().catch(() => undefined);
  }
}
