/**
 * The XltvUpload task: the inputs mapped onto core's `upload()` with the Azure Pipelines
 * adapter, its events printed to the job's log, and its outcome set as the task's result.
 */
import path from 'node:path';
import * as tl from 'azure-pipelines-task-lib';
import { upload } from '@xltv/core';
import { azurePipelines } from '@xltv/azure-pipelines';
import { renderEvent } from './events.js';
import { maskSecrets, readInputs, readSoftFail } from './inputs.js';
import { toUploadOptions } from './options.js';
import { fromError, fromReceipt, type TaskOutcome } from './outcome.js';

/** The agent cancels a task with SIGINT, then SIGTERM: stop sending, clean up, report. */
function cancelOnSignals(): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => controller.abort());
  }
  return controller.signal;
}

async function run(): Promise<TaskOutcome> {
  let softFail = false;
  try {
    softFail = readSoftFail();
    const inputs = readInputs();
    maskSecrets(inputs);
    const options = toUploadOptions(inputs, {
      workingDirectory:
        tl.getVariable('System.DefaultWorkingDirectory') ??
        tl.getVariable('Build.SourcesDirectory') ??
        process.cwd(),
      paths: path,
    });
    const receipt = await upload({
      ...options,
      adapter: azurePipelines,
      env: process.env,
      signal: cancelOnSignals(),
      onEvent: renderEvent,
    });
    return fromReceipt(receipt, softFail);
  } catch (error) {
    return fromError(error, softFail);
  }
}

const outcome = await run();
tl.setResult(tl.TaskResult[outcome.result], outcome.message);
