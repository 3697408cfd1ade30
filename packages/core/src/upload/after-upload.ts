/**
 * After a successful import, the adapter may act in its CI (the GitLab adapter comments the
 * merge request when asked). Bounded in time and never fatal.
 */
import type { ResultsSummary } from '@xltv/results';
import { afterUploadCi } from '../adapter/run.js';
import type { ImportResult } from '../client.js';
import { createFetch } from '../http/transport.js';
import type { UploadEvent } from './events.js';
import type { CollectedMetadata } from './ci-metadata.js';
import type { CheckedUpload } from './options.js';

/** Run the adapter's `afterUpload`, if it has one and API calls are allowed. */
export async function afterUpload(
  upload: CheckedUpload,
  collected: CollectedMetadata,
  result: ImportResult,
  files: number,
  results: ResultsSummary | undefined,
  emit: (event: UploadEvent) => void,
): Promise<void> {
  const { adapter, resolved } = collected;
  if (!adapter?.afterUpload || !resolved || !upload.metadata.ciApi) return;
  // The adapter's API calls connect as the upload did (proxy, CA file, insecure).
  const connected = createFetch(upload.connection);
  const outcome = await afterUploadCi(
    adapter,
    {
      env: upload.metadata.env,
      resolved,
      options: upload.metadata.adapterOptions,
      fetch: connected.fetch,
      metadata: collected.metadata,
      outcome: {
        status: result.status === 'nothing-new' ? 'nothing-new' : 'imported',
        testRunIds: result.testRunIds,
        files,
        targetUrl: result.url,
        ...(results ? { results } : {}),
      },
    },
    { signal: upload.connection.signal },
  ).finally(() => connected.close());
  for (const warning of outcome.warnings ?? []) emit({ type: 'warning', warning });
  if (outcome.done) emit({ type: 'ci-done', adapter, done: outcome.done });
}
