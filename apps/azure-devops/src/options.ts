/**
 * The inputs as core's `upload()` options: the one place the task decides what it sends.
 * Pure, so the mapping is tested without an agent.
 */
import { parseMetaFlags, type UploadOptions } from '@xltv/core';
import type { PlatformPath } from 'node:path';
import { toUploadPatterns } from './patterns.js';
import type { TaskInputs } from './inputs.js';

/** Where the agent runs the task from. */
export interface AgentPaths {
  /** `System.DefaultWorkingDirectory`, else `Build.SourcesDirectory`, else the working directory. */
  readonly workingDirectory: string;
  /** The agent's path semantics (`node:path` itself, or `path.win32` in a test). */
  readonly paths: PlatformPath;
}

/** The options of one upload (the adapter, env, signal and events are the caller's). */
export function toUploadOptions(inputs: TaskInputs, agent: AgentPaths): UploadOptions {
  const baseDir = inputs.baseDir ?? agent.workingDirectory;
  return {
    url: inputs.url,
    testSpec: inputs.testSpec,
    ...(inputs.project ? { project: inputs.project } : {}),
    include: toUploadPatterns(inputs.patterns, baseDir, agent.paths),
    exclude: toUploadPatterns(inputs.exclude, baseDir, agent.paths),
    baseDir,
    ...(inputs.username ? { username: inputs.username } : {}),
    ...(inputs.password ? { password: inputs.password } : {}),
    ...(inputs.buildResult ? { buildResult: inputs.buildResult } : {}),
    meta: parseMetaFlags(inputs.meta),
    softFail: inputs.softFail,
  };
}
