#!/usr/bin/env bash
# Pipeline sources beyond local files, end to end: s3:// prefixes against moto_server and
# PostgreSQL tables and queries against a private PostgreSQL 15, both started here on
# 127.0.0.1 and always stopped. Checks the bookmarks (only new or changed objects are loaded
# again; the high-water mark of an incremental column), --full-refresh, plan, the TOML keys
# (endpoint, profile, format = "json", postgres_env) and the errors: a missing bucket, an
# unknown profile, an unreachable server, an unset postgres_env, conflicting keys.
#
#   tests/integration/pipeline_sources_test.sh build/dev/martlet
#
# Every check prints PASS or FAIL; the last line is "N passed, N failed".
set -uo pipefail  # no -e: a failed check is counted and reported, and the rest still run
source "$(dirname "$(realpath "$0")")/lib/checks.sh"  # run, pass, fail and the expect_* checks

MARTLET=$(realpath "${1:?usage: pipeline_sources_test.sh PATH/TO/martlet}")
HERE=$(dirname "$(realpath "$0")")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-pipeline-sources-test.XXXXXX")
source "$HERE/services/moto.sh"
source "$HERE/services/postgres.sh"
trap 'moto_stop; martlet_pg_stop; rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM  # so that the EXIT trap stops the servers on a timeout too
unset MARTLET_DB
export HOME="$WORK/home"  # no ~/.aws of the user's
mkdir -p "$HOME"
cd "$WORK" || exit 1

# =======================================================================================
# s3:// sources
# =======================================================================================

if ! moto_start; then
  echo "FAIL: moto_server did not start"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
ENDPOINT=$AWS_ENDPOINT_URL
moto_create_bucket drops || { echo "FAIL: could not create the bucket"; exit 1; }
# moto refuses an unsigned PUT over an existing key: replacing an object goes through boto3
# (which moto depends on), signed with moto's test credentials.
replace_object() {  # replace_object BUCKET KEY FILE
  python3 - "$@" <<'PY'
import sys, boto3
bucket, key, path = sys.argv[1:4]
s3 = boto3.client("s3")
with open(path, "rb") as f:
    s3.put_object(Bucket=bucket, Key=key, Body=f.read())
PY
}
size_of() { stat -c %s "$1"; }

# The pipeline names its store and credentials in the TOML: the runs below see neither
# AWS_ENDPOINT_URL nor AWS_* keys, only the profile "drops" in ~/.aws/credentials.
mkdir -p "$HOME/.aws"
printf '[drops]\naws_access_key_id = drops-key\naws_secret_access_key = drops-secret\n' >"$HOME/.aws/credentials"
s3_run() {
  run env -u AWS_ENDPOINT_URL -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_REGION "$MARTLET" "$@"
}

mkdir -p lake/models
cat >lake/martlet.toml <<EOF
name = "lake"
database = "warehouse"

[sources.orders]
path = "s3://drops/orders/"
table = "raw.orders"
columns = ["order_id BIGINT", "amount DECIMAL(10,2)"]
copy_options = "IGNOREHEADER 1"
endpoint = "$ENDPOINT"
region = "us-east-1"
profile = "drops"

[sources.csv_only]
path = "s3://drops/orders/*.csv"
table = "raw.csv_only"
columns = ["order_id BIGINT", "amount DECIMAL(10,2)"]
copy_options = "IGNOREHEADER 1"
endpoint = "$ENDPOINT"
profile = "drops"

[sources.events]
path = "s3://drops/events/2026-"
format = "json"
copy_options = "TIMEFORMAT 'auto'"
table = "raw.events"
columns = ["event_id BIGINT", "kind VARCHAR(20)", "at TIMESTAMP"]
endpoint = "$ENDPOINT"
profile = "drops"
EOF
cat >lake/models/order_total.sql <<'EOF'
SELECT count(*) AS orders, sum(amount) AS amount FROM raw.orders
EOF

printf 'order_id,amount\n1,10.00\n2,20.00\n' >day1.csv
# A key that the first one is a prefix of: each object is loaded once, by its exact key.
printf 'order_id,amount\n3,30.00\n' >day1-fix.csv
printf '{"event_id": 1, "kind": "click", "at": "2026-03-01 08:00:00"}\n{"event_id": 2, "kind": "view", "at": "2026-03-01 09:00:00"}\n' >events1.json
printf '{"event_id": 9, "kind": "old", "at": "2025-12-31 23:00:00"}\n' >events-old.json
moto_put drops orders/2026-03-01.csv day1.csv &&
  moto_put drops orders/2026-03-01.csv.fix day1-fix.csv &&
  moto_put drops events/2026-03-01.json events1.json &&
  moto_put drops events/2025-12-31.json events-old.json &&
  moto_put drops orders/ /dev/null &&
  pass "objects uploaded to moto" || fail "objects uploaded to moto"

s3_run pipeline plan --project lake
expect_rc 0 "plan lists the objects under a prefix"
expect_out "load 2 new objects" "plan counts the new objects (the empty folder object is not one)"

s3_run pipeline run --project lake --threads 1
expect_rc 0 "the first run loads from s3://"
expect_out "raw.orders                       load 2 new objects" "the first run loads both objects"
expect_out "raw.events                       load 1 new object" "a prefix that ends inside a name selects the keys that start with it"
expect_sql lake/warehouse "SELECT order_id, amount FROM raw.orders ORDER BY 1" "order_id,amount
1,10.00
2,20.00
3,30.00" "each object's rows are loaded once"
expect_sql lake/warehouse "SELECT order_id FROM raw.csv_only ORDER BY 1" "order_id
1
2" "a glob in the last part selects the keys it matches"
expect_sql lake/warehouse "SELECT event_id, kind, at FROM raw.events ORDER BY 1" "event_id,kind,at
1,click,2026-03-01 08:00:00
2,view,2026-03-01 09:00:00" "format = \"json\" loads JSON objects (with copy_options)"
expect_sql lake/warehouse "SELECT source, file, size, etag IS NOT NULL AS has_etag FROM martlet_bookmarks WHERE source <> 'csv_only' ORDER BY file" "source,file,size,has_etag
events,s3://drops/events/2026-03-01.json,$(size_of events1.json),t
orders,s3://drops/orders/2026-03-01.csv,$(size_of day1.csv),t
orders,s3://drops/orders/2026-03-01.csv.fix,$(size_of day1-fix.csv),t" "the bookmarks hold each object's key, size and ETag"
if [[ ! -e lake/.martlet/orders.manifest.json ]]; then pass "the load's manifest is removed"; else fail "the load's manifest is removed"; fi

printf 'order_id,amount\n4,40.00\n' >day2.csv
moto_put drops orders/2026-03-02.csv day2.csv
s3_run pipeline run --project lake  # four nodes at once: the sources load in parallel
expect_rc 0 "the second run succeeds"
expect_out "load 1 new object (2 loaded before)" "the second run loads only the new object"
expect_out "load 0 new objects (1 loaded before)" "a source without new objects loads nothing"
expect_sql lake/warehouse "SELECT orders, amount FROM public.order_total" "orders,amount
4,100.00" "the model sees the new rows"

# The same bytes uploaded again: a new modification time, the same ETag: not loaded again.
sleep 1
replace_object drops orders/2026-03-01.csv day1.csv || fail "day1.csv uploaded again"
# New bytes under a loaded key: a new ETag, so loaded again, as Glue's bookmarks reprocess
# a modified object; the rows loaded from it before stay.
printf 'order_id,amount\n5,50.00\n6,60.00\n' >day2-v2.csv
replace_object drops orders/2026-03-02.csv day2-v2.csv || fail "day2.csv replaced"
s3_run pipeline plan --project lake
expect_out "load 1 new object " "plan sees the replaced object only"
s3_run pipeline run --project lake --threads 1
expect_rc 0 "a run after objects were replaced"
expect_out "load 1 new object (2 loaded before)" "an object with a new ETag is loaded again, the same bytes are not"
expect_sql lake/warehouse "SELECT order_id FROM raw.orders ORDER BY 1" "order_id
1
2
3
4
5
6" "the replaced object's new rows are added, the old ones stay"
expect_sql lake/warehouse "SELECT count(*) FROM martlet_bookmarks WHERE source = 'orders'" "count
3" "a reloaded object keeps one bookmark"

s3_run pipeline run --project lake --threads 1 --full-refresh
expect_rc 0 "--full-refresh on s3:// sources"
expect_out "reload 3 objects (full refresh)" "--full-refresh reloads every object"
expect_sql lake/warehouse "SELECT order_id FROM raw.orders ORDER BY 1" "order_id
1
2
3
5
6" "--full-refresh holds exactly what the bucket holds now"

# Bad paths: a missing bucket, an unknown profile, S3 keys on a local source.
sed -i 's|^path = "s3://drops/orders/"$|path = "s3://no-such-bucket/orders/"|' lake/martlet.toml
s3_run pipeline run --project lake --threads 1
expect_rc 1 "a missing bucket fails the run"
expect_out "source orders: s3://no-such-bucket/orders/: no such bucket (404 NoSuchBucket)" "the error names the source and the bucket"
expect_out "success  source            raw.events" "the other source still loads"
s3_run pipeline plan --project lake
expect_rc 1 "plan fails on a missing bucket"
expect_err "source orders: s3://no-such-bucket/orders/: no such bucket" "plan names the source"
sed -i 's|^path = "s3://no-such-bucket/orders/"$|path = "s3://drops/orders/"|; 0,/profile = "drops"/s//profile = "nobody"/' lake/martlet.toml
s3_run pipeline run --project lake --threads 1 --select raw.orders
expect_rc 1 "an unknown profile fails the run"
expect_out 'source orders: ' "the profile error names the source"
expect_out "no S3 credentials in profile \"nobody\": add it to $HOME/.aws/credentials" "the profile error names the profile and the file"

mkdir -p local/data
printf 'a\n1\n' >local/data/a.csv
cat >local/martlet.toml <<'EOF'
[sources.a]
path = "data/*.csv"
table = "raw.a"
columns = ["a INTEGER"]
profile = "drops"
EOF
run "$MARTLET" pipeline plan --project local
expect_rc 1 "S3 keys on a local source are refused"
expect_err "martlet.toml:5:11: profile applies to s3:// sources only" "the error names the key and its line"

# A local JSON source, with extra COPY options, in a database whose martlet_bookmarks was
# made before the table had the etag and high_water columns.
cat >local/martlet.toml <<'EOF'
database = "db"
[sources.a]
path = "data/*.json"
format = "json"
copy_options = "MAXERROR 1"
table = "raw.a"
columns = ["a INTEGER"]
EOF
rm local/data/a.csv
"$MARTLET" sql --db local/db -c "CREATE TABLE martlet_bookmarks (pipeline VARCHAR(256) NOT NULL, source VARCHAR(256) NOT NULL, file VARCHAR(65535) NOT NULL, size BIGINT, mtime_ns BIGINT, run_id BIGINT, loaded_at TIMESTAMP)" >/dev/null
printf '{"a": 1}\n{"a": "x"}\n{"a": 3}\n' >local/data/a.json
run "$MARTLET" pipeline run --project local
expect_rc 0 "a local JSON source with MAXERROR"
expect_sql local/db "SELECT a FROM raw.a ORDER BY 1" "a
1
3" "format = \"json\" and copy_options apply to local files"
expect_sql local/db "SELECT count(*) AS n, count(etag) AS etags FROM martlet_bookmarks" "n,etags
1,0" "an older bookmarks table gains the new columns"

moto_stop

# =======================================================================================
# PostgreSQL sources
# =======================================================================================

if ! martlet_pg_start; then
  echo "FAIL: could not start PostgreSQL"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
martlet_pg_psql -c "CREATE DATABASE shop" >/dev/null
martlet_pg_psql -d shop <<'EOF' >/dev/null
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, city varchar(20),
                        updated_at timestamp NOT NULL);
INSERT INTO customers VALUES (1, 'Ada', 'London', '2026-03-01 10:00:00'),
                             (2, 'Grace', 'New York', '2026-03-01 11:00:00'),
                             (3, 'Alan', 'Wilmslow', '2026-03-01 12:00:00');
CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id integer, amount numeric(10,2));
INSERT INTO orders VALUES (100, 1, 10.50), (101, 2, 0), (102, 3, 7.25);
CREATE TABLE regions (code text, name text);
INSERT INTO regions VALUES ('EU', 'Europe'), ('NA', 'North America');
EOF

mkdir -p ops/models
cat >ops/martlet.toml <<'EOF'
name = "ops"
database = "warehouse"

[sources.customers]
postgres_env = "SHOP_DB"
source_table = "public.customers"
table = "raw.customers"
incremental_column = "updated_at"
unique_key = "id"

[sources.orders]
postgres = "dbname=shop"
query = "SELECT order_id, customer_id, amount FROM orders WHERE amount > 0;"
table = "raw.orders"
incremental_column = "order_id"

[sources.regions]
postgres = "dbname=shop"
source_table = "regions"
table = "raw.regions"
EOF
cat >ops/models/customer_sales.sql <<'EOF'
SELECT c.name, sum(o.amount) AS amount
FROM raw.customers AS c JOIN raw.orders AS o ON o.customer_id = c.id
GROUP BY c.name
EOF
export SHOP_DB="dbname=shop"

run "$MARTLET" pipeline plan --project ops
expect_rc 0 "plan on PostgreSQL sources"
expect_out "raw.customers                    source            create table from PostgreSQL" "plan says the first run creates the table"

run "$MARTLET" pipeline run --project ops --threads 1
expect_rc 0 "the first run loads from PostgreSQL"
expect_line "raw.customers +create table from PostgreSQL +3 rows" "the first run loads every row"
expect_sql ops/warehouse "SELECT * FROM raw.customers ORDER BY id" "id,name,city,updated_at
1,Ada,London,2026-03-01 10:00:00
2,Grace,New York,2026-03-01 11:00:00
3,Alan,Wilmslow,2026-03-01 12:00:00" "a source table is copied whole"
expect_sql ops/warehouse "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'customers' ORDER BY ordinal_position" "column_name,data_type,character_maximum_length
id,integer,
name,character varying,
city,character varying,20
updated_at,timestamp without time zone," "the table is created from the source's columns"
expect_sql ops/warehouse "SELECT order_id, amount FROM raw.orders ORDER BY 1" "order_id,amount
100,10.50
102,7.25" "a query source loads the query's rows"
expect_sql ops/warehouse "SELECT source, file, high_water FROM martlet_bookmarks ORDER BY source" "source,file,high_water
customers,updated_at,2026-03-01 12:00:00
orders,order_id,102" "the high-water marks are bookmarked"

martlet_pg_psql -d shop <<'EOF' >/dev/null
UPDATE customers SET city = 'Arlington', updated_at = '2026-03-02 09:00:00' WHERE id = 2;
INSERT INTO customers VALUES (4, 'Edsger', 'Austin', '2026-03-02 10:00:00');
UPDATE customers SET city = 'Manchester' WHERE id = 3;  -- updated_at unchanged: not seen
INSERT INTO orders VALUES (103, 4, 99.00), (104, 2, 0);
INSERT INTO regions VALUES ('SA', 'South America');
EOF
run "$MARTLET" pipeline plan --project ops
expect_out "merge rows with updated_at > 2026-03-01 12:00:00 on id" "plan shows the high-water mark"
run "$MARTLET" pipeline run --project ops  # four nodes at once: the sources load in parallel
expect_rc 0 "the second run succeeds"
expect_line "raw.customers +merge rows with updated_at > 2026-03-01 12:00:00 on id +2 rows" "the second run merges only the changed and new rows"
expect_line "raw.orders +append rows with order_id > 102 +1 row " "a query source appends the rows above its mark"
expect_line "raw.regions +reload all rows +3 rows" "a source without incremental_column is reloaded whole"
expect_sql ops/warehouse "SELECT id, city FROM raw.customers ORDER BY id" "id,city
1,London
2,Arlington
3,Wilmslow
4,Austin" "changed rows replace the old ones, new rows are added"
expect_sql ops/warehouse "SELECT order_id FROM raw.orders ORDER BY 1" "order_id
100
102
103" "appended rows follow the query's filter"
expect_sql ops/warehouse "SELECT name, amount FROM public.customer_sales ORDER BY name" "name,amount
Ada,10.50
Alan,7.25
Edsger,99.00" "models read the loaded rows"

run "$MARTLET" pipeline run --project ops --threads 1 --select raw.customers --select raw.orders
expect_rc 0 "a run with nothing new"
expect_line "merge rows with updated_at > 2026-03-02 10:00:00 on id +0 rows" "nothing above the mark, nothing loaded"
expect_sql ops/warehouse "SELECT count(*) FROM raw.customers" "count
4" "no row is loaded twice"

martlet_pg_psql -d shop -c "ALTER TABLE customers ADD COLUMN tier integer" >/dev/null
run "$MARTLET" pipeline run --project ops --threads 1 --select raw.customers
expect_rc 1 "a new source column fails an incremental load"
expect_out 'source customers: PostgreSQL returns column "tier", which raw.customers lacks; run with --full-refresh to rebuild it' \
  "the error names the new column and the way out"

run "$MARTLET" pipeline run --project ops --threads 1 --full-refresh
expect_rc 0 "--full-refresh on PostgreSQL sources"
expect_line "raw.customers +reload all rows \\(full refresh\\) +4 rows" "--full-refresh reloads every row"
expect_sql ops/warehouse "SELECT id, city FROM raw.customers ORDER BY id" "id,city
1,London
2,Arlington
3,Manchester
4,Austin" "--full-refresh sees the change the mark missed"

# Bad paths.
unset SHOP_DB
run "$MARTLET" pipeline run --project ops --threads 1 --select raw.customers
expect_rc 1 "an unset postgres_env fails the source"
expect_out "source customers: postgres_env names SHOP_DB, which is not set" "the error names the variable"
export SHOP_DB="host=127.0.0.1 port=$(martlet_pg_free_port) dbname=shop connect_timeout=5"
run "$MARTLET" pipeline run --project ops --threads 1 --select raw.customers
expect_rc 1 "an unreachable server fails the source"
expect_out "error    source            raw.customers" "the source's line says error"
expect_out "source customers: " "the error names the source"
expect_sql ops/warehouse "SELECT count(*) FROM raw.customers" "count
4" "a failed load leaves the table as it was"
expect_sql ops/warehouse "SELECT high_water FROM martlet_bookmarks WHERE source = 'customers'" "high_water
2026-03-02 10:00:00" "a failed load leaves the mark as it was"
export SHOP_DB="dbname=shop"
cat >>ops/martlet.toml <<'EOF'

[sources.broken]
postgres = "dbname=shop"
source_table = "customers"
query = "SELECT 1"
table = "raw.broken"
EOF
run "$MARTLET" pipeline plan --project ops
expect_rc 1 "source_table and query together are refused"
expect_err "[sources.broken] needs exactly one of source_table" "the error says which keys conflict"
sed -i 's/^query = "SELECT 1"$/format = "csv"/' ops/martlet.toml
run "$MARTLET" pipeline plan --project ops
expect_rc 1 "file keys on a PostgreSQL source are refused"
expect_err "format applies to file sources, not to a PostgreSQL source" "the error names the key"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
