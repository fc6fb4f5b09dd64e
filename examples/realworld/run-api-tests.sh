#!/usr/bin/env bash
# Runs the RealWorld spec's own Postman collection against examples/realworld/target/realworld.jar, as the spec's
# run-api-tests.sh does (newman, with APIURL, USERNAME, EMAIL and PASSWORD), and fails on any failed assertion.
#
#   examples/realworld/run-api-tests.sh [SPEC_DIR]
#
# SPEC_DIR holds Conduit.postman_collection.json; default: ../shared/realworld beside the repository (or
# REALWORLD_SPEC), else the copy in examples/realworld/spec. It builds nothing: build the jar first
# (mvn -B -q -DskipTests package). It starts the jar on a free port (with DATABASE_URL if set, else the jar's
# embedded PostgreSQL), installs newman with npm if it is missing, runs the collection, prints the counts and stops
# the jar. JAVA picks the java binary (default: java).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SPEC="${1:-${REALWORLD_SPEC:-$ROOT/../shared/realworld}}"
if [ -z "${1:-}" ] && [ -z "${REALWORLD_SPEC:-}" ] && [ ! -f "$SPEC/Conduit.postman_collection.json" ]; then
  SPEC="$HERE/spec" # the copy in the repository, for a checkout with nothing beside it
fi
COLLECTION="$SPEC/Conduit.postman_collection.json"
JAR="$HERE/target/realworld.jar"
JAVA="${JAVA:-java}"

if [ ! -f "$JAR" ]; then
  echo "run-api-tests: no $JAR; build it first: mvn -B -q -DskipTests package" >&2
  exit 2
fi
if [ ! -f "$COLLECTION" ]; then
  echo "run-api-tests: no Postman collection at $COLLECTION; pass the spec's folder as the first argument" >&2
  exit 2
fi
if ! command -v newman >/dev/null 2>&1; then
  echo "== Installing newman (npm install -g newman)"
  npm install -g newman >/dev/null
fi

WORK="$(mktemp -d)"
LOG="$WORK/realworld.log"
APP_PID=""
stop() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" # SIGTERM: the app closes the server, then stops its embedded PostgreSQL
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
  fi
  rm -rf "$WORK"
}
trap stop EXIT

# Port 0: the kernel picks a free port, which the start-up line names.
"$JAVA" -jar "$JAR" --port 0 >"$LOG" 2>&1 &
APP_PID=$!
PORT=""
for _ in $(seq 1 600); do # up to 60 s: the first start unpacks PostgreSQL
  PORT="$(sed -n 's|.*RealWorld API on http://localhost:\([0-9]*\)/api.*|\1|p' "$LOG" | head -1)"
  [ -n "$PORT" ] && break
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "run-api-tests: the app stopped before it served; its log:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$PORT" ]; then
  echo "run-api-tests: the app did not start within 60 s; its log:" >&2
  cat "$LOG" >&2
  exit 1
fi
APIURL="http://localhost:$PORT/api"
echo "== The RealWorld collection against $APIURL"

USERNAME="u$(date +%s)$RANDOM"
status=0
# --delay-request 1: the spec's script waits 500 ms between requests; newman 6 refuses 0.
newman run "$COLLECTION" \
  --delay-request 1 \
  --global-var "APIURL=$APIURL" \
  --global-var "USERNAME=$USERNAME" \
  --global-var "EMAIL=$USERNAME@mail.com" \
  --global-var "PASSWORD=password" \
  --reporters cli,json --reporter-json-export "$WORK/report.json" || status=$?

if [ ! -f "$WORK/report.json" ]; then
  echo "run-api-tests: newman wrote no report (exit $status); the app's log:" >&2
  cat "$LOG" >&2
  exit 1
fi
read -r total failed requests_failed <<<"$(node -e '
  const s = require(process.argv[1]).run.stats;
  console.log(s.assertions.total, s.assertions.failed, s.requests.failed);' "$WORK/report.json")"
passed=$((total - failed))
echo "realworld: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$requests_failed" -ne 0 ] || [ "$total" -eq 0 ]; then
  echo "run-api-tests: FAILED (newman exit $status, $failed failed assertions, $requests_failed failed requests)" >&2
  grep -i 'error\|exception' "$LOG" | tail -20 >&2 || true
  exit 1
fi
