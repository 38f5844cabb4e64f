# moto_server, an S3 emulator, for the integration tests: source this file, then
#
#   moto_start            # starts it on a free port on 127.0.0.1, waits until it answers, and
#                         # exports AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
#                         # AWS_REGION (moto accepts any credentials)
#   moto_create_bucket BUCKET
#   moto_put BUCKET KEY FILE
#   moto_stop             # stops it (call it from an EXIT trap)
#
# moto is reached with plain HTTP (it does not check signatures), so these helpers need only
# curl.

MOTO_PID=""
MOTO_LOG=""

moto_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

moto_start() {
  local port
  port=$(moto_free_port) || return 1
  MOTO_LOG=$(mktemp "${TMPDIR:-/tmp}/moto.XXXXXX.log")
  # Its own process group (setsid), so that moto_stop stops whatever it started.
  setsid moto_server -H 127.0.0.1 -p "$port" >"$MOTO_LOG" 2>&1 &
  MOTO_PID=$!
  local i
  for ((i = 0; i < 300; i++)); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
      export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
      export AWS_ACCESS_KEY_ID=testing-key AWS_SECRET_ACCESS_KEY=testing-secret AWS_REGION=us-east-1
      unset AWS_SESSION_TOKEN AWS_PROFILE
      return 0
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "moto_server did not start; its log:" >&2
  cat "$MOTO_LOG" >&2
  moto_stop
  return 1
}

moto_stop() {
  if [[ -n "$MOTO_PID" ]]; then
    kill -TERM -- "-$MOTO_PID" 2>/dev/null || kill -TERM "$MOTO_PID" 2>/dev/null
    wait "$MOTO_PID" 2>/dev/null
    MOTO_PID=""
  fi
  [[ -n "$MOTO_LOG" ]] && rm -f "$MOTO_LOG"
  MOTO_LOG=""
}

moto_create_bucket() {
  curl -sf -X PUT "$AWS_ENDPOINT_URL/$1" -o /dev/null
}

moto_put() {  # moto_put BUCKET KEY FILE
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$3" "$AWS_ENDPOINT_URL/$1/$2" -o /dev/null
}
