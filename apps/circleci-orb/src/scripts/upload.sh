#!/usr/bin/env bash
# The orb's upload step: turns the XLTV_PARAM_* variables (the command's parameters) into the
# arguments of `xltv upload`. Values are only ever array items, never parsed as shell code.
set -euo pipefail

args=()

# A flag with its value, left out when the value is empty (the CLI then reads its variable).
flag() {
  if [ -n "$2" ]; then args+=("$1" "$2"); fi
}

# One item per non-empty line of a multi-line parameter.
lines() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    if [ -n "$line" ]; then printf '%s\0' "$line"; fi
  done <<<"$1"
}

# A name given by an env_var_name parameter, checked before it is dereferenced.
from_var() {
  local name="$1"
  if [[ ! "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    echo "xltv orb: '$name' is not an environment variable name" >&2
    exit 2
  fi
  printf '%s' "${!name:-}"
}

flag --url "${XLTV_PARAM_URL:-}"
flag --test-spec "${XLTV_PARAM_TEST_SPEC:-}"
flag --project "${XLTV_PARAM_PROJECT:-}"
flag --build-result "${XLTV_PARAM_BUILD_RESULT:-}"
while IFS= read -r -d '' pattern; do args+=(--include "$pattern"); done \
  < <(lines "${XLTV_PARAM_PATTERNS:-}")
while IFS= read -r -d '' pattern; do args+=(--exclude "$pattern"); done \
  < <(lines "${XLTV_PARAM_EXCLUDE:-}")
if [ "${XLTV_PARAM_SOFT_FAIL:-false}" = "true" ]; then args+=(--soft-fail); fi
while IFS= read -r -d '' arg; do args+=("$arg"); done < <(lines "${XLTV_PARAM_EXTRA_ARGS:-}")

# The credentials travel by environment, which keeps them off the command line and `ps`.
XLTV_USERNAME="$(from_var "${XLTV_PARAM_USERNAME_VAR:-XLTV_USERNAME}")"
XLTV_PASSWORD="$(from_var "${XLTV_PARAM_PASSWORD_VAR:-XLTV_PASSWORD}")"
export XLTV_USERNAME XLTV_PASSWORD

npx --yes --package "${XLTV_CLI_PACKAGE:-@xltv/cli@0.1.0}" -- xltv upload "${args[@]}"
