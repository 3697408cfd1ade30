# Shared by the bats tests: a clean Bitbucket step environment from the adapter's fixtures,
# a workspace of result files, and reads of what the receiver stored.
# Set by test/pipe.test.ts: XLTV_TEST_URL, XLTV_TEST_CLI, XLTV_TEST_FIXTURES, XLTV_TEST_PASSWORD.

PIPE="$BATS_TEST_DIRNAME/../pipe.sh"

# Clears every BITBUCKET*/XLTV* variable and the pipe's own, then exports fixture number $1's
# environment (read once per file: node starts slowly on a busy machine) and the connection.
bitbucket_env() {
  local name kv file="$BATS_FILE_TMPDIR/fixture-$1.env"
  for name in $(compgen -e); do
    case "$name" in
      XLTV_TEST_*) ;;
      BITBUCKET* | XLTV_* | TEST_SPEC | PROJECT | PATTERNS* | EXCLUDE* | META* | EXTRA_ARGS* | \
        BUILD_RESULT | SOFT_FAIL | DEBUG) unset "$name" ;;
    esac
  done
  [[ -f "$file" ]] || node -e '
    const [file, index] = process.argv.slice(1);
    const { env } = JSON.parse(require("fs").readFileSync(file, "utf8"))[Number(index)];
    for (const [k, v] of Object.entries(env)) process.stdout.write(`${k}=${v}\0`);
  ' "$XLTV_TEST_FIXTURES" "$1" >"$file"
  while IFS= read -r -d '' kv; do
    export "$kv"
  done <"$file"
  export XLTV_CLI_PACKAGE="$XLTV_TEST_CLI"
  export XLTV_URL="$XLTV_TEST_URL"
  export XLTV_USERNAME=ci
  export XLTV_PASSWORD="$XLTV_TEST_PASSWORD"
}

# A workspace with JUnit files in reports/unit, reports/it and reports/other, as the cwd.
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
# flattened to `path=value` lines: metadata.source=…, entries.0.path=…, entries.length=2).
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

# Puts a fake `xltv` first on the PATH that writes its arguments, one per line, to $ARGV_FILE.
fake_xltv() {
  ARGV_FILE="$BATS_TEST_TMPDIR/argv"
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  printf '#!/usr/bin/env bash\nprintf "%%s\\n" "$@" >"%s"\nexit "${FAKE_EXIT:-0}"\n' "$ARGV_FILE" \
    >"$BATS_TEST_TMPDIR/bin/xltv"
  chmod +x "$BATS_TEST_TMPDIR/bin/xltv"
  export PATH="$BATS_TEST_TMPDIR/bin:$PATH"
}
