#!/usr/bin/env bash
# Usage: fuzz/soak.sh [--quick] [--duration 30m] [--interval 60] [--no-build]
#
# A soak with faults: the sample app's jar under mixed traffic at a fixed, moderate rate (keep-alive, pipelined,
# large and chunked bodies, uploads, gzipped and ranged answers, event streams, a @Blocking route sleeping past the
# idle timeout) while faulty clients reset mid-request and mid-response, half-close, flood pipelines, trickle heads
# and bodies (slowloris), and leave @Blocking work behind. Every interval it prints the server's RSS, heap after a
# full GC, direct memory, open fds, threads, connections, @Blocking work and Netty leak reports; at the end, each
# metric's trend after warm-up, and PASS or FAIL (exit 1): see docs/conformance.md, "The soak", for the criteria.
# The driver is fuzz/src/test/java/dev/kiln/soak/Soak.java. Default 30 minutes, a sample a minute; --quick, the CI
# variant: 2 minutes, a sample every 10 s. --no-build uses the jar and the compiled driver as they are (after mvn
# verify). Environment: JAVA (default java; jcmd from beside it), SERVER_OPTS (more JVM options for the server, e.g.
# -Djdk.nio.maxCachedBufferSize=0). Files go to fuzz/target/soak-<time>/.
# On a shared machine, take a lock of its own, not the CPU lock: flock -o /tmp/kiln-soak.lock fuzz/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

duration=30m; interval=60; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) duration=120s; interval=10; shift ;;
    --duration) duration="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --no-build) build=; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$duration" in
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac

JAVA=${JAVA:-java}
java_bin=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
jcmd="$java_bin/jcmd"
[ -x "$jcmd" ] || { echo "soak.sh: no jcmd beside $JAVA ($jcmd): a full JDK is needed" >&2; exit 2; }

jar=sample-app/target/sample-app.jar
if [ -n "$build" ]; then
  mvn -B -o -q install -pl processor,sample-app -am -DskipTests
  mvn -B -o -q test-compile -pl fuzz
fi
[ -f "$jar" ] || { echo "soak.sh: $jar is missing; run mvn verify, or leave out --no-build" >&2; exit 2; }
[ -f fuzz/target/test-classes/dev/kiln/soak/Soak.class ] || { echo "soak.sh: the driver is not compiled; leave out --no-build" >&2; exit 2; }

out=fuzz/target/soak-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
log="$out/server.log"
# Short timeouts so that the slowloris clients are closed within seconds and /slow's 10 s sleep outlasts the idle
# timeout; paranoid leak detection tracks every buffer; G1 (the server default) whatever the machine's size, and a
# fixed heap touched at start, so that RSS moves only with what is outside the heap (direct and native memory, thread
# stacks, code): the heap is judged on its own.
KILN_HEADER_TIMEOUT=5s KILN_IDLE_TIMEOUT=5s \
  "$JAVA" -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseG1GC -Dio.netty.leakDetection.level=paranoid \
  ${SERVER_OPTS:-} -Dkiln.routes.print=false -jar "$jar" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*Kiln serving [0-9]* routes on [^:]*:\([0-9]*\) .*/\1/p' "$log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "soak.sh: the sample app did not start:" >&2; cat "$log" >&2; exit 1; }

status=0
"$JAVA" -cp fuzz/target/test-classes dev.kiln.soak.Soak --port "$port" --pid "$pid" --log "$log" --jcmd "$jcmd" \
  --duration "$seconds" --interval "$interval" --asset sample-app/src/main/resources/static/app.js \
  | tee "$out/report.txt" || status=$?
echo "soak: the server's log and this report are in $out"
exit "$status"
