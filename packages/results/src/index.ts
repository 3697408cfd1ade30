/**
 * @xltv/results: read test result files: their format, counts, timestamps and problems.
 * Pure: it reads only the bytes it is given.
 */
export { createInspector, inspect, inspectStream } from './inspect.js';
export { DEFAULT_RUN_SPAN_MS, findManyRuns } from './runs.js';
export type { ManyRuns, RunCheckOptions } from './runs.js';
export { summarize } from './summary.js';
export type { FileProblem, InspectedFile, ResultsSummary } from './summary.js';
export { toolReads } from './tools.js';
export { DEFAULT_LIMITS } from './types.js';
export type {
  FileResults,
  InspectOptions,
  Inspector,
  Problem,
  ProblemCode,
  ResultFormat,
} from './types.js';
