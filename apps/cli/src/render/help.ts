/**
 * Help text: general worked examples and one line per CI, generated from the registry so a
 * new adapter without an example line fails test/unit/help.test.ts.
 */
import type { CiAdapter } from '@xltv/core';
import { table } from './format.js';

/** One pipeline line per CI: where the upload goes so it runs even when tests fail. */
export const CI_EXAMPLES: Readonly<Record<string, string>> = {
  harness: "Run step, when: always → npx @xltv/cli upload 'target/surefire-reports/*.xml'",
  drone:
    "when: {status: [success, failure]} → npx @xltv/cli upload 'target/surefire-reports/*.xml'",
  woodpecker:
    "when: {status: [success, failure]} → npx @xltv/cli upload 'build/test-results/**/*.xml'",
  'gitea-actions':
    "if: ${{ !cancelled() }} → npx @xltv/cli upload 'build/test-results/**/*.xml' --build-result ${{ job.status }}",
  'github-actions':
    "if: always() → npx @xltv/cli upload 'build/test-results/**/*.xml' --build-result ${{ job.status }}",
  gitlab:
    "after_script → npx @xltv/cli upload 'build/test-results/**/*.xml'  (result from CI_JOB_STATUS)",
  circleci: "when: always → npx @xltv/cli upload 'test-results/**/*.xml'",
  'azure-pipelines': "condition: succeededOrFailed() → npx @xltv/cli upload '**/TEST-*.xml'",
  buildkite: "post-command step → npx @xltv/cli upload 'junit/*.xml' --soft-fail",
  'bitbucket-pipelines': "after-script → npx @xltv/cli upload 'test-results/**/*.xml'",
  teamcity:
    "step 'even if some of the previous steps failed' → npx @xltv/cli upload 'target/surefire-reports/*.xml'",
  'travis-ci': "after_script → npx @xltv/cli upload 'target/surefire-reports/*.xml'",
  bamboo: "Final tasks: Script → npx @xltv/cli upload 'target/surefire-reports/*.xml'",
  appveyor: "on_finish → npx @xltv/cli upload 'TestResults/*.xml'",
  'aws-amplify':
    "amplify.yml test phase, after the tests → npx @xltv/cli upload 'reports/**/*.xml'",
  'aws-codebuild': "post_build → npx @xltv/cli upload 'reports/**/*.xml'",
  bitrise: "Script step, is_always_run: true → npx @xltv/cli upload 'test-results/**/*.xml'",
  semaphore: "epilogue: always → npx @xltv/cli upload 'junit.xml'",
  codefresh: "freestyle step, fail_fast: false → npx @xltv/cli upload 'reports/*.xml'",
  jenkins:
    'post { always { sh "npx @xltv/cli upload \'target/surefire-reports/*.xml\' --build-result ${currentBuild.currentResult}" } }',
  'google-cloud-build':
    "env: [BUILD_ID=$BUILD_ID, PROJECT_ID=$PROJECT_ID] → npx @xltv/cli upload 'reports/*.xml'",
  wercker: "after-steps → npx @xltv/cli upload 'reports/*.xml'",
  'jenkins-x': "Lighthouse params as env → npx @xltv/cli upload 'reports/*.xml'",
  tekton:
    "env XLTV_CI_BUILD_NUMBER=$(context.pipelineRun.name) → npx @xltv/cli upload 'reports/*.xml'",
};

/** Worked examples shown by `xltv --help`. */
export function renderMainExamples(): string {
  return [
    'Examples:',
    "  $ xltv upload 'build/test-results/**/*.xml' --url https://xltv.example.com/xltest --test-spec 1a2b3c",
    "  $ xltv inspect 'build/test-results/**/*.xml'   # what the files hold; needs no server",
    '  $ xltv env                  # the CI detected and the metadata an upload would send',
    '  $ xltv check --test-spec 1a2b3c    # server, credentials, licence, target',
    '  $ xltv specs                # test specification ids',
    '',
    'Set XLTV_URL, XLTV_USERNAME and XLTV_PASSWORD in the CI instead of passing flags.',
    '`xltv upload --help` shows a line for each supported CI.',
  ].join('\n');
}

/** Worked examples shown by `xltv upload --help`: general ones, then one line per CI. */
export function renderUploadExamples(adapters: readonly CiAdapter[]): string {
  const rows = adapters.map((adapter) => [
    adapter.id,
    CI_EXAMPLES[adapter.id] ?? "npx @xltv/cli upload '<patterns>'",
  ]);
  return [
    'Examples:',
    "  $ xltv upload 'build/test-results/**/*.xml'            # with XLTV_URL and XLTV_TEST_SPEC set",
    "  $ xltv upload --include 'a/*.xml,b/*.xml' --exclude '**/TEST-*Skipped.xml'",
    "  $ xltv upload 'reports/*.xml' --meta env=staging --build-result FAILURE --json --receipt receipt.json",
    "  $ xltv upload 'reports/*.xml' --dry-run --save-request request.bin",
    '',
    'In each CI (detected automatically; --ci <id> forces one, --ci none sends no CI metadata):',
    ...table(rows).map((line) => `  ${line}`),
    '',
    'Other CIs: set XLTV_CI_SOURCE, XLTV_CI_BUILD_NUMBER, XLTV_CI_BUILD_URL, … (see the README).',
    'Exit codes: 0 imported / dry run / --soft-fail, 1 upload failed, 2 usage or input error, 3 nothing new (304).',
  ].join('\n');
}
