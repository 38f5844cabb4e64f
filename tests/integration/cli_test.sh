#!/usr/bin/env bash
# End-to-end checks of the martlet command: -c, -f, standard input, output formats, exit
# codes, error carets, --help, the demo, and the interactive shell on a pseudo-terminal.
#
#   tests/integration/cli_test.sh build/release/martlet
#
# Every check prints PASS or FAIL with what it checked; the last line is "N passed, N failed".
set -uo pipefail  # no -e: a failed check is counted and reported, and the rest still run
source "$(dirname "$(realpath "$0")")/lib/checks.sh"  # run, pass, fail and the expect_* checks

MARTLET=$(realpath "${1:?usage: cli_test.sh PATH/TO/martlet}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/martlet-cli-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export MARTLET_DB="$WORK/db"
export HOME="$WORK/home"  # the shell's history goes here, not into the user's home
mkdir -p "$HOME"
cd "$WORK" || exit 1

# run_with_input INPUT CMD...
run_with_input() {
  local input=$1
  shift
  printf '%s' "$input" | "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  RC=$?
}

expect_stdout() {  # expect_stdout EXPECTED WHAT -- exact, byte for byte
  local difference
  if difference=$(diff <(printf '%s' "$1") "$WORK/stdout"); then
    pass "$2"
  else
    fail "$2" "stdout differs (< expected, > actual):"$'\n'"$difference"
  fi
}
expect_stdout_has() {  # expect_stdout_has TEXT WHAT
  if grep -qF -- "$1" "$WORK/stdout"; then pass "$2"; else fail "$2" "stdout lacks: $1"; fi
}
expect_stderr_has() {
  if grep -qF -- "$1" "$WORK/stderr"; then pass "$2"; else fail "$2" "stderr lacks: $1"; fi
}
expect_stderr_empty() {
  if [[ ! -s "$WORK/stderr" ]]; then pass "$1"; else fail "$1" "stderr is not empty"; fi
}
expect_stdout_empty() {
  if [[ ! -s "$WORK/stdout" ]]; then pass "$1"; else fail "$1" "stdout is not empty"; fi
}

echo "== -c"
run "$MARTLET" sql -c "SELECT 1 AS one"
expect_rc 0 "sql -c SELECT 1"
expect_stdout $' one \n-----\n   1\n(1 row)\n\n' "sql -c prints a psql table"
expect_stderr_empty "sql -c writes nothing to stderr"

run "$MARTLET" sql -c "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, NULL)"
expect_rc 0 "sql -c with two statements"
expect_stdout $'INSERT 0 2\n' "sql -c shows only the last statement's tag"

run "$MARTLET" sql -c "SELECT a, b FROM t ORDER BY a"
expect_stdout $' a | b \n---+---\n 1 | x\n 2 | \n(2 rows)\n\n' \
  "a table made by one run is there in the next (numbers right, text left, NULL empty)"

run "$MARTLET" sql -c "SELECT 1 AS a" -c "SELECT 'two' AS b"
expect_stdout $' a \n---\n 1\n(1 row)\n\n  b  \n-----\n two\n(1 row)\n\n' \
  "repeated -c run in order, each result shown"

echo "== -f and standard input"
printf 'CREATE TABLE f (n INTEGER);\nINSERT INTO f VALUES (3);\nSELECT n FROM f;\n' >script.sql
run "$MARTLET" sql -f script.sql
expect_rc 0 "sql -f FILE"
expect_stdout $'CREATE TABLE\nINSERT 0 1\n n \n---\n 3\n(1 row)\n\n' "sql -f shows every result"

run_with_input $'SELECT 5 AS five;\nSELECT 6 AS six;\n' "$MARTLET" sql
expect_rc 0 "SQL piped to standard input"
expect_stdout $' five \n------\n    5\n(1 row)\n\n six \n-----\n   6\n(1 row)\n\n' \
  "piped input shows every result"

run "$MARTLET" sql -f missing.sql
expect_rc 1 "sql -f with a missing file"
expect_stderr_has "missing.sql" "the missing file is named on stderr"

echo "== formats"
run "$MARTLET" sql --format csv -c "SELECT a, b FROM t ORDER BY a"
expect_stdout $'a,b\n1,x\n2,\n' "csv: header, values, NULL as an empty field"

run "$MARTLET" sql --format csv -c "SELECT 'x,y' AS v, 'say \"hi\"' AS w, 'plain' AS p"
expect_stdout $'v,w,p\n"x,y","say ""hi""",plain\n' "csv quotes fields with commas and quotes, as psql"

run "$MARTLET" sql --format csv -c "INSERT INTO t VALUES (3, 'z')"
expect_rc 0 "csv INSERT"
expect_stdout_empty "csv prints no command tags"

run "$MARTLET" sql --format json -c "SELECT a, b FROM t WHERE a < 3 ORDER BY a"
expect_stdout $'[\n  {"a": 1, "b": "x"},\n  {"a": 2, "b": null}\n]\n' \
  "json: an array of objects, numbers bare, NULL as null"

run "$MARTLET" sql --format json -c "SELECT true AS yes, 1.50 AS price"
expect_stdout $'[\n  {"yes": true, "price": 1.50}\n]\n' "json: booleans and decimals unquoted"

run "$MARTLET" sql --format markdown -c "SELECT a, b FROM t WHERE a < 3 ORDER BY a"
expect_stdout $'|   a | b   |\n| --: | --- |\n|   1 | x   |\n|   2 |     |\n' \
  "markdown: a GitHub table, numbers right-aligned"

run "$MARTLET" sql --format table -c "SELECT 1 AS one"
expect_stdout $' one \n-----\n   1\n(1 row)\n\n' "--format table"

echo "== errors and exit codes"
run "$MARTLET" sql -c "SELECT * FROM missing_table"
expect_rc 1 "an unknown table is an SQL error"
expect_stderr_has 'ERROR:  relation "missing_table" does not exist' "the error message is on stderr"
expect_stderr_has "LINE 1: SELECT * FROM missing_table" "the error shows the line of SQL"
expect_stderr_has "$(printf '%22s^' '')" "the caret stands under missing_table"
expect_stdout_empty "nothing on stdout after an error"

run "$MARTLET" sql -c "SELECT 1 / 0" -c "CREATE TABLE never (a INTEGER)"
expect_rc 1 "the first failing -c stops the run"
run "$MARTLET" sql -c "SELECT * FROM never"
expect_rc 1 "the -c after the failed one did not run"

printf 'SELECT 1 AS ok;\nSELECT\n  nope_column\nFROM t;\nCREATE TABLE after_error (a INTEGER);\n' >bad.sql
run "$MARTLET" sql -f bad.sql
expect_rc 1 "sql -f stops at the first error"
expect_stdout_has "(1 row)" "statements before the error ran and printed"
expect_stderr_has "LINE 3:   nope_column" "the caret line numbers count from the top of the file"
run "$MARTLET" sql -c "SELECT * FROM after_error"
expect_rc 1 "statements after the error did not run"

run "$MARTLET" sql --no-such-flag
expect_rc 2 "an unknown flag is a usage error"
run "$MARTLET" sql --format xml -c "SELECT 1"
expect_rc 2 "an unknown format is a usage error"
run "$MARTLET" sql unexpected_argument
expect_rc 2 "a stray argument is a usage error"
run "$MARTLET"
expect_rc 2 "no subcommand is a usage error"
run "$MARTLET" no-such-subcommand
expect_rc 2 "an unknown subcommand is a usage error"
run "$MARTLET" demo --rows -5
expect_rc 2 "a negative --rows is a usage error"

echo "== --db and MARTLET_DB"
run "$MARTLET" sql --db "$WORK/other" -c "CREATE TABLE only_here (a INTEGER)"
expect_rc 0 "--db DIR creates a database there"
if [[ -d "$WORK/other" ]]; then pass "--db made the directory"; else fail "--db made the directory"; fi
run "$MARTLET" sql -c "SELECT * FROM only_here"
expect_rc 1 "the MARTLET_DB database does not see the --db one's table"
run env -u MARTLET_DB "$MARTLET" sql -c "SELECT 1"
if [[ -d "$WORK/martlet-data" ]]; then pass "without --db or MARTLET_DB: ./martlet-data"; else fail "without --db or MARTLET_DB: ./martlet-data"; fi

echo "== help and version"
for subcommand in "" sql demo version; do
  # shellcheck disable=SC2086  # an empty subcommand means the top level
  run "$MARTLET" $subcommand --help
  expect_rc 0 "martlet $subcommand --help"
  expect_stdout_has "Example" "martlet $subcommand --help shows an example"
done
run "$MARTLET" --version
expect_stdout_has "martlet " "martlet --version"
run "$MARTLET" version
expect_rc 0 "martlet version"
expect_stdout_has "martlet " "martlet version prints the version"

echo "== demo"
run "$MARTLET" demo --rows 5000 --db "$WORK/demo"
expect_rc 0 "martlet demo --rows 5000"
expect_stdout_has "Sales by category and year" "the demo runs its analytic queries"
expect_stdout_has "Time: " "the demo times its queries"
expect_stderr_empty "the demo shows no progress when stderr is not a terminal"
run "$MARTLET" sql --db "$WORK/demo" --format csv -c "SELECT count(*) AS n FROM Fact_Sales"
expect_stdout $'n\n5000\n' "the demo made the requested number of sales"

echo "== interactive shell"
if command -v script >/dev/null; then
  input=$'SELECT 1 AS one;\n\\timing\nSELECT\n  2 AS two;\n\\format csv\nSELECT 3 AS three;\n\\dt\n\\frobnicate\nCREATE TABLE typed (a INTEGER);\nCOPY typed FROM STDIN;\n41\n42\n\\.\nSELECT sum(a) AS typed_sum FROM typed;\n\\q\n'
  run_with_input "$input" script -qec "$MARTLET sql" /dev/null
  expect_rc 0 "the shell on a pseudo-terminal exits 0 after \\q"
  expect_stdout_has "martlet=> " "the shell prompts martlet=>"
  expect_stdout_has "martlet-> " "a statement without ';' continues with martlet->"
  expect_stdout_has "(1 row)" "the shell prints tables"
  expect_stdout_has "Timing is on." "\\timing turns timing on"
  expect_stdout_has "Time: " "with timing on, each statement reports its time"
  expect_stdout_has $'three\r\n3' "\\format csv switches the format"
  expect_stdout_has "invalid command \\frobnicate" "an unknown backslash command is reported"
  expect_stdout_has "End with a backslash and a period on a line by itself" "COPY FROM STDIN in the shell asks for the data"
  expect_stdout_has $'typed_sum\r\n83' "COPY FROM STDIN in the shell loads the lines typed up to \\."
  awk 'BEGIN { for (i = 0; i < 700000; i++) printf "%d|row number %d\n", i, i }' >"$WORK/big.txt"
  run script -qec "$MARTLET sql --db $WORK/progressdb -c 'CREATE TABLE big (a INTEGER, b VARCHAR(30))' -c \"COPY big FROM '$WORK/big.txt'\"" /dev/null
  expect_stdout_has "COPY: " "a COPY of more than 8 MB shows progress on a terminal"
  expect_stdout_has "700000 rows" "the progress line counts the rows loaded"
  expect_stdout_has "COPY 700000" "the COPY completes after its progress line"
  if [[ -s "$HOME/.martlet_history" ]]; then pass "history saved to ~/.martlet_history"; else fail "history saved to ~/.martlet_history"; fi
else
  echo "SKIP: the shell (no 'script' command for a pseudo-terminal)"
fi

echo "== COPY FROM STDIN, notices and progress"
printf 'CREATE TABLE copied (a INTEGER, b VARCHAR(10));\nCOPY copied FROM STDIN DELIMITER \x27,\x27 MAXERROR 1;\n1,x;y\nbad,z\n3,w\n\\.\nSELECT a, b FROM copied ORDER BY a;\n' >"$WORK/copy.sql"
run "$MARTLET" sql --db "$WORK/copydb" --format csv -f "$WORK/copy.sql"
expect_rc 0 "a script with COPY ... FROM STDIN and inline data"
expect_stdout $'a,b\n1,x;y\n3,w\n' "the data after COPY ... FROM STDIN up to \\. is loaded, the script goes on after it"
expect_stderr_has "INFO:  Load into table 'copied' completed, 2 record(s) loaded successfully, 1 record(s) could not be loaded" "a COPY that skips rows says so on stderr"
run_with_input $'4,v\n\\.\nnot data\n' "$MARTLET" sql --db "$WORK/copydb" -c "COPY copied FROM STDIN CSV" -c "SELECT count(*) FROM copied"
expect_rc 0 "-c COPY ... FROM STDIN reads standard input"
expect_stdout_has "COPY 1" "-c COPY ... FROM STDIN stops at \\."
expect_stderr_empty "no progress line when stderr is not a terminal"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
