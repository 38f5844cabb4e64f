#!/usr/bin/env bash
# The README's main job: examples/retail/walkthrough runs the retail pipeline over two days of
# drops. Checks what each day loaded and rejected, the slowly changing dimension, the fact's
# point-in-time product versions, and that the mart's revenue equals the revenue computed
# independently from the raw files (with awk).
#
#   tests/integration/retail_test.sh build/release/martlet REPO_ROOT
set -uo pipefail

MARTLET=$(realpath "${1:?usage: retail_test.sh PATH/TO/martlet REPO_ROOT}")
ROOT=$(realpath "${2:?usage: retail_test.sh PATH/TO/martlet REPO_ROOT}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-retail-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
check() {  # check WHAT EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL: %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
  fi
}
sql() { "$MARTLET" sql --db "$WORK/retail/warehouse" --format csv -c "$1" | tail -n +2; }

"$ROOT/examples/retail/walkthrough" "$MARTLET" "$WORK/retail" >"$WORK/out" 2>&1
check "the walkthrough succeeds" 0 $?
grep -q "Run 1 of retail: 14 succeeded, 0 failed, 0 skipped; tests: 12 passed, 0 failed, 0 warned" "$WORK/out"
check "day 1: every node and test passes" 0 $?
grep -q "Run 2 of retail: 14 succeeded, 0 failed, 0 skipped; tests: 11 passed, 0 failed, 1 warned" "$WORK/out"
check "day 2: every node passes; the unknown store only warns" 0 $?
grep -q "raw.sales .*load 1 new file (3 loaded before) .* 34 rows" "$WORK/out"
check "day 2 loads only the new sales file" 0 $?

check "the two bad rows of day 1 are in stl_load_errors" "302,quantity
734,sold_at" "$(sql "SELECT line_number, trim(colname) FROM stl_load_errors ORDER BY line_number")"
check "raw.sales holds every good row of both days" 1533 "$(sql "SELECT count(*) FROM raw.sales")"
check "duplicates are removed in staging" 1529 "$(sql "SELECT count(*) FROM staging.stg_sales")"
check "returns are negative quantities" 0 \
  "$(sql "SELECT count(*) FROM staging.stg_sales WHERE (kind = 'return') <> (quantity < 0)")"

check "dim_product: 13 products, 3 of them with a second version" "16,13,3" \
  "$(sql "SELECT count(*), count(DISTINCT product_id), sum(CASE WHEN NOT is_current THEN 1 ELSE 0 END) FROM warehouse.dim_product")"
check "a closed version ends where the next begins" 0 "$(sql "
  SELECT count(*) FROM warehouse.dim_product o JOIN warehouse.dim_product n
    ON n.product_id = o.product_id AND NOT o.is_current AND n.is_current
  WHERE o.valid_to <> n.valid_from")"
check "dim_store gained the new store" "5,5" \
  "$(sql "SELECT count(*), count(DISTINCT store_key) FROM warehouse.dim_store WHERE is_current")"

check "1 November's sales of P010 (late ones too) keep its old category" "Coffee" "$(sql "
  SELECT DISTINCT p.category FROM warehouse.fact_sales f
  JOIN warehouse.dim_product p ON p.product_key = f.product_key
  WHERE p.product_id = 'P010' AND f.date_key = 20261101")"
check "2 November's sales of P010 have its new category" "Cold Drinks" "$(sql "
  SELECT DISTINCT p.category FROM warehouse.fact_sales f
  JOIN warehouse.dim_product p ON p.product_key = f.product_key
  WHERE p.product_id = 'P010' AND f.date_key = 20261102")"
check "the late sales of 1 November reached the fact" 4 "$(sql "
  SELECT count(*) FROM warehouse.fact_sales WHERE date_key = 20261101 AND sale_id > 101520")"

# Revenue from the raw files: well-formed rows (an integer quantity, a real date), each sale
# once, returns negative, known stores only.
expected=$(cat "$ROOT"/examples/retail/drops/day1/sales_*.csv "$ROOT"/examples/retail/drops/day2/sales_*.csv |
  awk -F, '$1 == "sale_id" { next }
    $5 !~ /^[0-9]+$/ || $2 ~ /^2026-09-31/ || $3 > 5 { next }
    seen[$1]++ { next }
    { q = ($7 == "return") ? -$5 : $5; cents += q * int($6 * 100 + 0.5) }
    END { printf "%d.%02d\n", cents / 100, cents % 100 }')
check "the mart's revenue equals the raw files' revenue" "$expected" \
  "$(sql "SELECT sum(revenue) FROM mart_sales.daily_sales")"
check "sales_summary agrees with daily_sales and is fresh" "$expected,f" "$(sql "
  SELECT (SELECT sum(revenue) FROM mart_sales.sales_summary), is_stale FROM stv_mv_info
  WHERE trim(name) = 'sales_summary'")"
check "monthly growth of October over September" "12.9" \
  "$(sql "SELECT growth_pct FROM mart_sales.monthly_growth WHERE year_month = '2026-10'")"

# A third run without new drops loads nothing new and changes no fact.
"$MARTLET" pipeline run --project "$WORK/retail" >"$WORK/out3" 2>&1
check "a run without new files succeeds" 0 $?
grep -q "raw.sales .*load 0 new files (4 loaded before)" "$WORK/out3"
check "a run without new files loads none" 0 $?
check "and adds no fact rows" 1528 "$(sql "SELECT count(*) FROM warehouse.fact_sales")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
