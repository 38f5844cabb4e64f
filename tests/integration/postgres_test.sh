#!/usr/bin/env bash
# Extracting from PostgreSQL, end to end, against a private PostgreSQL 15 server that this
# script starts on 127.0.0.1 (tests/integration/services/postgres.sh) and always stops:
# postgres_query in SELECT, INSERT ... SELECT and CREATE TABLE AS; COPY t FROM
# 'postgresql://...'; every mapped type compared value by value with what PostgreSQL prints;
# and the bad paths (unreachable server, bad password, SQL errors, unmappable types, values
# out of range, errors in the middle of a result), each of which must load nothing.
#
#   tests/integration/postgres_test.sh build/dev/martlet
#
# Every check prints PASS or FAIL; the last line is "N passed, N failed".
set -uo pipefail  # no -e: a failed check is counted and reported, and the rest still run
source "$(dirname "$(realpath "$0")")/lib/checks.sh"  # run, pass, fail and the expect_* checks

MARTLET=$(realpath "${1:?usage: postgres_test.sh PATH/TO/martlet}")
HERE=$(dirname "$(realpath "$0")")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-postgres-test.XXXXXX")
source "$HERE/services/postgres.sh"
trap 'martlet_pg_stop; rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM  # so that the EXIT trap stops the server on a timeout too
if ! martlet_pg_start; then
  echo "FAIL: could not start PostgreSQL"
  exit 1
fi
cd "$WORK" || exit 1
DB="$WORK/db"

# sql SQL: runs it with martlet (CSV output); keeps stdout, stderr and the exit code.
sql() {
  "$MARTLET" sql --db "$DB" --format csv -c "$1" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
  RC=$?
}
expect_ok() {  # expect_ok WHAT
  if [[ $RC -eq 0 && ! -s "$WORK/stderr" ]]; then pass "$1"; else fail "$1" "expected success"; fi
}
expect_stdout() {  # expect_stdout EXPECTED WHAT -- exact
  local difference
  if [[ $RC -eq 0 ]] && difference=$(diff <(printf '%s\n' "$1") "$WORK/stdout"); then
    pass "$2"
  else
    fail "$2" "stdout differs (< expected, > actual):"$'\n'"${difference:-}"
  fi
}
expect_error() {  # expect_error SUBSTRING WHAT: fails, and says SUBSTRING
  if [[ $RC -ne 0 ]] && grep -qF -- "$1" "$WORK/stderr"; then
    pass "$2"
  else
    fail "$2" "expected an error saying: $1"
  fi
}

martlet_pg_psql -c "CREATE DATABASE shop" >/dev/null

# --- Every mapped type, 3,003 rows: values at the edges of each type's range and NULLs. ---
martlet_pg_psql -d shop <<'SQL'
CREATE TABLE everything (
  id int PRIMARY KEY, small int2, medium int4, large int8, price numeric(12,2), wide numeric(38,10),
  rounded numeric(5,-2), free numeric, single real, double float8, flag bool, note text, code varchar(5),
  letter char(3), day date, moment timestamp, instant timestamptz, span interval, ident uuid, doc jsonb);
INSERT INTO everything
SELECT g, (g * 21 % 65536 - 32768)::int2, (g::int8 * 1431655 % 4294967296 - 2147483648)::int4,
       (g::numeric * 6148914691236517 % 18446744073709551616 - 9223372036854775808)::int8,
       (g::int8 * 12345671 % 10000000000)::numeric / 100 - 50000000, g::numeric * 1234567890123456789 / 1000003 * (1 - 2 * (g % 2)),
       g * 123, g / 7.0, g / 3.0::real, g / 9.0::float8 * 1e10 * (1 - 2 * (g % 2)), g % 3 = 0,
       repeat('ü€', g % 4) || g || E'\t"x\n', left('abcdefgh', g % 6), chr(65 + g % 26),
       date '0001-01-01' + g * 1000, timestamp '1900-01-01' + g * interval '1 day 1 hour 1.000001 seconds',
       timestamptz '2000-06-01 12:00:00+02' + g * interval '13 hours 7 minutes',
       make_interval(0, g % 13, 0, g % 40, g % 24, g % 60, g / 1000.0) * (1 - 2 * (g % 2)),
       md5(g::text)::uuid, jsonb_build_object('g', g)
FROM generate_series(1, 3000) g;
INSERT INTO everything (id) VALUES (0);
INSERT INTO everything (id, small, medium, large, price, wide, day, moment, instant, single, double)
VALUES (3001, -32768, -2147483648, -9223372036854775808, -9999999999.99, -9999999999999999999999999999.9999999999,
        '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', -3.4e38, -1.7e308),
       (3002, 32767, 2147483647, 9223372036854775807, 9999999999.99, 9999999999999999999999999999.9999999999,
        '294276-12-31', '294247-01-10 04:00:54.775807', '294247-01-10 04:00:54.775807+00', 'NaN', 'Infinity');
SQL
[[ $? -eq 0 ]] || { echo "FAIL: the source table could not be made"; exit 1; }

# PostgreSQL's CSV of the table (UTC, ISO) against Martlet's, row by row; numeric without a
# precision becomes double precision.
psql -X -q -d shop -c "SET TimeZone = 'UTC'" \
  -c "COPY (SELECT id, small, medium, large, price, wide, rounded, free::float8, single, double, flag, note, code,
                   letter, day, moment, instant, span, ident, doc FROM everything ORDER BY id) TO STDOUT (FORMAT csv)" \
  | sed 's/,"",/,,/g' >"$WORK/expected.csv"  # Martlet's CSV prints '' as it prints NULL: checked below
sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT * FROM everything') ORDER BY id"
tail -n +2 "$WORK/stdout" >"$WORK/actual.csv"
if [[ $RC -eq 0 ]] && difference=$(diff "$WORK/expected.csv" "$WORK/actual.csv"); then
  pass "postgres_query: 3,003 rows of every mapped type read as PostgreSQL prints them"
else
  fail "postgres_query: 3,003 rows of every mapped type read as PostgreSQL prints them" "$(printf '%s\n' "${difference:-}" | head -20)"
fi

expected=$(martlet_pg_psql -d shop -F, -c "SELECT sum(CASE WHEN code = '' THEN 1 ELSE 0 END), count(*) - count(code) FROM everything")
sql "SELECT sum(CASE WHEN code = '' THEN 1 ELSE 0 END) AS empty, count(*) - count(code) AS nulls FROM postgres_query('dbname=shop', 'SELECT code FROM everything')"
expect_stdout "empty,nulls
$expected" "postgres_query: empty strings stay empty strings, NULLs stay NULL"

sql "CREATE TABLE copied AS SELECT * FROM postgres_query('dbname=shop', 'SELECT * FROM everything');
     SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
     FROM information_schema.columns WHERE table_name = 'copied' ORDER BY ordinal_position"
expect_stdout "column_name,data_type,character_maximum_length,numeric_precision,numeric_scale
id,integer,,32,0
small,smallint,,16,0
medium,integer,,32,0
large,bigint,,64,0
price,numeric,,12,2
wide,numeric,,38,10
rounded,numeric,,7,0
free,double precision,,53,
single,real,,24,
double,double precision,,53,
flag,boolean,,,
note,character varying,,,
code,character varying,5,,
letter,character,3,,
day,date,,,
moment,timestamp without time zone,,,
instant,timestamp with time zone,,,
span,interval,,,
ident,character varying,,,
doc,character varying,,,"  "CREATE TABLE AS: PostgreSQL types become the documented Martlet types"

sql "SELECT * FROM copied ORDER BY id"
tail -n +2 "$WORK/stdout" >"$WORK/actual.csv"
if [[ $RC -eq 0 ]] && diff -q "$WORK/expected.csv" "$WORK/actual.csv" >/dev/null; then
  pass "CREATE TABLE AS SELECT ... FROM postgres_query: the stored rows equal PostgreSQL's"
else
  fail "CREATE TABLE AS SELECT ... FROM postgres_query: the stored rows equal PostgreSQL's"
fi

expected_sums=$(martlet_pg_psql -d shop -F, -c "SELECT count(*), sum(large), sum(price), sum(wide), count(note), min(day), max(instant AT TIME ZONE 'UTC') FROM everything")
sql "SELECT count(*), sum(large), sum(price), sum(wide), count(note), min(day), max(instant)::timestamp AS max FROM copied"
expect_stdout "count,sum,sum,sum,count,min,max
$expected_sums" "aggregates over the loaded rows equal PostgreSQL's"

# --- INSERT ... SELECT, with a filter, a join and a cast in the remote query. ---
sql "CREATE TABLE orders (id bigint, amount decimal(14,2), label varchar(20));
     INSERT INTO orders SELECT id, price, 'n' || id FROM postgres_query('dbname=shop',
       'SELECT e.id, e.price FROM everything e WHERE e.id % 100 = 7 AND e.flag IS NOT NULL -- a comment');
     SELECT count(*), sum(amount), min(label) FROM orders"
expected=$(martlet_pg_psql -d shop -F, -c "SELECT count(*), sum(price), min('n' || id) FROM everything WHERE id % 100 = 7")
expect_stdout "count,sum,min
$expected" "INSERT INTO ... SELECT FROM postgres_query, assignment casts to the target's types"

sql "SELECT a, b, a + b FROM postgres_query('dbname=shop', 'SELECT 1 AS a, 2 AS a') AS q(a, b)"
expect_stdout "a,b,?column?
1,2,3" "postgres_query: duplicate column names, renamed by an alias list"

# Numerics whose digits straddle PostgreSQL's base-10000 groups, negative scales, scale > precision.
numerics="SELECT 0.00012::numeric(2,5) AS a, (-0.00099)::numeric(2,5) AS b, 1234500::numeric(5,-2) AS c,
  12345.6789::numeric(9,4) AS d, (-0.1)::numeric(9,4) AS e, 99999999999999999999999999999999999999::numeric(38,0) AS f,
  (-0.00000000000000000000000000000000000001)::numeric(38,38) AS g, 10000::numeric(5,0) AS h, 0::numeric(3,2) AS i"
expected=$(martlet_pg_psql -F, -c "$numerics")
sql "SELECT * FROM postgres_query('', \$\$$numerics\$\$)"
expect_stdout "a,b,c,d,e,f,g,h,i
$expected" "postgres_query: numerics at the edges of their scale and precision"

# Only the columns the query reads travel: the server never computes the unread one.
sql "SELECT id FROM postgres_query('dbname=shop', 'SELECT id, 1 / (id - id) AS boom FROM everything WHERE id < 4') ORDER BY id"
expect_stdout "id
0
1
2
3" "postgres_query: the server computes only the columns read"
sql "SELECT boom FROM postgres_query('dbname=shop', 'SELECT id, 1 / (id - id) AS boom FROM everything')"
expect_error "division by zero" "postgres_query: a column that is read is computed"
sql "CREATE VIEW remote AS SELECT * FROM postgres_query('dbname=shop', 'SELECT * FROM everything');
     SELECT count(*), max(code), min(span) FROM remote WHERE flag"
expected=$(martlet_pg_psql -d shop -F, -c "SELECT count(*), max(code), min(span) FROM everything WHERE flag")
expect_stdout "count,max,min
$expected" "a view over postgres_query, a few of its columns read"
sql "SELECT count(*) FROM remote"
expect_stdout "count
3003" "count(*) over postgres_query: rows without columns"

sql "SELECT count(*) FROM postgres_query('dbname=shop', 'SELECT g FROM generate_series(1, 10) g WHERE false')"
expect_stdout "count
0" "postgres_query: a query with no rows"

# --- COPY from a PostgreSQL table: columns matched by name. ---
sql "CREATE TABLE loaded (letter char(3), id int NOT NULL, extra varchar(10) DEFAULT 'none', price decimal(12,2));
     COPY loaded (id, price, letter) FROM 'postgresql:///shop?table=public.everything';
     SELECT count(*), sum(price), min(letter), max(extra) FROM loaded"
expected=$(martlet_pg_psql -d shop -F, -c "SELECT count(*), sum(price), min(letter), 'none' FROM everything")
expect_stdout "count,sum,min,max
$expected" "COPY FROM 'postgresql:///shop?table=public.everything': by column name, defaults for the others"

sql "CREATE TABLE pairs (id int, code varchar(5)); COPY pairs FROM 'postgresql://postgres@127.0.0.1:$PGPORT/shop?table=everything&connect_timeout=5' COMPUPDATE OFF;
     SELECT count(*), count(code) FROM pairs"
expected=$(martlet_pg_psql -d shop -F, -c "SELECT count(*), count(code) FROM everything")
expect_stdout "count,count
$expected" "COPY from a full URI with parameters and no schema"

# All or nothing: the failure comes after several chunks have been appended.
sql "CREATE TABLE short (id int, note varchar(6)); INSERT INTO short VALUES (-1, 'kept');
     COPY short FROM 'postgresql:///shop?table=everything'"
expect_error "Load into table \"short\" failed: PostgreSQL source \"postgresql:///shop\": value too long for type character varying(6)" \
  "COPY: a value too long for its column fails the load, naming the source"
sql "SELECT count(*) FROM short"
expect_stdout "count
1" "COPY: a failed load leaves the table as it was"

martlet_pg_psql -d shop -c "CREATE TABLE late_failure AS SELECT g AS id, CASE WHEN g = 5000 THEN NULL ELSE g END AS v FROM generate_series(1, 6000) g" >/dev/null
sql "CREATE TABLE strict (id int, v int NOT NULL); COPY strict FROM 'postgresql:///shop?table=late_failure'"
expect_error "nothing was loaded" "COPY: a NULL for a NOT NULL column in the third chunk fails the load"
sql "SELECT count(*) FROM strict"
expect_stdout "count
0" "COPY: nothing of the failed load is visible"

# sys_load_history records COPY from PostgreSQL like file loads, failed ones too, with no
# password in the source it keeps.
sql "CREATE TABLE logged (id int); COPY logged FROM 'postgresql://postgres:hunter2@127.0.0.1:$PGPORT/shop?table=everything' COMPUPDATE OFF STATUPDATE OFF;
     SELECT status, table_name, data_source, file_format, loaded_rows, source_file_count, error_count
     FROM sys_load_history WHERE table_name = 'public.logged'"
expect_stdout "status,table_name,data_source,file_format,loaded_rows,source_file_count,error_count
completed,public.logged,postgresql://postgres:********@127.0.0.1:$PGPORT/shop?table=everything,postgresql,3003,1,0" \
  "sys_load_history: a COPY from PostgreSQL, its password masked"
sql "SELECT status, loaded_rows, CASE WHEN error_message LIKE '%value too long for type character varying(6)%' THEN 'says why' END AS why
     FROM sys_load_history WHERE table_name = 'public.short'"
expect_stdout "status,loaded_rows,why
failed,0,says why" \
  "sys_load_history: a failed COPY from PostgreSQL"
if grep -rq hunter2 "$DB/log"; then fail "the load log holds no password"; else pass "the load log holds no password"; fi

sql "CREATE TABLE wrong (id date); COPY wrong FROM 'postgresql:///shop?table=everything'"
expect_error "column \"id\" is of type integer, which cannot be loaded into date" "COPY: a source type that cannot become the column's type"

sql "COPY pairs FROM 'postgresql:///shop?table=no_such_table'"
expect_error "relation \"no_such_table\" does not exist" "COPY: a source table that does not exist"
sql "CREATE TABLE other (id int, missing int); COPY other FROM 'postgresql:///shop?table=everything'"
expect_error "column \"missing\" does not exist" "COPY: a target column the source table lacks"
sql "COPY pairs FROM 'postgresql:///shop'"
expect_error "COPY from PostgreSQL needs the table to read" "COPY: a source without ?table="
sql "COPY pairs FROM 'postgresql:///shop?table=everything' CSV"
expect_error "COPY from PostgreSQL takes no option csv" "COPY: file options are refused"

# --- Bad paths of postgres_query: each fails with a message naming the source. ---
closed_port=$(martlet_pg_free_port)
sql "SELECT * FROM postgres_query('host=127.0.0.1 port=$closed_port dbname=shop password=hunter2', 'SELECT 1')"
expect_error "PostgreSQL source \"host=127.0.0.1 port=$closed_port dbname=shop password=********\": cannot connect" \
  "an unreachable server"
if grep -q hunter2 "$WORK/stderr"; then fail "the password is not echoed (unreachable server)"; else pass "the password is not echoed (unreachable server)"; fi

sql "SELECT * FROM postgres_query('user=secret_user password=''not the pw'' dbname=shop', 'SELECT 1')"
expect_error "password authentication failed for user \"secret_user\"" "bad credentials"
if grep -q "not the pw" "$WORK/stderr"; then fail "the password is not echoed (bad credentials)"; else pass "the password is not echoed (bad credentials)"; fi
sql "CREATE TABLE t_uri AS SELECT * FROM postgres_query('postgresql://secret_user:wrong-pw@127.0.0.1:$PGPORT/shop', 'SELECT 1')"
expect_error "PostgreSQL source \"postgresql://secret_user:********@127.0.0.1:$PGPORT/shop\": cannot connect" "bad credentials in a URI"
sql "SELECT * FROM postgres_query('user=secret_user password=s3cret-pw dbname=shop', 'SELECT current_user')"
expect_stdout "current_user
secret_user" "the right password logs in"

sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT nope FROM everything')"
expect_error "PostgreSQL source \"dbname=shop\": the query failed: column \"nope\" does not exist" "an SQL error in the remote query"
sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT 1; SELECT 2')"
expect_error "the query failed: cannot insert multiple commands into a prepared statement" "two statements in the remote query"
sql "SELECT * FROM postgres_query('dbname=no_such_db', 'SELECT 1')"
expect_error "database \"no_such_db\" does not exist" "a database that does not exist"
sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT 1::numeric(50,2) AS big')"
expect_error "column \"big\" is numeric(50,2), wider than Martlet's DECIMAL(38); cast it in the query" "a type that cannot be mapped"
sql "SELECT * FROM postgres_query('dbname=shop')"
expect_error "postgres_query takes (conninfo, query)" "postgres_query with one argument"
sql "SELECT * FROM postgres_query('dbname=shop', 'CREATE TABLE x (a int)')"
expect_error "the query returns no columns" "a remote statement that returns no rows"

sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT ''infinity''::date AS d')"
expect_error "PostgreSQL source \"dbname=shop\": column \"d\", row 1: date 'infinity' is out of Martlet's range" "a date out of range"
sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT ''4000-01-01 BC''::timestamp AS t')"
expect_error "column \"t\", row 1: timestamp before 0001-01-01 is out of Martlet's range" "a timestamp out of range (before)"
sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT g, ''294247-01-10 04:00:54.775808+00''::timestamptz AS t FROM generate_series(1, 2) g')"
expect_error "column \"t\", row 1: timestamp after 294247-01-10 04:00:54.775807 is out of Martlet's range" "a timestamp out of range (after)"
sql "SELECT * FROM postgres_query('dbname=shop', 'SELECT ''NaN''::numeric(10,2) AS n')"
expect_error "column \"n\", row 1: NaN does not fit type numeric(10,2)" "NaN in a numeric column"

sql "CREATE TABLE target (v int); INSERT INTO target VALUES (1);
     INSERT INTO target SELECT 1 / (g - 5000) FROM postgres_query('dbname=shop', 'SELECT g FROM generate_series(1, 9000) g') AS s(g)"
sql "INSERT INTO target SELECT v FROM postgres_query('dbname=shop', 'SELECT 10 / (g - 5000) AS v FROM generate_series(1, 9000) g')"
expect_error "PostgreSQL source \"dbname=shop\": the query failed after 4999 rows: division by zero" "an error in the middle of the remote result"
sql "SELECT count(*) FROM target"
expect_stdout "count
1" "INSERT ... SELECT: a remote error in the middle loads nothing"
sql "INSERT INTO target SELECT v FROM postgres_query('dbname=shop', 'SELECT 3000000000::int8 AS v')"
expect_error "out of range" "INSERT ... SELECT: a value out of range for the target column"

# --- Streaming: a LIMIT stops reading, and no connection is left behind. ---
martlet_pg_psql -d shop -c "CREATE TABLE huge AS SELECT g AS id, md5(g::text) AS hash FROM generate_series(1, 3000000) g" >/dev/null
start=$(date +%s%N)
sql "SELECT id FROM postgres_query('dbname=shop', 'SELECT id, hash FROM huge') LIMIT 3"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_stdout "id
1
2
3" "LIMIT over postgres_query"
sql "SELECT count(*), count(DISTINCT hash) FROM postgres_query('dbname=shop', 'SELECT id, hash FROM huge')"
expect_stdout "count,count
3000000,3000000" "3,000,000 rows streamed"
sleep 0.5
left=$(martlet_pg_psql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'martlet'")
if [[ "$left" == "0" ]]; then pass "no connection left behind"; else fail "no connection left behind" "$left still open"; fi
echo "(LIMIT 3 over 3,000,000 remote rows took ${elapsed_ms} ms)"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
