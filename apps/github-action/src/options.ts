/**
 * The inputs as core's `upload()` options: each input is one field, nothing is parsed twice.
 * The CI is detected among the adapters the action bundles (only GitHub's): a Gitea or
 * Forgejo runner that runs the action is not mistaken for GitHub, it sends no CI metadata.
 */
import { parseMetaFlags, type Env, type UploadEvent, type UploadOptions } from '@xltv/core';
import { githubActions } from '@xltv/github-actions';
import type { ActionInputs } from './inputs.js';

/** The options of the upload the inputs describe. */
export function uploadOptions(
  inputs: ActionInputs,
  env: Env,
  onEvent: (event: UploadEvent) => void,
): UploadOptions {
  return {
    url: inputs.url,
    testSpec: inputs.testSpec,
    project: inputs.project,
    username: inputs.username,
    password: inputs.password,
    include: inputs.patterns,
    exclude: inputs.exclude,
    buildResult: inputs.buildResult,
    meta: parseMetaFlags(inputs.meta),
    adapters: [githubActions],
    env,
    // The action decides itself what a failure does to the step (see run.ts), so it always
    // gets a receipt back; an abort still rejects.
    softFail: true,
    onEvent,
  };
}
