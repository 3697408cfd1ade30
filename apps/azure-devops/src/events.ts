/**
 * The upload's events as lines of the job's log. The adapter's logging commands (the summary's
 * `##vso[task.uploadsummary]`, one `##vso[task.logissue]` per problem) are printed as they are,
 * for the agent to read; warnings become the agent's warnings.
 */
import { EOL } from 'node:os';
import * as tl from 'azure-pipelines-task-lib';
import type { UploadEvent } from '@xltv/core';

function line(text: string): void {
  process.stdout.write(text + EOL);
}

/** Print one event. Progress is left out: the log is not a terminal. */
export function renderEvent(event: UploadEvent): void {
  switch (event.type) {
    case 'metadata':
      line(`CI metadata from ${event.source}: ${Object.keys(event.metadata).length} values`);
      break;
    case 'pattern':
      line(`No patterns given: using the test specification's default, ${event.pattern}`);
      break;
    case 'files':
      line(`${event.files.length} result files (${event.bytes} bytes) under ${event.baseDir}`);
      break;
    case 'results': {
      const r = event.results;
      line(
        `${r.tests} tests: ${r.passed} passed, ${r.failed} failed, ${r.errors} errors, ${r.skipped} skipped`,
      );
      break;
    }
    case 'sending':
      line(`Uploading to ${event.url}`);
      break;
    case 'sent':
      line(`Sent (HTTP ${event.httpStatus}, ${event.attempts} attempt(s), ${event.durationMs} ms)`);
      break;
    case 'warning':
      tl.warning(`${event.warning.code}: ${event.warning.message}`);
      break;
    case 'ci-commands':
      for (const command of event.lines) line(command);
      break;
    case 'ci-done':
      line(`Azure Pipelines: ${event.done}`);
      break;
    case 'body':
    case 'progress':
      break;
  }
}
