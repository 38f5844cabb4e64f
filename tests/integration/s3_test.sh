#!/usr/bin/env bash
# End to end: COPY from and UNLOAD to s3:// against moto_server (started here on 127.0.0.1,
# stopped on exit). Uploads CSV and gzipped CSV files, loads them with the martlet command, and
# checks row counts, the credential options and sources, UNLOAD's objects read back by COPY,
# and the errors for a missing prefix, a missing bucket, missing credentials and a bad row.
#
#   tests/integration/s3_test.sh build/release/martlet
#
# Every check prints PASS or FAIL; the last line is "N passed, N failed".
set -uo pipefail  # no -e: a failed check is counted and reported, and the rest still run
source "$(dirname "$(realpath "$0")")/lib/checks.sh"  # run, pass, fail and the expect_* checks

MARTLET=$(realpath "${1:?usage: s3_test.sh PATH/TO/martlet}")
HERE=$(dirname "$(realpath "$0")")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-s3-test.XXXXXX")
source "$HERE/services/moto.sh"
trap 'moto_stop; rm -rf "$WORK"' EXIT
export MARTLET_DB="$WORK/db"
export HOME="$WORK/home"  # no ~/.aws of the user's
mkdir -p "$HOME"
cd "$WORK" || exit 1

expect_stdout() {  # expect_stdout EXPECTED WHAT -- exact
  local difference
  if [[ $RC -eq 0 ]] && difference=$(diff <(printf '%s' "$1") "$WORK/stdout"); then
    pass "$2"
  else
    fail "$2" "stdout differs (< expected, > actual):"$'\n'"${difference:-}"
  fi
}
expect_error() {  # expect_error MESSAGE WHAT -- exit code 1 and MESSAGE on stderr
  if [[ $RC -eq 1 ]] && grep -qF -- "$1" "$WORK/stderr"; then pass "$2"; else fail "$2" "expected error: $1"; fi
}
count() {  # count TABLE: runs SELECT count(*) and leaves it in stdout
  run "$MARTLET" sql --format csv -c "SELECT count(*) AS n FROM $1"
}

if ! moto_start; then
  echo "FAIL: moto_server did not start"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== uploads"
moto_create_bucket sales || { echo "FAIL: could not create the bucket"; exit 1; }
for month in 01 02 03; do
  : >"sales-$month.csv"
  echo "sale_id,amount,sold_on" >>"sales-$month.csv"
  for ((i = 1; i <= 1000; i++)); do echo "$month$i,$i.50,2024-$month-$(printf '%02d' $((i % 28 + 1)))" >>"sales-$month.csv"; done
done
gzip -k sales-03.csv
moto_put sales 2024/sales-01.csv sales-01.csv &&
  moto_put sales 2024/sales-02.csv sales-02.csv &&
  moto_put sales 2024/sales-03.csv.gz sales-03.csv.gz &&
  moto_put sales 2024-archive/old.csv sales-01.csv &&
  moto_put sales bad/sales.csv <(printf 'sale_id,amount,sold_on\n1,1.00,2024-01-01\ntwo,2.00,2024-01-02\n') &&
  pass "files uploaded to moto" || fail "files uploaded to moto"

run "$MARTLET" sql -c "CREATE TABLE sales (sale_id BIGINT, amount DECIMAL(10,2), sold_on DATE)"

echo "== COPY from a prefix"
run "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024/' CSV IGNOREHEADER 1"
expect_stdout $'COPY 3000\n' "every object under the prefix is loaded, gzip by its extension"
run "$MARTLET" sql --format csv -c "SELECT count(*) AS n, sum(amount) AS total, min(sold_on) AS first FROM sales"
expect_stdout $'n,total,first\n3000,1503000.00,2024-01-01\n' "the loaded rows are the files' rows"

run "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024' CSV IGNOREHEADER 1"
expect_stdout $'COPY 4000\n' "a prefix need not end at a slash (2024-archive/ matches 2024 too)"

echo "== a large object (read as parallel ranges)"
seq 1 1000000 | awk '{ printf "%d,%d.25,2024-02-%02d\n", $1, $1 % 100, $1 % 28 + 1 }' >big.csv
moto_put sales big/big.csv big.csv && pass "a $(($(stat -c %s big.csv) / 1048576)) MiB object uploaded" || fail "big object uploaded"
run "$MARTLET" sql -c "CREATE TABLE big (id BIGINT, amount DECIMAL(10,2), sold_on DATE)"
run "$MARTLET" sql -c "COPY big FROM 's3://sales/big/' CSV"
expect_stdout $'COPY 1000000\n' "every row of a large object"
run "$MARTLET" sql --format csv -c "SELECT count(DISTINCT id) AS ids, max(id) AS last, sum(amount) AS total FROM big"
expect_stdout $'ids,last,total\n1000000,1000000,49750000.00\n' "no range lost or doubled"

echo "== credentials"
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$MARTLET" sql -c \
  "COPY sales FROM 's3://sales/2024/sales-01' CREDENTIALS 'aws_access_key_id=AKID;aws_secret_access_key=SECRET' CSV IGNOREHEADER 1"
expect_stdout $'COPY 1000\n' "CREDENTIALS 'aws_access_key_id=...;aws_secret_access_key=...'"
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_REGION "$MARTLET" sql -c \
  "COPY sales FROM 's3://sales/2024/sales-01' ACCESS_KEY_ID 'AKID' SECRET_ACCESS_KEY 'SECRET' SESSION_TOKEN 'TOKEN' REGION 'us-east-1' CSV IGNOREHEADER 1"
expect_stdout $'COPY 1000\n' "ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN and REGION options"
run "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024/sales-01' IAM_ROLE 'arn:aws:iam::123456789012:role/load' CSV IGNOREHEADER 1"
expect_stdout $'COPY 1000\n' "IAM_ROLE is accepted (and the environment's keys are used)"
printf '[loader]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n' >"$WORK/credentials"
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_PROFILE=loader AWS_SHARED_CREDENTIALS_FILE="$WORK/credentials" \
  "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024/sales-02' CSV IGNOREHEADER 1"
expect_stdout $'COPY 1000\n' "a profile of the shared credentials file (AWS_PROFILE)"
count sales
expect_stdout $'n\n11000\n' "every COPY so far added its rows"

echo "== UNLOAD to s3:// and back"
selected=$("$MARTLET" sql --format csv -c "SELECT count(*) AS n, sum(amount) AS total FROM sales WHERE sale_id <= 500")
rows=$(sed -n 2p <<<"$selected" | cut -d, -f1)
run "$MARTLET" sql -c "UNLOAD ('SELECT * FROM sales WHERE sale_id <= 500') TO 's3://sales/unload/part_' CSV HEADER GZIP MANIFEST PARALLEL OFF"
expect_stdout "UNLOAD $rows"$'\n' "UNLOAD writes to a bucket"
run "$MARTLET" sql --format csv -c "CREATE TABLE sales_back (LIKE sales); COPY sales_back FROM 's3://sales/unload/part_000.gz' CSV IGNOREHEADER 1; SELECT count(*) AS n, sum(amount) AS total FROM sales_back"
expect_stdout "$selected"$'\n' "the unloaded object COPYs back to the same rows"
run "$MARTLET" sql --format csv -c "TRUNCATE sales_back; COPY sales_back FROM 's3://sales/unload/part_manifest' CSV IGNOREHEADER 1 GZIP MANIFEST; SELECT count(*) AS n FROM sales_back"
expect_stdout "n"$'\n'"$rows"$'\n' "UNLOAD's manifest names its objects for COPY ... MANIFEST"
run "$MARTLET" sql -c "UNLOAD ('SELECT * FROM sales') TO 's3://sales/unload/part_' CSV HEADER GZIP PARALLEL OFF"
expect_error "ALLOWOVERWRITE" "UNLOAD refuses to overwrite objects without ALLOWOVERWRITE"
run "$MARTLET" sql -c "UNLOAD ('SELECT sale_id FROM sales ORDER BY sale_id LIMIT 10') TO 's3://sales/unload/part_' CSV PARALLEL OFF CLEANPATH"
expect_stdout $'UNLOAD 10\n' "CLEANPATH replaces what was under the prefix"
run "$MARTLET" sql -c "COPY sales_back FROM 's3://sales/unload/part_000.gz' CSV"
expect_error "no objects match" "CLEANPATH removed the earlier objects"
run "$MARTLET" sql -c "UNLOAD ('SELECT 1') TO 's3://no-such-bucket/x_' CSV"
expect_error "no-such-bucket" "UNLOAD to a missing bucket names it"

echo "== errors"
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024/' CSV"
expect_error "ERROR:  no S3 credentials: give ACCESS_KEY_ID and SECRET_ACCESS_KEY (or CREDENTIALS), set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile \"default\" to $HOME/.aws/credentials" \
  "no credentials anywhere: the error says where to put them"
run "$MARTLET" sql -c "COPY sales FROM 's3://sales/2025/' CSV IGNOREHEADER 1"
expect_error 'failed: no objects match the prefix "s3://sales/2025/"' "a prefix with no objects is an error naming it"
run "$MARTLET" sql -c "COPY sales FROM 's3://no-such-bucket/2024/' CSV IGNOREHEADER 1"
expect_error "failed: s3://no-such-bucket/2024/: no such bucket (404 NoSuchBucket)" "a missing bucket is an error naming it"
run "$MARTLET" sql -c "COPY sales FROM 's3://sales/bad/' CSV IGNOREHEADER 1"
expect_error 'ERROR:  Load into table "sales" failed: invalid input syntax for type bigint: "two" (file "s3://sales/bad/sales.csv", line 3, column "sale_id", value "two"); nothing was loaded' \
  "a bad row names the object, line, column and value"
run "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024/' CREDENTIALS 'aws_access_key_id' CSV"
expect_error "ERROR:  COPY option credentials: expected key=value pairs separated by ';'" "a malformed CREDENTIALS string"
run env AWS_ENDPOINT_URL="http://127.0.0.1:$(moto_free_port)" "$MARTLET" sql -c "COPY sales FROM 's3://sales/2024/' CSV"
expect_error "failed: s3://sales/2024/: GET http://127.0.0.1:" "an endpoint that does not answer is an error naming the URL"
count sales
expect_stdout $'n\n11000\n' "the failed loads added nothing"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
