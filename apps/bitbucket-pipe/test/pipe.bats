#!/usr/bin/env bats
# pipe.sh against a real @xltv/receiver, with the packed CLI as XLTV_CLI_PACKAGE (no xltv on
# the PATH), and with a fake xltv on the PATH for the exact arguments.

load helpers

setup() {
  bitbucket_env 0
  workspace
}

@test "uploads from after-script with the Bitbucket metadata and the step's outcome" {
  export BITBUCKET_EXIT_CODE=1
  export TEST_SPEC=bb-failed
  export PATTERNS='reports/unit/*.xml reports/it/*.xml'

  run "$PIPE"

  [ "$status" -eq 0 ]
  read_imports
  [ "$(field target.testSpecificationId)" = bb-failed ]
  [ "$(field metadata.source)" = bitbucket-pipelines ]
  [ "$(field metadata.ciBuildNumber)" = bitbucket-build-num ]
  [ "$(field metadata.ciJobName)" = bitbucket-repo ]
  [ "$(field metadata.ciBuildResult)" = FAILURE ]
  [ "$(field request.user)" = ci ]
  [ "$(field entries.length)" = 2 ]
  [ "$(field entries.0.path)" = reports/it/TEST-it.xml ]
  [ "$(field entries.1.path)" = reports/unit/TEST-unit.xml ]
  [[ "$output" != *"$XLTV_TEST_PASSWORD"* ]]
}

@test "takes lists: comma-separated patterns, and YAML lists as NAME_COUNT and NAME_n" {
  export TEST_SPEC=bb-lists
  export PATTERNS='reports/unit/*.xml,reports/other/*.xml'
  export EXCLUDE_COUNT=1 EXCLUDE_0='reports/other/**'
  export META_COUNT=2 META_0='team=core' META_1='note=a, b c'

  run "$PIPE"

  [ "$status" -eq 0 ]
  read_imports
  [ "$(field target.testSpecificationId)" = bb-lists ]
  [ "$(field entries.length)" = 1 ]
  [ "$(field entries.0.path)" = reports/unit/TEST-unit.xml ]
  [ "$(field metadata.team)" = core ]
  [ "$(field metadata.note)" = 'a, b c' ]
}

@test "passes shell metacharacters through literally" {
  dir='odd $HOME `id` ; x'"'"'y"z'
  mkdir -p "$dir"
  junit "$dir/TEST-odd.xml" odd
  export TEST_SPEC='spec $(touch pwned-spec) ;'
  export PATTERNS_COUNT=1 PATTERNS_0="$dir/*.xml"
  export META='note=$(touch pwned-meta) `touch pwned-tick` ; * "q"'

  run "$PIPE"

  [ "$status" -eq 0 ]
  [ ! -e pwned-spec ] && [ ! -e pwned-meta ] && [ ! -e pwned-tick ]
  read_imports
  [ "$(field target.testSpecificationId)" = 'spec $(touch pwned-spec) ;' ]
  [ "$(field metadata.note)" = '$(touch pwned-meta) `touch pwned-tick` ; * "q"' ]
  [ "$(field entries.0.path)" = "$dir/TEST-odd.xml" ]
}

@test "exits with the CLI's code (1 refused), or 0 with SOFT_FAIL, also when npx fails" {
  export TEST_SPEC=bb-refused
  export PATTERNS='reports/unit/*.xml'
  export XLTV_PASSWORD=wrong-password
  read_imports
  before=$IMPORTS

  run "$PIPE"
  [ "$status" -eq 1 ]
  [[ "$output" != *wrong-password* ]]

  export SOFT_FAIL=true
  run "$PIPE"
  [ "$status" -eq 0 ]
  read_imports
  [ "$IMPORTS" = "$before" ]

  export XLTV_CLI_PACKAGE="$BATS_TEST_TMPDIR/missing.tgz"
  run "$PIPE"
  [ "$status" -eq 0 ]
  [[ "$output" == *SOFT_FAIL* ]]
}

@test "runs the image's xltv when it is on the PATH, with one argument per value" {
  fake_xltv
  export TEST_SPEC='my spec' PROJECT=p1 BUILD_RESULT=UNSTABLE DEBUG=true
  export PATTERNS=' a/*.xml, b/*.xml  c/*.xml'
  export EXTRA_ARGS='--strict-results --run-span 2h'

  run "$PIPE"

  [ "$status" -eq 0 ]
  expected=(upload --include 'a/*.xml' --include 'b/*.xml' --include 'c/*.xml'
    --test-spec 'my spec' --project p1 --build-result UNSTABLE --verbose
    --strict-results --run-span 2h)
  [ "$(cat "$ARGV_FILE")" = "$(printf '%s\n' "${expected[@]}")" ]

  FAKE_EXIT=3 run "$PIPE"
  [ "$status" -eq 3 ]
}

@test "refuses a list count that is not a number" {
  fake_xltv
  export PATTERNS_COUNT='a[$(touch pwned)]'

  run "$PIPE"

  [ "$status" -eq 2 ]
  [ ! -e pwned ]
  [ ! -e "$ARGV_FILE" ]
}
