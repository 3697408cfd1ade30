/**
 * Tekton (plain) → XL TestView metadata, per docs/ci-mapping.md §22.
 * Docs of the variables: https://tekton.dev/docs/pipelines/variables/
 *
 * Tekton puts no CI metadata into a step's environment: its context variables
 * (`$(context.pipelineRun.name)`, …) must be mapped into the step's `env` under the names
 * below (the README shows the exact Task snippet). Git data (Pipelines-as-Code `{{ … }}`
 * values, params) go to the generic `XLTV_CI_*` variables, which the CLI adds on top.
 */
import { Resolution, nonEmpty, type CiAdapter, type Env, type Traced } from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'TEKTON_PIPELINE_RUN',
  'TEKTON_TASK_RUN',
  'TEKTON_PIPELINE',
  'TEKTON_TASK',
  'TEKTON_PIPELINE_RUN_UID',
  'TEKTON_TASK_RUN_UID',
] as const;

type TektonVariable = (typeof ENV_VARS)[number];

/**
 * The value of a mapped variable, unless it still is a literal `$(…)` reference: a Task that
 * maps pipeline context and runs without a pipeline keeps such text, which is no data.
 */
function mapped(env: Env, name: TektonVariable): Traced | undefined {
  const value = nonEmpty(env[name]);
  return value === undefined || /^\$\(.*\)$/.test(value.trim())
    ? undefined
    : { value, origin: name };
}

/** The first of `names` that holds a value. */
function first(env: Env, ...names: TektonVariable[]): Traced | undefined {
  for (const name of names) {
    const traced = mapped(env, name);
    if (traced) return traced;
  }
  return undefined;
}

/** The Tekton adapter. */
export const tekton = {
  id: 'tekton',
  name: 'Tekton',
  docsUrl: 'https://tekton.dev/docs/pipelines/variables/',
  envVars: ENV_VARS,
  // Only the user's mapping marks a Tekton step: the run names, mapped as the README shows.
  detect: (env: Env): boolean => first(env, 'TEKTON_PIPELINE_RUN', 'TEKTON_TASK_RUN') !== undefined,
  resolve(env: Env) {
    const r = new Resolution('tekton', env);
    const pipeline = mapped(env, 'TEKTON_PIPELINE');
    const task = mapped(env, 'TEKTON_TASK');
    // In a pipeline the Pipeline is what recurs and the Task one step of it; a TaskRun
    // without a pipeline recurs as its Task.
    r.set('ciJobName', pipeline ?? task);
    if (pipeline) r.set('step', task);
    r.set('ciBuildNumber', first(env, 'TEKTON_PIPELINE_RUN', 'TEKTON_TASK_RUN'));
    r.set('pipelineId', first(env, 'TEKTON_PIPELINE_RUN_UID', 'TEKTON_TASK_RUN_UID'));
    return r.done();
  },
} satisfies CiAdapter;

export default tekton;
