#!/usr/bin/env bash
# A COPY killed with SIGKILL in the middle of a load leaves nothing of it: after reopening, the
# table holds exactly its rows from before, and the row-group files the COPY had already
# written are gone.
#
#   tests/integration/copy_kill_test.sh build/release/martlet
#
# The last line is "N passed, N failed".
set -uo pipefail

MARTLET=$(realpath "${1:?usage: copy_kill_test.sh PATH/TO/martlet}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-copy-kill-test.XXXXXX")
COPY_PID=
cleanup() {
  [[ -n $COPY_PID ]] && kill -KILL "$COPY_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
DB="$WORK/db"

passed=0
failed=0
check() {  # check WHAT EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then
    echo "PASS: $1"
    passed=$((passed + 1))
  else
    echo "FAIL: $1: expected '$2', got '$3'"
    failed=$((failed + 1))
  fi
}
sql() { "$MARTLET" sql --db "$DB" --format csv -c "$1" 2>&1; }
data_files() { find "$DB/data" -type f | wc -l; }

# 3,000,000 rows (about 290 MB): more than 20 row groups, so the load takes long enough to
# be caught with some of its files written.
"$MARTLET" generate ssb --sf 0.5 --out "$WORK/ssb" >/dev/null 2>&1 || { echo "FAIL: generate"; exit 1; }
sql "CREATE TABLE big (lo_orderkey INTEGER NOT NULL, lo_linenumber INTEGER NOT NULL,
  lo_custkey INTEGER NOT NULL, lo_partkey INTEGER NOT NULL, lo_suppkey INTEGER NOT NULL,
  lo_orderdate INTEGER NOT NULL, lo_orderpriority VARCHAR(15) NOT NULL,
  lo_shippriority VARCHAR(1) NOT NULL, lo_quantity INTEGER NOT NULL,
  lo_extendedprice INTEGER NOT NULL, lo_ordertotalprice INTEGER NOT NULL,
  lo_discount INTEGER NOT NULL, lo_revenue INTEGER NOT NULL, lo_supplycost INTEGER NOT NULL,
  lo_tax INTEGER NOT NULL, lo_commitdate INTEGER NOT NULL, lo_shipmode VARCHAR(10) NOT NULL)" >/dev/null
head -n 1000 "$WORK/ssb/lineorder.tbl" >"$WORK/first.tbl"
sql "COPY big FROM '$WORK/first.tbl' DELIMITER '|'" >/dev/null
before_rows=$(sql "SELECT count(*), sum(lo_revenue) FROM big")
check "the table's first rows load" "1000" "$(sql "SELECT count(*) FROM big" | tail -1)"
before_files=$(data_files)

"$MARTLET" sql --db "$DB" -c "COPY big FROM '$WORK/ssb/lineorder.tbl' DELIMITER '|'" \
  >"$WORK/copy.out" 2>&1 &
COPY_PID=$!
# Wait until the load has written row-group files of its own, then kill it.
killed_with=0
for _ in $(seq 1 6000); do
  if ! kill -0 "$COPY_PID" 2>/dev/null; then break; fi
  now=$(data_files)
  if ((now >= before_files + 2)); then
    killed_with=$now
    kill -KILL "$COPY_PID"
    break
  fi
  sleep 0.01
done
wait "$COPY_PID" 2>/dev/null
status=$?
COPY_PID=
check "the COPY was killed mid-load (SIGKILL: exit status 137)" 137 "$status"
if ((killed_with < before_files + 2)); then
  echo "FAIL: the COPY wrote no row-group files before it ended ($(cat "$WORK/copy.out"))"
  failed=$((failed + 1))
fi
left=$(data_files)
check "the killed COPY's files are on disk until the database is opened" yes \
  "$( ((left >= before_files + 2)) && echo yes || echo "no: $left files")"

check "after reopening, the table holds its rows from before" "$before_rows" \
  "$(sql "SELECT count(*), sum(lo_revenue) FROM big")"
check "opening removed the killed COPY's files" "$before_files" "$(data_files)"
check "the database takes a new load" "" "$(sql "COPY big FROM '$WORK/first.tbl' DELIMITER '|'")"
check "and counts it" "2000" "$(sql "SELECT count(*) FROM big" | tail -1)"

echo "$passed passed, $failed failed"
((failed == 0))
