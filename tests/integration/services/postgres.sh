# A private PostgreSQL 15 server for tests: source this file, then
#
#   martlet_pg_start          # initdb + start on 127.0.0.1, a free port, trust authentication
#   trap martlet_pg_stop EXIT # always stop it (and delete its files)
#   trap 'exit 1' INT TERM    # ... also when the test is interrupted or timed out
#   martlet_pg_psql -d shop -c 'SELECT 1'
#
# martlet_pg_start exports PGHOST, PGPORT, PGUSER and PGDATABASE, so that libpq clients (psql,
# and martlet's postgres_query and COPY ... FROM 'postgresql://...') reach the server with a
# conninfo as short as 'dbname=shop'. The server's files live in a temporary directory (its
# Unix socket too) that martlet_pg_stop deletes.
#
# PostgreSQL refuses to run as root: as root, initdb and the server run as the user named by
# MARTLET_PG_OS_USER (default "nobody"); as anyone else, as that user itself.
# The role "secret_user" (password "s3cret-pw") must log in with a password, to test bad
# credentials; every other role is trusted.

MARTLET_PG_BIN=${MARTLET_PG_BIN:-/usr/lib/postgresql/15/bin}
MARTLET_PG_DIR=""

martlet_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "${MARTLET_PG_OS_USER:-nobody}" -- "$@"
  else
    "$@"
  fi
}

martlet_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

martlet_pg_start() {
  if [ ! -x "$MARTLET_PG_BIN/initdb" ]; then
    echo "martlet_pg_start: no PostgreSQL 15 in $MARTLET_PG_BIN (scripts/setup installs it)" >&2
    return 1
  fi
  # As root the server's user must reach the directory: /tmp is open to all, a TMPDIR may not be.
  local base=${TMPDIR:-/tmp}
  [ "$(id -u)" -eq 0 ] && base=/tmp
  MARTLET_PG_DIR=$(mktemp -d "$base/martlet-pg.XXXXXX") || return 1
  chmod 755 "$MARTLET_PG_DIR"
  mkdir -p "$MARTLET_PG_DIR/data" "$MARTLET_PG_DIR/socket"
  if [ "$(id -u)" -eq 0 ]; then
    chown "${MARTLET_PG_OS_USER:-nobody}" "$MARTLET_PG_DIR/data" "$MARTLET_PG_DIR/socket"
  fi
  local port
  port=$(martlet_pg_free_port) || return 1
  if ! martlet_pg_as_owner "$MARTLET_PG_BIN/initdb" -D "$MARTLET_PG_DIR/data" -U postgres \
      --auth=trust -E UTF8 --locale=C >"$MARTLET_PG_DIR/initdb.log" 2>&1; then
    echo "martlet_pg_start: initdb failed:" >&2
    cat "$MARTLET_PG_DIR/initdb.log" >&2
    return 1
  fi
  martlet_pg_as_owner sh -c "cat > '$MARTLET_PG_DIR/data/pg_hba.conf'" <<HBA
host all secret_user 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
local all all trust
HBA
  if ! martlet_pg_as_owner "$MARTLET_PG_BIN/pg_ctl" -D "$MARTLET_PG_DIR/data" -w -t 60 \
      -l "$MARTLET_PG_DIR/data/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$MARTLET_PG_DIR/socket -c fsync=off" \
      start >/dev/null; then
    echo "martlet_pg_start: the server did not start:" >&2
    cat "$MARTLET_PG_DIR/data/server.log" >&2
    return 1
  fi
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
  unset PGPASSWORD PGSERVICE PGSSLMODE
  martlet_pg_psql -c "CREATE ROLE secret_user LOGIN SUPERUSER PASSWORD 's3cret-pw'" >/dev/null
}

martlet_pg_stop() {
  [ -n "$MARTLET_PG_DIR" ] || return 0
  if [ -f "$MARTLET_PG_DIR/data/postmaster.pid" ]; then
    martlet_pg_as_owner "$MARTLET_PG_BIN/pg_ctl" -D "$MARTLET_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$MARTLET_PG_DIR"
  MARTLET_PG_DIR=""
}

# psql against the test server; stops at the first error, prints only the rows.
martlet_pg_psql() {
  psql -X -q -v ON_ERROR_STOP=1 -A -t "$@"
}
