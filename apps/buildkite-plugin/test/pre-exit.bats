#!/usr/bin/env bats
# hooks/pre-exit against a real @xltv/receiver, with the packed CLI as cli-package.

load helpers

setup() {
  buildkite_env 0
  workspace
}

@test "uploads after a failed command, with the Buildkite metadata and the command's outcome" {
  export BUILDKITE_COMMAND_EXIT_STATUS=1
  export BUILDKITE_PLUGIN_XLTV_TEST_SPEC=bk-failed
  export BUILDKITE_PLUGIN_XLTV_PATTERNS='reports/unit/*.xml'

  run "$HOOK"

  [ "$status" -eq 0 ]
  read_imports
  [ "$(field target.testSpecificationId)" = bk-failed ]
  [ "$(field metadata.source)" = buildkite ]
  [ "$(field metadata.ciBuildNumber)" = buildkite-pipeline-number ]
  [ "$(field metadata.ciBuildUrl)" = https://buildkite-build-url.com ]
  [ "$(field metadata.ciBuildResult)" = FAILURE ]
  [ "$(field request.user)" = ci ]
  [ "$(field entries.length)" = 1 ]
  [ "$(field entries.0.path)" = reports/unit/TEST-unit.xml ]
}

@test "takes patterns, exclude and meta as arrays" {
  export BUILDKITE_COMMAND_EXIT_STATUS=0
  export BUILDKITE_PLUGIN_XLTV_TEST_SPEC=bk-arrays
  export BUILDKITE_PLUGIN_XLTV_PATTERNS_0='reports/unit/*.xml'
  export BUILDKITE_PLUGIN_XLTV_PATTERNS_1='reports/it/*.xml'
  export BUILDKITE_PLUGIN_XLTV_PATTERNS_2='reports/other/*.xml'
  export BUILDKITE_PLUGIN_XLTV_EXCLUDE_0='reports/other/**'
  export BUILDKITE_PLUGIN_XLTV_META_0='team=core'
  export BUILDKITE_PLUGIN_XLTV_META_1='suite=all'

  run "$HOOK"

  [ "$status" -eq 0 ]
  read_imports
  [ "$(field target.testSpecificationId)" = bk-arrays ]
  [ "$(field entries.length)" = 2 ]
  [ "$(field entries.0.path)" = reports/it/TEST-it.xml ]
  [ "$(field entries.1.path)" = reports/unit/TEST-unit.xml ]
  [ "$(field metadata.team)" = core ]
  [ "$(field metadata.suite)" = all ]
  [ "$(field metadata.ciBuildResult)" = SUCCESS ]
}

@test "passes shell metacharacters through literally" {
  dir='odd $HOME `id` ; x'"'"'y"z'
  mkdir -p "$dir"
  junit "$dir/TEST-odd.xml" odd
  export BUILDKITE_PLUGIN_XLTV_TEST_SPEC='spec $(touch pwned-spec) ;'
  export BUILDKITE_PLUGIN_XLTV_PATTERNS="$dir/*.xml"
  export BUILDKITE_PLUGIN_XLTV_META='note=$(touch pwned-meta) `touch pwned-tick` ; * "q"'

  run "$HOOK"

  [ "$status" -eq 0 ]
  [ ! -e pwned-spec ] && [ ! -e pwned-meta ] && [ ! -e pwned-tick ]
  read_imports
  [ "$(field target.testSpecificationId)" = 'spec $(touch pwned-spec) ;' ]
  [ "$(field metadata.note)" = '$(touch pwned-meta) `touch pwned-tick` ; * "q"' ]
  [ "$(field entries.0.path)" = "$dir/TEST-odd.xml" ]
}

@test "fails the job with the CLI's exit code: 1 when refused, 2 when no file matched" {
  export BUILDKITE_PLUGIN_XLTV_TEST_SPEC=bk-refused
  export BUILDKITE_PLUGIN_XLTV_PATTERNS='reports/unit/*.xml'
  export BUILDKITE_PLUGIN_XLTV_PASSWORD_ENV=NO_SUCH_PASSWORD
  read_imports
  before=$IMPORTS

  run "$HOOK"

  [ "$status" -eq 1 ]
  [[ "$output" == *UNAUTHORIZED* || "$output" == *401* ]]
  read_imports
  [ "$IMPORTS" = "$before" ]

  export BUILDKITE_PLUGIN_XLTV_PASSWORD_ENV=XLTV_TEST_PASSWORD
  export BUILDKITE_PLUGIN_XLTV_PATTERNS='nothing/*.xml'
  run "$HOOK"
  [ "$status" -eq 2 ]
  [[ "$output" != *"$XLTV_TEST_PASSWORD"* ]]
}

@test "soft-fail: a refused upload and a missing CLI leave the job's result alone" {
  export BUILDKITE_PLUGIN_XLTV_TEST_SPEC=bk-soft
  export BUILDKITE_PLUGIN_XLTV_PATTERNS='reports/unit/*.xml'
  export BUILDKITE_PLUGIN_XLTV_PASSWORD_ENV=NO_SUCH_PASSWORD
  export BUILDKITE_PLUGIN_XLTV_SOFT_FAIL=true

  run "$HOOK"
  [ "$status" -eq 0 ]

  export BUILDKITE_PLUGIN_XLTV_CLI_PACKAGE="$BATS_TEST_TMPDIR/missing.tgz"
  run "$HOOK"
  [ "$status" -eq 0 ]
  [[ "$output" == *"soft-fail"* ]]
}

@test "rejects a password-env that is not a variable name" {
  export BUILDKITE_PLUGIN_XLTV_PASSWORD_ENV='X;touch pwned'

  run "$HOOK"

  [ "$status" -eq 2 ]
  [ ! -e pwned ]
}
