# Shared by the bats tests: a clean Buildkite job environment from the adapter's fixtures,
# a workspace of result files, and reads of what the receiver stored.
# Set by test/plugin.test.ts: XLTV_TEST_URL, XLTV_TEST_CLI, XLTV_TEST_FIXTURES.

HOOK="$BATS_TEST_DIRNAME/../hooks/pre-exit"

# Clears every BUILDKITE*/XLTV* variable, then exports fixture number $1's environment (read
# once per file: node starts slowly on a busy machine).
buildkite_env() {
  local name kv file="$BATS_FILE_TMPDIR/fixture-$1.env"
  for name in $(compgen -e); do
    case "$name" in BUILDKITE* | XLTV_*) [[ "$name" == XLTV_TEST_* ]] || unset "$name" ;; esac
  done
  [[ -f "$file" ]] || node -e '
    const [file, index] = process.argv.slice(1);
    const { env } = JSON.parse(require("fs").readFileSync(file, "utf8"))[Number(index)];
    for (const [k, v] of Object.entries(env)) process.stdout.write(`${k}=${v}\0`);
  ' "$XLTV_TEST_FIXTURES" "$1" >"$file"
  while IFS= read -r -d '' kv; do
    export "$kv"
  done <"$file"
  export BUILDKITE_PLUGIN_XLTV_CLI_PACKAGE="$XLTV_TEST_CLI"
  export BUILDKITE_PLUGIN_XLTV_URL="$XLTV_TEST_URL"
  export BUILDKITE_PLUGIN_XLTV_USERNAME=ci
  export BUILDKITE_PLUGIN_XLTV_PASSWORD_ENV=XLTV_TEST_PASSWORD
}

# A workspace with JUnit files in reports/unit and reports/it, and the hook's working dir.
workspace() {
  WS="$BATS_TEST_TMPDIR/ws"
  mkdir -p "$WS/reports/unit" "$WS/reports/it" "$WS/reports/other"
  junit "$WS/reports/unit/TEST-unit.xml" unit
  junit "$WS/reports/it/TEST-it.xml" it
  junit "$WS/reports/other/TEST-other.xml" other
  cd "$WS"
}

# Writes a one-test JUnit file $1 named after $2 (unique content: never a duplicate upload).
junit() {
  printf '<testsuite name="%s" tests="1"><testcase classname="%s" name="t-%s"/></testsuite>\n' \
    "$2" "$2" "$BATS_TEST_NAME-$RANDOM$RANDOM" >"$1"
}

# Reads what the receiver holds into IMPORTS (how many) and IMPORT (the newest import,
# flattened to `path=value` lines: metadata.source=buildkite, entries.0.path=…, entries.length=2).
read_imports() {
  local out
  out=$(node -e '
    const flat = (value, path, lines) => {
      if (value !== null && typeof value === "object") {
        if (Array.isArray(value)) lines.push(`${path}.length=${value.length}`);
        for (const [key, item] of Object.entries(value)) flat(item, path ? `${path}.${key}` : key, lines);
      } else lines.push(`${path}=${value}`);
      return lines;
    };
    fetch(`${process.argv[1]}/imports`).then((r) => r.json()).then((all) => {
      console.log(all.length);
      console.log(flat(all.at(-1) ?? {}, "", []).join("\n"));
    });
  ' "$XLTV_TEST_URL")
  IMPORTS=${out%%$'\n'*}
  IMPORT=${out#*$'\n'}
}

# The value at path $1 of the import read_imports read last.
field() {
  local line
  while IFS= read -r line; do
    [[ "$line" == "$1="* ]] && printf '%s' "${line#*=}" && return 0
  done <<<"$IMPORT"
  return 1
}
