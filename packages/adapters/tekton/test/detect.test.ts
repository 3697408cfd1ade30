import { describe, expect, it } from 'vitest';
import tekton from '../src/index.js';

describe('tekton detection', () => {
  it('detects a mapped PipelineRun or TaskRun name', () => {
    expect(tekton.detect({ TEKTON_PIPELINE_RUN: 'build-and-test-run-x7k2p' })).toBe(true);
    expect(tekton.detect({ TEKTON_TASK_RUN: 'unit-tests-run-9qz4m' })).toBe(true);
  });

  it('does not take unresolved $(…) references or other names for a Tekton step', () => {
    expect(
      tekton.detect({
        TEKTON_PIPELINE_RUN: '$(context.pipelineRun.name)',
        TEKTON_TASK_RUN: ' $(context.taskRun.name) ',
      }),
    ).toBe(false);
    expect(tekton.detect({ TEKTON_PIPELINE: 'build-and-test', TEKTON_TASK: 'unit-tests' })).toBe(
      false,
    );
  });
});
