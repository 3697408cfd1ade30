#!/usr/bin/env bash
# The Bitbucket pipe: uploads test results to XL TestView with the xltv CLI. Every pipe
# variable becomes one element of an argument array: nothing a pipeline sets is ever evaluated
# by a shell. XLTV_URL, XLTV_USERNAME and XLTV_PASSWORD are read by the CLI itself, so the
# password never appears on a command line.
set -euo pipefail

# Sets `items` to the values of pipe variable $1. A YAML list arrives as NAME_COUNT and NAME_0,
# NAME_1, …; a plain value is one item, or split at the characters $2 names (IFS style).
list() {
  local name=$1 separators=${2:-} count="${1}_COUNT" item i
  items=()
  if [[ -n "${!count:-}" ]]; then
    # Checked first: a count is used in arithmetic, where bash would evaluate an expression.
    if [[ ! "${!count}" =~ ^[0-9]+$ ]]; then
      echo "xltv: $count must be a number" >&2
      exit 2
    fi
    for ((i = 0; i < ${!count}; i++)); do
      item="${name}_${i}"
      items+=("${!item:-}")
    done
  elif [[ -n "${!name:-}" && -n "$separators" ]]; then
    IFS=$separators read -r -d '' -a items <<<"${!name}" || true
  elif [[ -n "${!name:-}" ]]; then
    items=("${!name}")
  fi
  return 0
}

# Adds `flag item` to args for each non-empty item.
each() {
  local item
  for item in ${items[@]+"${items[@]}"}; do
    [[ -n "$item" ]] && args+=("$1" "$item")
  done
  return 0
}

args=(upload)
list PATTERNS $' \t\n,' && each --include
list EXCLUDE $' \t\n,' && each --exclude
list META && each --meta
[[ -n "${TEST_SPEC:-}" ]] && args+=(--test-spec "$TEST_SPEC")
[[ -n "${PROJECT:-}" ]] && args+=(--project "$PROJECT")
[[ -n "${BUILD_RESULT:-}" ]] && args+=(--build-result "$BUILD_RESULT")
[[ "${SOFT_FAIL:-false}" == true ]] && args+=(--soft-fail)
[[ "${DEBUG:-false}" == true ]] && args+=(--verbose)
# Extra arguments go last, as given: one per list item, or per word of a plain value.
list EXTRA_ARGS $' \t\n' && args+=(${items[@]+"${items[@]}"})

status=0
if command -v xltv >/dev/null 2>&1; then
  xltv "${args[@]}" || status=$?
else
  # Outside the pipe's image (or to try another CLI build): fetch the CLI with npx.
  npx --yes --package "${XLTV_CLI_PACKAGE:-@xltv/cli@0.1.0}" -- xltv "${args[@]}" || status=$?
fi

if [[ $status -ne 0 && "${SOFT_FAIL:-false}" == true ]]; then
  echo "xltv: the upload failed (exit $status); SOFT_FAIL keeps the step's result" >&2
  exit 0
fi
exit "$status"
