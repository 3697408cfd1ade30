/**
 * `CI_JOB_STATUS` (and the job record's `status`) → build result. `running` is what a job's
 * `script` sees; the final values exist only in `after_script`.
 */
export const GITLAB_JOB_STATUS = {
  running: 'RUNNING',
  success: 'SUCCESS',
  failed: 'FAILURE',
  canceled: 'ABORTED',
  canceling: 'ABORTED',
} as const;
