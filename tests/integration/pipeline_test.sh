#!/usr/bin/env bash
# End-to-end checks of `martlet pipeline`: init, run, test, plan, graph and runs on small
# projects built in a temporary folder, the bad paths issue #5 lists (a cycle, a missing
# relation, a model with a SQL error, a failing data test, a source file that disappeared,
# a malformed martlet.toml, a concurrent second run), and the tutorial of docs/pipelines.md.
#
#   tests/integration/pipeline_test.sh build/dev/martlet REPO_ROOT
#
# The tutorial's steps are its ```sh blocks: they run in order, as one terminal session
# starting in an empty folder (a `cd` carries over to the next step), with `martlet` on the
# PATH. A ```text block right after a ```sh block holds what the step prints
# (standard output, then standard error), compared after each run time "0.12 s" is written
# as "X.XX s". Every check prints PASS or FAIL; the last line is "N passed, N failed".
set -uo pipefail  # no -e: a failed check is counted and reported, and the rest still run
source "$(dirname "$(realpath "$0")")/lib/checks.sh"  # run, pass, fail and the expect_* checks

MARTLET=$(realpath "${1:?usage: pipeline_test.sh PATH/TO/martlet REPO_ROOT}")
ROOT=$(realpath "${2:?usage: pipeline_test.sh PATH/TO/martlet REPO_ROOT}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-pipeline-test.XXXXXX")
LOCK_HOLDER=""
cleanup() {
  [[ -n "$LOCK_HOLDER" ]] && kill "$LOCK_HOLDER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
unset MARTLET_DB
cd "$WORK" || exit 1

sql() {  # sql DB SQL: prints the result as CSV
  "$MARTLET" sql --db "$1" --format csv -c "$2"
}

# ---------------------------------------------------------------------------------------
# init: the scaffold runs as it is, and a second run loads no file twice

run "$MARTLET" pipeline init shop
expect_rc 0 "init creates a project"
run "$MARTLET" pipeline init shop
expect_rc 1 "init refuses a folder that is not empty"
expect_err "exists and is not an empty folder" "init says why it refuses"

run "$MARTLET" pipeline run --project shop
expect_rc 0 "the scaffold runs"
expect_out "success  table             marts.customer_revenue" "run prints one line per model"
expect_out "Run 1 of shop: 4 succeeded, 0 failed, 0 skipped; tests: 5 passed" "run prints a summary"
expect_sql shop/warehouse "SELECT customer_id, name, orders, revenue FROM marts.customer_revenue ORDER BY 1" \
  "customer_id,name,orders,revenue
1,Ada,2,32.25
2,Grace,1,35.50" "the scaffold's mart holds the revenue per customer"

printf 'order_id,customer_id,amount,ordered_at\n4,3,99.99,2026-01-02 08:00:00\n' >shop/data/orders/2026-01-02.csv
run "$MARTLET" pipeline run --project shop
expect_rc 0 "a second run succeeds"
expect_out "load 1 new file (1 loaded before)" "a second run loads only the new file"
expect_sql shop/warehouse "SELECT count(*) FROM raw.orders" "count
4" "no file is loaded twice"
expect_sql shop/warehouse "SELECT source, count(*) FROM martlet_bookmarks GROUP BY source" "source,count
orders,2" "the bookmarks hold both files"

run "$MARTLET" pipeline run --project shop --full-refresh
expect_rc 0 "--full-refresh runs"
expect_out "reload 2 files (full refresh)" "--full-refresh reloads every file"
expect_sql shop/warehouse "SELECT count(*) FROM raw.orders" "count
4" "--full-refresh replaces the rows instead of adding to them"

rm shop/data/orders/2026-01-01.csv
run "$MARTLET" pipeline run --project shop
expect_rc 0 "a run after a source file disappeared succeeds"
expect_out "WARNING: file $WORK/shop/data/orders/2026-01-01.csv, loaded before, is gone; its rows stay" \
  "a source file that disappeared is reported"
expect_sql shop/warehouse "SELECT count(*) FROM raw.orders" "count
4" "the rows of a disappeared file stay"

run "$MARTLET" pipeline runs --project shop --format csv
expect_rc 0 "runs shows the history"
if [[ $(grep -c ',run,success,' "$WORK/stdout") -eq 4 ]]; then pass "runs lists the four runs"; else fail "runs lists the four runs"; fi
expect_sql shop/warehouse "SELECT kind, status, count(*) FROM martlet_run_models WHERE run_id = 1 GROUP BY kind, status ORDER BY kind" \
  "kind,status,count
model,success,2
seed,success,1
source,success,1
test,pass,5" "martlet_run_models records every node and test of a run"

run "$MARTLET" pipeline plan --project shop
expect_rc 0 "plan runs"
expect_out "marts.customer_revenue           table             rebuild table" "plan says what it would do"
expect_out "raw.orders                       source            load 0 new files" "plan reads the bookmarks"

run "$MARTLET" pipeline graph --project shop
expect_out '  n1 --> n0' "graph prints Mermaid edges"
run "$MARTLET" pipeline graph --project shop --format dot
expect_out '"staging.stg_orders" -> "marts.customer_revenue";' "graph --format dot prints DOT edges"
run "$MARTLET" pipeline graph --project shop --format svg
expect_rc 0 "graph --format svg"
if python3 - "$WORK/stdout" <<'EOF'
import sys, xml.dom.minidom
svg = xml.dom.minidom.parse(sys.argv[1])
labels = sorted(t.firstChild.data for t in svg.getElementsByTagName("text"))
edges = [p for p in svg.getElementsByTagName("path") if p.getAttribute("marker-end")]
assert labels == ["marts.customer_revenue (table)", "public.customers (seed)", "raw.orders (source)",
                  "staging.stg_orders (view)"], labels
assert len(edges) == 3, len(edges)
EOF
then pass "graph --format svg draws a box per node and an arrow per edge, as valid XML"; else fail "graph --format svg draws a box per node and an arrow per edge, as valid XML"; fi

# graph --columns: lineage per column, read from the database the run built
run "$MARTLET" pipeline graph --project shop --columns --format text
expect_rc 0 "graph --columns"
expect_out 'raw.orders.ordered_at -> staging.stg_orders.order_date' "graph --columns follows a renamed, cast column"
expect_out 'staging.stg_orders.amount -> marts.customer_revenue.revenue' "graph --columns follows an aggregate's argument"
expect_out 'public.customers.name -> marts.customer_revenue.name' "graph --columns follows a joined table's column"
expect_out 'raw.orders.amount -> staging.stg_orders (filter)' "graph --columns reports WHERE columns as filters"
expect_no_out 'marts.customer_revenue.orders' "graph --columns gives count(*) no source column"
run "$MARTLET" pipeline graph --project shop --columns --format json
if jq -e '(.relations | map(.relation)) == ["raw.orders", "staging.stg_orders", "public.customers", "marts.customer_revenue"]
          and (.relations[3].columns == ["customer_id", "name", "orders", "revenue"])
          and ([.edges[] | select(.kind == "value")] | length) == 7
          and ([.edges[] | select(.to == "marts.customer_revenue" and .kind == "filter") | .from_column] | sort) == ["customer_id", "customer_id", "name"]' \
  "$WORK/stdout" >/dev/null; then
  pass "graph --columns --format json lists the relations, their columns and the edges"
else
  fail "graph --columns --format json lists the relations, their columns and the edges"
fi
run "$MARTLET" pipeline graph --project shop --columns
expect_out '  subgraph r3["marts.customer_revenue (table)"]' "graph --columns draws a Mermaid subgraph per relation"
expect_out '  r1c2 --> r3c3' "graph --columns draws a Mermaid arrow per column edge"
run "$MARTLET" pipeline graph --project shop --columns --format dot
expect_out '"r0c3" -> "r1c3";' "graph --columns --format dot prints DOT edges between columns"
run "$MARTLET" pipeline graph --project shop --columns --format svg
expect_rc 0 "graph --columns --format svg"
if python3 - "$WORK/stdout" <<'EOF'
import sys, xml.dom.minidom
svg = xml.dom.minidom.parse(sys.argv[1])
titles = sorted(t.firstChild.data for t in svg.getElementsByTagName("text") if t.getAttribute("font-weight") == "bold")
columns = [t.firstChild.data for t in svg.getElementsByTagName("text") if not t.getAttribute("font-weight")]
edges = [p for p in svg.getElementsByTagName("path") if p.getAttribute("marker-end")]
dashed = [p for p in edges if p.getAttribute("stroke-dasharray")]
assert titles == ["marts.customer_revenue (table)", "public.customers (seed)", "raw.orders (source)",
                  "staging.stg_orders (view)"], titles
assert len(columns) == 15, columns
assert (len(edges), len(dashed)) == (11, 4), (len(edges), len(dashed))
EOF
then pass "graph --columns --format svg draws a box per relation, a row per column, an arrow per edge"
else fail "graph --columns --format svg draws a box per relation, a row per column, an arrow per edge"; fi
run "$MARTLET" pipeline graph --project shop --format json
expect_rc 1 "graph --format json without --columns is refused"
expect_err "needs --columns" "graph says --format json needs --columns"
run "$MARTLET" pipeline graph --project shop --columns --db "$WORK/empty-db"
expect_rc 1 "graph --columns against a database the pipeline has not built"
expect_err "run the pipeline first" "graph --columns says to run the pipeline first"
expect_err "(raw.orders, staging.stg_orders, public.customers, marts.customer_revenue)" "graph --columns names the missing relations"

run "$MARTLET" pipeline run --project shop --format json
expect_rc 0 "run --format json"
if jq -e '.status == "success" and (.nodes | length) == 4 and (.tests | length) == 5' "$WORK/stdout" >/dev/null; then
  pass "--format json prints one parseable document"
else
  fail "--format json prints one parseable document"
fi

# a concurrent second run: the lock is held (flock(1) takes the same flock(2) lock)
mkdir -p shop/.martlet
flock -o shop/.martlet/run.lock sleep 30 &  # -o: sleep does not inherit the lock
LOCK_HOLDER=$!
for _ in $(seq 50); do
  flock -n shop/.martlet/run.lock true 2>/dev/null || break
  sleep 0.1
done
run "$MARTLET" pipeline run --project shop
expect_rc 1 "a second concurrent run is refused"
expect_err "pipeline shop is already running" "the refusal says a run is in progress"
kill "$LOCK_HOLDER" 2>/dev/null
wait "$LOCK_HOLDER" 2>/dev/null
LOCK_HOLDER=""
run "$MARTLET" pipeline run --project shop --select stg_orders
expect_rc 0 "the lock is free again once the other run ends"

# ---------------------------------------------------------------------------------------
# materializations, selection, failures and skips

mkdir -p p/models/stg p/models/mart p/seeds p/tests
cd p || exit 1
cat >martlet.toml <<'EOF'
name = "p"
database = "db"

[models.events]
materialized = "incremental"
unique_key = "id"
incremental_filter = "id > (SELECT coalesce(max(id), 0) FROM mart.events) OR id = 2"
tags = ["nightly"]
tests = [
  { test = "accepted_values", column = "kind", values = ["a", "b"], severity = "warn" },
  { test = "not_null", column = "id" },
]

[models.appended]
materialized = "incremental"

[seeds.raw_events]
column_types = { amount = "integer" }
EOF
printf 'id,kind,amount\n1,a,10\n2,b,20\n' >seeds/raw_events.csv
cat >models/stg/doubled.sql <<'EOF'
-- materialized: ephemeral
SELECT id, kind, amount * 2 AS amount2 FROM raw_events
EOF
cat >models/mart/events.sql <<'EOF'
-- sortkey: id
-- distkey: id
WITH renamed AS (SELECT id, kind, amount2 AS amount FROM stg.doubled)
SELECT id, kind, amount FROM renamed
EOF
cat >models/mart/appended.sql <<'EOF'
SELECT id, amount2 FROM stg.doubled WHERE id = 1
EOF
cat >models/mart/summary.sql <<'EOF'
-- materialized: view
-- tags: nightly, reports
SELECT kind, sum(amount) AS total FROM mart.events GROUP BY kind
EOF
cat >tests/positive_totals.sql <<'EOF'
SELECT kind, total FROM mart.summary WHERE total <= 0
EOF

run "$MARTLET" pipeline run
expect_rc 0 "a project with every materialization runs"
expect_no_out "stg.doubled" "an ephemeral model is not built"
expect_out "create table (first run)" "an incremental model's first run builds the whole table"
expect_sql db "SELECT id, kind, amount FROM mart.events ORDER BY id" "id,kind,amount
1,a,20
2,b,40" "the ephemeral model is inlined into the models that read it"
expect_sql db "SELECT kind, total FROM mart.summary ORDER BY kind" "kind,total
a,20
b,40" "a view model"
expect_sql db "SELECT \"table\", diststyle, sortkey1 FROM svv_table_info WHERE schema = 'mart' AND \"table\" = 'events'" \
  "table,diststyle,sortkey1
events,KEY(id),id" "distkey and sortkey reach CREATE TABLE"
expect_sql db "SELECT data_type FROM information_schema.columns WHERE table_name = 'raw_events' AND column_name = 'amount'" \
  "data_type
integer" "a seed column's type declared in the TOML wins over the inferred one"

printf 'id,kind,amount\n1,a,10\n2,c,25\n3,b,30\n' >seeds/raw_events.csv
run "$MARTLET" pipeline run
expect_rc 0 "an incremental run with a warning test exits 0"
expect_out "merge on id" "an incremental model with unique_key merges"
expect_out "append new rows" "an incremental model without unique_key appends"
expect_out "test    warn     accepted_values   mart.events" "a test with severity warn warns"
expect_out "          c | 1" "a warning shows a sample of the failing rows"
expect_sql db "SELECT id, kind, amount FROM mart.events ORDER BY id" "id,kind,amount
1,a,20
2,c,50
3,b,60" "merge replaced the row with the same key and added the new one; the filter left id 1 alone"
expect_sql db "SELECT count(*) FROM mart.appended" "count
2" "append added the model's rows again"

sed -i 's/OR id = 2"/OR idd = 2"/' martlet.toml
run "$MARTLET" pipeline run --select mart.events
expect_rc 1 "a bad incremental_filter fails the model"
expect_out 'ERROR: models/mart/events.sql: incremental_filter, at character 56: column "idd" does not exist (did you mean "id"?)' \
  "an error in incremental_filter says so, and where"
sed -i 's/OR idd = 2"/OR id = 2"/' martlet.toml
run "$MARTLET" pipeline run --full-refresh --select mart.appended
expect_out "rebuild table (full refresh)" "--full-refresh rebuilds an incremental model"
expect_sql db "SELECT count(*) FROM mart.appended" "count
1" "--full-refresh leaves one copy of the rows"

# column lineage through an ephemeral model, a CTE and a view model, and from a relation
# outside the project
sql db "CREATE TABLE outside (id INTEGER, label VARCHAR(10)); INSERT INTO outside VALUES (1, 'one')" >/dev/null
cat >models/mart/labelled.sql <<'EOF'
SELECT e.id, upper(o.label) AS label FROM mart.events e JOIN outside o ON o.id = e.id
EOF
run "$MARTLET" pipeline run --select mart.labelled
expect_rc 0 "a model reading a relation outside the project runs"
run "$MARTLET" pipeline graph --columns --format text
expect_rc 0 "graph --columns on a project with every materialization"
expect_out 'public.raw_events.amount -> mart.events.amount' "graph --columns traces through an ephemeral model and a CTE"
expect_no_out 'stg.doubled' "graph --columns does not show the ephemeral model as a step"
expect_out 'public.raw_events.id -> mart.appended (filter)' "graph --columns traces a filter through an ephemeral model"
expect_out 'mart.events.amount -> mart.summary.total' "graph --columns shows a view model's columns"
expect_out 'mart.events.kind -> mart.summary (filter)' "graph --columns shows a GROUP BY key as a filter"
expect_out 'public.outside.label -> mart.labelled.label' "graph --columns shows a relation outside the project"
run "$MARTLET" pipeline graph --columns --format json
if jq -e '.relations[] | select(.relation == "public.outside") | .kind == "external" and .columns == ["label", "id"]' \
  "$WORK/stdout" >/dev/null; then
  pass "graph --columns lists an outside relation's columns that are read, as external"
else
  fail "graph --columns lists an outside relation's columns that are read, as external"
fi
sql db "ALTER TABLE outside DROP COLUMN label" >/dev/null
run "$MARTLET" pipeline graph --columns --format text
expect_rc 1 "graph --columns when a model no longer binds"
expect_err 'mart.labelled (models/mart/labelled.sql): its lineage cannot be read: column "o.label" does not exist' \
  "graph --columns names the model that no longer binds, and why"
rm models/mart/labelled.sql
sql db "DROP TABLE mart.labelled; DROP TABLE outside" >/dev/null

run "$MARTLET" pipeline plan --select +mart.summary
expect_out "public.raw_events" "+name selects upstream nodes"
expect_out "stg.doubled                      ephemeral         inline" "plan shows where an ephemeral model goes"
expect_no_out "mart.appended                    incremental" "+name leaves out what is not upstream"
run "$MARTLET" pipeline plan --select raw_events+
expect_out "mart.appended" "name+ selects downstream nodes"
run "$MARTLET" pipeline plan --select tag:reports
expect_out "mart.summary" "tag: selects tagged nodes"
expect_no_out "mart.events " "tag: leaves out untagged nodes"
run "$MARTLET" pipeline plan --select tag:report
expect_rc 1 "an unknown tag is an error"
expect_err 'no model is tagged "report" (did you mean "tag:reports"?)' "an unknown tag gets a did-you-mean"
run "$MARTLET" pipeline run --select mart.evnts
expect_rc 1 "an unknown model in --select is an error"
expect_err 'no model, seed or source is named "mart.evnts" (did you mean "mart.events"?)' "an unknown model gets a did-you-mean"

# a failed model keeps its previous table and skips what reads it; the others go on
cp models/mart/events.sql events.sql.good
cat >models/mart/events.sql <<'EOF'
SELECT id, kind,
       amount2 / 0 AS amount
FROM stg.doubled
EOF
run "$MARTLET" pipeline run
expect_rc 1 "a run with a failed model exits 1"
expect_out "error    incremental       mart.events" "the failed model is reported"
expect_out "ERROR: models/mart/events.sql:" "the error names the model's file"
expect_out "skipped  view              mart.summary" "the failed model's descendants are skipped"
expect_out "success  incremental       mart.appended" "models that do not read the failed one still run"
expect_out "2 succeeded, 1 failed, 1 skipped" "the summary counts failures and skips"
expect_sql db "SELECT count(*) FROM mart.events" "count
3" "a failed model leaves the previous table in place"
expect_sql db "SELECT status, count(*) FROM martlet_run_models WHERE run_id = (SELECT max(run_id) FROM martlet_runs) AND kind <> 'test' GROUP BY status ORDER BY status" \
  "status,count
error,1
skipped,1
success,2" "martlet_run_models records the failure and the skip"
expect_sql db "SELECT status FROM martlet_runs WHERE run_id = (SELECT max(run_id) FROM martlet_runs)" "status
error" "martlet_runs records the failed run"

# a SQL error names model, file, line and column, with a caret
cat >models/mart/events.sql <<'EOF'
SELECT id, kind,
       amout AS amount
FROM stg.doubled
EOF
run "$MARTLET" pipeline run --select mart.events
expect_rc 1 "a model with an unknown column fails"
expect_out 'ERROR: models/mart/events.sql:2:8: column "amout" does not exist (did you mean "amount2"?)' \
  "a binding error names file, line and column"
expect_out "LINE 2:        amout AS amount" "the error shows the model's line"
cat >models/mart/events.sql <<'EOF'
SELECT id, kind
  amount FROM FROM stg.doubled
EOF
run "$MARTLET" pipeline run
expect_rc 1 "a model with a syntax error stops the run before it starts"
expect_err "model mart.events: models/mart/events.sql:2:15: syntax error" "a syntax error names model, file, line and column"
cp events.sql.good models/mart/events.sql

# a failing test names the model, the test and failing rows, and exits 1
cat >tests/positive_totals.sql <<'EOF'
SELECT kind, total FROM mart.summary WHERE total > 40
EOF
run "$MARTLET" pipeline test
expect_rc 1 "a failing data test exits 1"
expect_out "test    fail     singular          mart.summary                     positive_totals: 2 failing rows" \
  "a failing test names the model and the test"
expect_out "failing rows: kind | total" "a failing test shows the columns of its sample"
expect_out "          c | 50" "a failing test shows failing rows"
run "$MARTLET" pipeline test --format json
if jq -e '[.tests[] | select(.status == "fail")] | length == 1' "$WORK/stdout" >/dev/null; then
  pass "pipeline test --format json"
else
  fail "pipeline test --format json"
fi
rm tests/positive_totals.sql

# a missing relation, with a did-you-mean
echo "SELECT * FROM mart.evnts" >models/mart/broken.sql
run "$MARTLET" pipeline run
expect_rc 1 "a model reading a missing relation stops the run"
expect_err 'model mart.broken: models/mart/broken.sql:1:15: relation "mart.evnts" is neither a model, seed or source of this project nor in the database (did you mean "mart.events"?)' \
  "a missing relation is named with a did-you-mean"

# a cycle
echo "SELECT * FROM mart.broken" >models/mart/other.sql
echo "SELECT * FROM mart.other" >models/mart/broken.sql
run "$MARTLET" pipeline run
expect_rc 1 "a cycle stops the run"
expect_err "the models form a cycle: mart.broken -> mart.other -> mart.broken (models/mart/broken.sql, models/mart/other.sql)" \
  "a cycle is named"
rm models/mart/broken.sql models/mart/other.sql

# a model reading its own relation outside incremental_filter
echo "SELECT * FROM mart.selfish" >models/mart/selfish.sql
run "$MARTLET" pipeline run
expect_rc 1 "a model reading itself is refused"
expect_err "a model cannot read its own relation" "the refusal points at incremental_filter"
rm models/mart/selfish.sql

# malformed martlet.toml
cp martlet.toml martlet.toml.good
printf 'name = "p"\n[models.events]\nmaterialized = table\n' >martlet.toml
run "$MARTLET" pipeline run
expect_rc 1 "a malformed martlet.toml stops the run"
expect_err "martlet.toml:3:" "a TOML syntax error names file and line"
printf 'name = "p"\n[models.events]\nmaterialised = "table"\n' >martlet.toml
run "$MARTLET" pipeline run
expect_err 'martlet.toml:3:1: unknown key "materialised" in [models.events] (did you mean "materialized"?)' \
  "a misspelt key gets a did-you-mean"
printf 'name = "p"\n[models.evnts]\nmaterialized = "table"\n' >martlet.toml
run "$MARTLET" pipeline run
expect_err 'names no file under models/ (did you mean "events"?)' "settings for a missing model are refused"
printf 'name = "p"\n[models.events]\ntests = [{ test = "not_nul", column = "id" }]\n' >martlet.toml
run "$MARTLET" pipeline run
expect_err 'unknown test "not_nul" (did you mean "not_null"?)' "an unknown test kind gets a did-you-mean"
cp martlet.toml.good martlet.toml
printf -- '-- materialised: view\nSELECT 1 AS one\n' >models/typo.sql
run "$MARTLET" pipeline run
expect_err 'models/typo.sql:1:1: unknown model setting "materialised" (did you mean "materialized"?)' \
  "a misspelt setting in a comment block gets a did-you-mean"
rm models/typo.sql
cd "$WORK" || exit 1

# ---------------------------------------------------------------------------------------
# every kind of generic test, failing; hooks; many models at once; schemas

mkdir -p t/models/wide t/seeds/ref
cd t || exit 1
cat >martlet.toml <<'EOF'
name = "t"
database = "db"
default_schema = "core"

[models.facts]
schema = "mart"
pre_sql = ["CREATE TABLE IF NOT EXISTS mart.hook_log (event VARCHAR(20))", "INSERT INTO mart.hook_log VALUES ('pre')"]
post_sql = "INSERT INTO mart.hook_log VALUES ('post')"
tests = [
  { test = "not_null", column = "colour" },
  { test = "unique", column = "id" },
  { test = "accepted_values", column = "colour", values = ["red", "green"] },
  { test = "relationships", column = "colour", to = "ref.colours", field = "name" },
  { test = "row_count", max = 2 },
  { test = "freshness", column = "seen_at", max_age = "1 day" },
  { test = "row_count", min = 1, max = 10 },
  { test = "freshness", column = "seen_at", max_age = "100000 days" },
]
EOF
printf 'name\nred\ngreen\n' >seeds/ref/colours.csv
cat >models/facts.sql <<'EOF'
SELECT * FROM (VALUES (1, 'red', TIMESTAMP '2020-01-01 00:00:00'), (1, 'blue', TIMESTAMP '2020-01-02 00:00:00'),
                      (2, NULL, TIMESTAMP '2020-01-03 00:00:00')) AS v (id, colour, seen_at)
EOF
for i in $(seq 1 12); do
  echo "SELECT $i AS n, count(*) AS facts FROM core.facts_view" >"models/wide/m$i.sql"
done
printf -- '-- materialized: view\nSELECT * FROM mart.facts\n' >models/facts_view.sql
run "$MARTLET" pipeline run --threads 4
expect_rc 1 "a run whose tests fail exits 1"
expect_out "Run 1 of t: 15 succeeded, 0 failed, 0 skipped; tests: 2 passed, 6 failed" "twelve models built at once all succeed"
expect_out "test    fail     not_null          mart.facts                       not_null(colour): 1 failing row" "not_null fails on a null"
expect_out "test    fail     unique            mart.facts                       unique(id): 1 failing row" "unique fails on a duplicate"
expect_out "          1 | 2" "unique shows the duplicate and its count"
expect_out "accepted_values(colour): 1 failing row" "accepted_values fails on another value"
expect_out "relationships(colour -> ref.colours): 1 failing row" "relationships fails on a value with no parent"
expect_out "row_count(max 2): 1 failing row" "row_count fails above max"
expect_out "test    fail     freshness         mart.facts                       freshness(seen_at, 1 day): 1 failing row" "freshness fails on old data"
expect_out "test    pass     row_count         mart.facts                       row_count(min 1, max 10)" "row_count passes within bounds"
expect_out "test    pass     freshness         mart.facts                       freshness(seen_at, 100000 days)" "freshness passes on recent enough data"
expect_sql db "SELECT event FROM mart.hook_log" "event
pre
post" "pre_sql runs before the model and post_sql after it"
expect_sql db "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'wide'" "count
12" "a model goes to the schema its folder names"
expect_sql db "SELECT count(*) FROM ref.colours" "count
2" "a seed in seeds/<schema>/ goes to that schema"
expect_sql db "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%martlet_new'" "count
0" "no staging table is left behind"
cd "$WORK" || exit 1

# ---------------------------------------------------------------------------------------
# file sources: a directory, a single file, a bad row (nothing loaded, no bookmark), empty seed fields

mkdir -p s/drops s/seeds
cd s || exit 1
cat >martlet.toml <<'EOF'
name = "s"
database = "db"

[sources.drops]
dir = "drops"
table = "raw.drops"
columns = ["id INTEGER NOT NULL", "label VARCHAR(10)"]
copy_options = "IGNOREHEADER 1"

[sources.single]
path = "one.txt"
format = "text"
copy_options = "DELIMITER '|'"
table = "raw.single"
columns = ["a INTEGER", "b VARCHAR(5)"]
EOF
printf 'id,label\n1,one\n' >drops/a.csv
printf '7|x\n8|y\n' >one.txt
printf 'id,amount,note\n1,,hello\n2,3,\n' >seeds/gaps.csv
run "$MARTLET" pipeline run
expect_rc 0 "sources from a directory and from one file load"
expect_sql db "SELECT (SELECT count(*) FROM raw.drops) AS drops, (SELECT count(*) FROM raw.single) AS single" "drops,single
1,2" "a directory source and a single-file source load their rows"
expect_sql db "SELECT id, amount IS NULL AS no_amount FROM public.gaps ORDER BY id" "id,no_amount
1,t
2,f" "an empty seed field is NULL"
printf 'id,label\n2,two\nx,bad\n' >drops/b.csv
run "$MARTLET" pipeline run --select drops
expect_rc 1 "a source file with a bad row fails the source"
expect_out "ERROR: source drops: " "the error names the source"
expect_out "b.csv" "the error names the file"
expect_sql db "SELECT count(*) FROM raw.drops" "count
1" "a failed load loads nothing"
expect_sql db "SELECT count(*) FROM martlet_bookmarks WHERE source = 'drops'" "count
1" "a failed load records no bookmark"
printf 'id,label\n2,two\n3,three\n' >drops/b.csv
run "$MARTLET" pipeline run --select drops
expect_rc 0 "after the file is fixed the source loads"
expect_out "load 1 new file (1 loaded before)" "the fixed file is the only new one"
expect_sql db "SELECT count(*) FROM raw.drops" "count
3" "the fixed file's rows are loaded"
rm -rf drops
run "$MARTLET" pipeline run --select drops
expect_rc 1 "a source whose folder is gone fails"
expect_out "source path drops: no such file or directory" "the error says the path is gone"
cd "$WORK" || exit 1

# ---------------------------------------------------------------------------------------
# snapshots: versions by timestamp, and their settings checked

mkdir -p sn/snapshots sn/seeds
cd sn || exit 1
printf 'name = "sn"\ndatabase = "db"\n' >martlet.toml
printf 'id,name,updated_at\n1,Tea,2026-01-01 00:00:00\n2,Cake,2026-01-01 00:00:00\n' >seeds/products.csv
cat >snapshots/dim_product.sql <<'EOF'
-- unique_key: id
-- strategy: timestamp
-- updated_at: updated_at
SELECT id, name, updated_at FROM products
EOF
run "$MARTLET" pipeline run
expect_rc 0 "a snapshot's first run"
expect_out "create snapshot" "a snapshot's first run creates it"
printf 'id,name,updated_at\n1,Green tea,2026-01-05 00:00:00\n2,Cake,2026-01-01 00:00:00\n3,Pie,2026-01-05 00:00:00\n' >seeds/products.csv
run "$MARTLET" pipeline run
expect_out "snapshot: 2 new versions, 1 closed" "a snapshot adds versions for changed and new rows"
expect_sql db "SELECT id, name, valid_from, valid_to, is_current FROM public.dim_product ORDER BY id, valid_from" \
  "id,name,valid_from,valid_to,is_current
1,Tea,2026-01-01 00:00:00,2026-01-05 00:00:00,f
1,Green tea,2026-01-05 00:00:00,,t
2,Cake,2026-01-01 00:00:00,,t
3,Pie,2026-01-05 00:00:00,,t" "timestamp strategy: valid_from and valid_to come from updated_at"
run "$MARTLET" pipeline run
expect_out "snapshot: 0 new versions, 0 closed" "an unchanged source adds no version"
printf -- '-- strategy: timestamp\n-- updated_at: updated_at\nSELECT 1 AS id, TIMESTAMP %s AS updated_at\n' "'2026-01-01 00:00:00'" >snapshots/dim_product.sql
run "$MARTLET" pipeline run
expect_rc 1 "a snapshot without unique_key is refused"
expect_err "snapshots/dim_product.sql: a snapshot needs unique_key" "the refusal names the missing setting"
printf -- '-- unique_key: id\n-- strategy: checks\nSELECT 1 AS id\n' >snapshots/dim_product.sql
run "$MARTLET" pipeline run
expect_err 'snapshots/dim_product.sql:2:1: strategy must be timestamp or check, not "checks"' "a bad strategy is refused"
rm snapshots/dim_product.sql
mkdir -p models
printf -- '-- strategy: check\nSELECT 1 AS id\n' >models/model_with_strategy.sql
run "$MARTLET" pipeline run
expect_err "models/model_with_strategy.sql: strategy, updated_at, check_cols, surrogate_key and invalidate_hard_deletes apply to snapshots only" \
  "snapshot settings on a model are refused"
cd "$WORK" || exit 1

# ---------------------------------------------------------------------------------------
# the tutorial of docs/pipelines.md

PAGE="$ROOT/docs/pipelines.md"
STEPS="$WORK/steps"
mkdir -p "$STEPS" "$WORK/tutorial"
awk -v out="$STEPS" '
  function name(ext) { return sprintf("%s/%04d.%s", out, n, ext) }
  state == "" && /^```sh[ \t]*$/ { n++; state = "sh"; print NR > name("line"); printf "" > name("sh"); next }
  state == "sh" && /^```[ \t]*$/ { state = "want_text"; next }
  state == "sh" { print > name("sh"); next }
  state == "want_text" && /^[ \t]*$/ { next }
  state == "want_text" && /^```text[ \t]*$/ { state = "text"; printf "" > name("expected"); next }
  state == "want_text" { state = "" }
  state == "text" && /^```[ \t]*$/ { state = ""; next }
  state == "text" { print > name("expected"); next }
' "$PAGE"
mkdir -p "$WORK/bin"
ln -sf "$MARTLET" "$WORK/bin/martlet"
steps=0
echo "$WORK/tutorial" >"$WORK/cwd"
for step in "$STEPS"/*.sh; do
  [[ -e "$step" ]] || break
  steps=$((steps + 1))
  line=$(cat "${step%.sh}.line")
  # The steps are one terminal session: each starts in the folder the one before ended in.
  (cd "$(cat "$WORK/cwd")" && PATH="$WORK/bin:$PATH" bash -o pipefail -c 'source "$1"; status=$?; pwd >"$2"; exit $status' \
    step "$step" "$WORK/cwd") >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
  RC=$?
  if [[ -e "${step%.sh}.expected" ]]; then
    actual=$(cat "$WORK/stdout" "$WORK/stderr" | sed -E 's/[0-9]+\.[0-9]{2} s/X.XX s/g')
    if difference=$(diff <(cat "${step%.sh}.expected") <(printf '%s\n' "$actual")); then
      pass "docs/pipelines.md:$line prints what the page shows"
    else
      fail "docs/pipelines.md:$line prints what the page shows" "(< page, > actual)"$'\n'"$difference"
    fi
  elif [[ $RC -eq 0 ]]; then
    pass "docs/pipelines.md:$line runs"
  else
    fail "docs/pipelines.md:$line runs"
  fi
done
if [[ $steps -ge 5 ]]; then pass "the tutorial has its steps ($steps)"; else fail "the tutorial has its steps ($steps)"; fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
