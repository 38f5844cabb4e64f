#!/usr/bin/env bash
# Runs every example of the documentation and compares what it prints with what the page says.
#
#   tests/integration/docs_test.sh build/release/martlet .
#
# An example is a fenced ```sql block followed (blank lines allowed) by a fenced ```text block.
# The examples of one page run in order, each as
#
#   martlet sql --db FRESH_DIR --format csv -c '<the sql block>'
#
# from the repository root, all in one fresh database per page, so an example may use the
# tables an earlier one created. The text block holds the standard output followed by the
# standard error (an example may show an error); an empty text block means it prints nothing.
# The UNLOAD examples write under build/docs-unload/ (relative to the root); it is cleared
# before each page and at the end.
# Pages checked: README.md and the pages under docs/ that the list at the end names. The last line is "N passed, N failed".
#
# docs/loading.md loads from S3: for it, moto_server (tests/integration/services/moto.sh) runs
# on 127.0.0.1 with AWS_ENDPOINT_URL and test credentials exported, and bucket my-bucket holds
#   stores/2024-01.csv     docs/data/stores.csv
#   stores/2024-02.csv.gz  docs/data/more_stores.csv, gzipped
set -uo pipefail  # no -e: a failing example is reported and the rest still run

MARTLET=$(realpath "${1:?usage: docs_test.sh PATH/TO/martlet REPO_ROOT}")
ROOT=$(realpath "${2:?usage: docs_test.sh PATH/TO/martlet REPO_ROOT}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-docs-test.XXXXXX")
source "$(dirname "$(realpath "$0")")/services/moto.sh"
source "$ROOT/tests/integration/services/postgres.sh"
UNLOAD_DIR="$ROOT/build/docs-unload"
trap 'moto_stop; martlet_pg_stop; rm -rf "$WORK" "$UNLOAD_DIR"' EXIT
trap 'exit 1' INT TERM  # so that the EXIT trap stops the servers on a timeout too
cd "$ROOT" || exit 1

passed=0
failed=0

# Splits PAGE into WORK/examples/NNNN.{sql,expected,line}; prints the number of examples.
# A ```sql block without a ```text block after it is written with an .orphan marker.
extract() {
  local page=$1 out=$2
  rm -rf "$out"
  mkdir -p "$out"
  awk -v out="$out" '
    function name(ext) { return sprintf("%s/%04d.%s", out, n, ext) }
    state == "" && /^```sql[ \t]*$/ { n++; state = "sql"; print NR > name("line"); printf "" > name("sql"); next }
    state == "sql" && /^```[ \t]*$/ { state = "want_text"; next }
    state == "sql" { print > name("sql"); next }
    state == "want_text" && /^[ \t]*$/ { next }
    state == "want_text" && /^```text[ \t]*$/ { state = "text"; printf "" > name("expected"); next }
    state == "want_text" { print "" > name("orphan"); state = ""; }
    state == "text" && /^```[ \t]*$/ { state = ""; next }
    state == "text" { print > name("expected"); next }
    END { if (state == "want_text") print "" > name("orphan"); print n + 0 }
  ' "$page"
}

check_page() {
  local page=$1
  local examples="$WORK/examples" db="$WORK/db"
  rm -rf "$db" "$UNLOAD_DIR"
  local count
  count=$(extract "$ROOT/$page" "$examples")
  local i
  for ((i = 1; i <= count; i++)); do
    local base
    base=$(printf '%s/%04d' "$examples" "$i")
    local line
    line=$(cat "$base.line")
    if [ -e "$base.orphan" ]; then
      echo "FAIL: $page:$line: the sql block has no \`\`\`text block after it"
      failed=$((failed + 1))
      continue
    fi
    "$MARTLET" sql --db "$db" --format csv -c "$(cat "$base.sql")" \
      >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
    cat "$WORK/stdout" "$WORK/stderr" >"$WORK/actual"
    if cmp -s "$base.expected" "$WORK/actual"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL: $page:$line"
      sed 's/^/  | /' "$base.sql"
      echo "  expected:"
      sed 's/^/  > /' "$base.expected"
      echo "  actual:"
      sed 's/^/  < /' "$WORK/actual"
    fi
  done
  rm -rf "$db"
}

# The S3 objects docs/loading.md loads; see the top of this file.
start_s3_for_docs() {
  moto_start || return 1
  gzip -c docs/data/more_stores.csv >"$WORK/more_stores.csv.gz"
  moto_create_bucket my-bucket &&
    moto_put my-bucket stores/2024-01.csv docs/data/stores.csv &&
    moto_put my-bucket stores/2024-02.csv.gz "$WORK/more_stores.csv.gz"
}

# docs/loading.md extracts from the PostgreSQL database "shop" (docs/data/shop.sql), on a
# private server whose PGHOST and PGPORT the examples inherit.
start_shop_database() {
  martlet_pg_start && martlet_pg_psql -c "CREATE DATABASE shop" &&
    martlet_pg_psql -d shop -f "$ROOT/docs/data/shop.sql" >/dev/null
}

for page in README.md docs/sql.md docs/loading.md; do
  if [ "$page" = docs/loading.md ]; then
    if ! start_s3_for_docs; then
      echo "FAIL: $page: could not start moto_server for the S3 examples"
      failed=$((failed + 1))
      continue
    fi
    if ! start_shop_database; then
      echo "FAIL: $page: PostgreSQL did not start"
      failed=$((failed + 1))
      continue
    fi
  fi
  check_page "$page"
  moto_stop
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
