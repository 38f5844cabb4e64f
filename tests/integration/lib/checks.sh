# The checks the end-to-end test scripts share. Source it after setting WORK (a scratch folder)
# and, for expect_sql, MARTLET. Each check prints PASS or FAIL and counts it in `passed` or
# `failed`; the script prints "N passed, N failed" at its end.

passed=0
failed=0
RC=0

# run CMD...: runs it with stdin from /dev/null; keeps stdout, stderr and the exit code.
run() {
  "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
  RC=$?
}
pass() {
  echo "PASS: $1"
  passed=$((passed + 1))
}
fail() {  # fail WHAT [DETAIL]: also shows the last command's exit code and output
  echo "FAIL: $1"
  [[ $# -gt 1 ]] && printf '%s\n' "$2" | sed 's/^/  /'
  echo "  exit code: $RC"
  echo "  stdout:"
  head -c 3000 "$WORK/stdout" 2>/dev/null | sed 's/^/    | /'
  echo "  stderr:"
  sed 's/^/    | /' "$WORK/stderr" 2>/dev/null
  failed=$((failed + 1))
}
expect_rc() {  # expect_rc CODE WHAT
  if [[ $RC -eq $1 ]]; then pass "$2 (exit code $1)"; else fail "$2 (exit code $1)" "wrong exit code"; fi
}
expect_out() {  # expect_out TEXT WHAT -- stdout contains TEXT
  if grep -qF -- "$1" "$WORK/stdout"; then pass "$2"; else fail "$2" "stdout lacks: $1"; fi
}
expect_no_out() {  # expect_no_out TEXT WHAT -- stdout does not contain TEXT
  if grep -qF -- "$1" "$WORK/stdout"; then fail "$2" "stdout has: $1"; else pass "$2"; fi
}
expect_line() {  # expect_line REGEX WHAT -- a line of stdout matches the extended REGEX
  if grep -qE -- "$1" "$WORK/stdout"; then pass "$2"; else fail "$2" "no line of stdout matches: $1"; fi
}
expect_err() {  # expect_err TEXT WHAT -- stderr contains TEXT
  if grep -qF -- "$1" "$WORK/stderr"; then pass "$2"; else fail "$2" "stderr lacks: $1"; fi
}
expect_sql() {  # expect_sql DB SQL EXPECTED WHAT -- the query's CSV output (and errors)
  local actual
  actual=$("$MARTLET" sql --db "$1" --format csv -c "$2" 2>&1)
  if [[ "$actual" == "$3" ]]; then
    pass "$4"
  else
    RC=0
    : >"$WORK/stdout"
    : >"$WORK/stderr"
    fail "$4" "$(printf 'expected:\n%s\nactual:\n%s' "$3" "$actual")"
  fi
}
