#!/usr/bin/env bash
# What streaming costs the server, measured on the sample app's jar pinned to one core:
#
#   events   N clients of GET /events (Server-Sent Events, one event a second each), opened by one client thread
#            (EventStreamClients, pinned to another core); over a window after warm-up: events delivered per second,
#            the server's CPU per delivered event, its RSS idle and with the N streams open.
#   upload   a 1 GiB body POSTed to /checksum (read as it arrives, @Body InputStream) with curl, chunked: the server's
#            RSS idle and its largest during the upload, sampled every 50 ms.
#
# Usage: benchmarks/streams.sh [--quick] [events|upload]...   (default: both; --quick: 1,000 streams, 64 MiB)
# Environment: STREAMS (10000), WARMUP (10 s), WINDOW (30 s), UPLOAD_MIB (1024), SERVER_CPU (0), CLIENT_CPU (1).
# Run it under the team's CPU lock: flock -o /tmp/kiln-cpu.lock benchmarks/streams.sh. Results go to
# benchmarks/target/streams-<time>/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
die() { echo "streams.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }
# shellcheck source=lib.sh
. "$here/lib.sh"

quick=0
what=()
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        events|upload) what+=("$arg") ;;
        *) die "unknown argument $arg (expected --quick, events, upload)" ;;
    esac
done
[ ${#what[@]} -gt 0 ] || what=(events upload)
if [ "$quick" = 1 ]; then
    STREAMS=${STREAMS:-1000}; WARMUP=${WARMUP:-3}; WINDOW=${WINDOW:-5}; UPLOAD_MIB=${UPLOAD_MIB:-64}
fi
STREAMS=${STREAMS:-10000}
WARMUP=${WARMUP:-10}
WINDOW=${WINDOW:-30}
UPLOAD_MIB=${UPLOAD_MIB:-1024}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-18190}
JAVA=${JAVA:-java}

command -v taskset >/dev/null || die "taskset is missing (Debian: util-linux)"
command -v curl >/dev/null || die "curl is missing"
if jars_stale; then build_jars; fi
need_fds=$((STREAMS + 1000))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need_fds" ]; then
    ulimit -n "$need_fds" 2>/dev/null || die "open files limit $(ulimit -n) < $need_fds: raise it (ulimit -n)"
fi

out=$root/benchmarks/target/streams-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; }
trap cleanup EXIT

start_sample() {
    KILN_EVENT_LOOPS=1 taskset -c "$SERVER_CPU" "$JAVA" -jar "$sample_jar" --port "$PORT" >"$out/server-$1.log" 2>&1 &
    server=$!
    wait_ready "$server" "$PORT" || die "the sample app did not start: $out/server-$1.log"
    for _ in $(seq 200); do status_line "$PORT" /plaintext >/dev/null; done # warm the common path a little
    sleep 1
}

stop_sample() {
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=
}

events() {
    start_sample events
    local idle c0 c1 line start_events end_events seconds open rss
    idle=$(rss_kb "$server")
    taskset -c "$CLIENT_CPU" "$JAVA" -cp "$bench_jar" dev.kiln.bench.streams.EventStreamClients "$PORT" /events \
        "$STREAMS" "$WARMUP" "$WINDOW" >"$out/clients.log" 2>&1 &
    local client=$!
    until grep -q '^window-start' "$out/clients.log" 2>/dev/null; do
        kill -0 "$client" 2>/dev/null || die "the clients stopped: $out/clients.log"
        sleep 0.05
    done
    c0=$(cpu_ticks "$server")
    until grep -q '^window-end' "$out/clients.log" 2>/dev/null; do
        kill -0 "$client" 2>/dev/null || die "the clients stopped: $out/clients.log"
        sleep 0.05
    done
    c1=$(cpu_ticks "$server")
    rss=$(rss_kb "$server")
    wait "$client" || true
    line=$(grep '^window-end' "$out/clients.log")
    end_events=$(sed 's/.*events=\([0-9]*\).*/\1/' <<<"$line")
    open=$(sed 's/.*open=\([0-9]*\).*/\1/' <<<"$line")
    seconds=$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<<"$line")
    stop_sample
    awk -v n="$STREAMS" -v open="$open" -v ev="$end_events" -v s="$seconds" -v t=$((c1 - c0)) -v hz="$clk_tck" \
        -v idle="$idle" -v rss="$rss" 'BEGIN {
        printf "events: %d streams asked, %d open at the end; %.0f events/s delivered over %.1f s\n", n, open, ev / s, s
        printf "events: server CPU %.1f%% of a core, %.2f µs per delivered event\n", t / hz / s * 100, (ev > 0) ? t / hz * 1e6 / ev : 0
        printf "events: RSS %.0f MiB idle, %.0f MiB with the streams open: %.1f KiB per stream\n", idle / 1024, rss / 1024, (rss - idle) / n
    }' | tee -a "$out/summary.txt"
}

upload() {
    start_sample upload
    local idle peak=0 r size=$((UPLOAD_MIB * 1024 * 1024))
    idle=$(rss_kb "$server")
    head -c "$size" /dev/zero | taskset -c "$CLIENT_CPU" curl -sS -T - -H 'Content-Type: application/octet-stream' \
        -X POST "http://127.0.0.1:$PORT/checksum" >"$out/upload.json" 2>"$out/upload.err" &
    local client=$!
    while kill -0 "$client" 2>/dev/null; do
        r=$(rss_kb "$server")
        [ "$r" -gt "$peak" ] && peak=$r
        sleep 0.05
    done
    wait "$client" || die "the upload failed: $out/upload.err"
    grep -q "\"bytes\":$size," "$out/upload.json" || die "the server did not read the whole body: $(cat "$out/upload.json")"
    stop_sample
    awk -v mib="$UPLOAD_MIB" -v idle="$idle" -v peak="$peak" 'BEGIN {
        printf "upload: %d MiB read as it arrived; RSS %.0f MiB idle, at most %.0f MiB during it: +%.0f MiB\n", mib, idle / 1024, peak / 1024, (peak - idle) / 1024
    }' | tee -a "$out/summary.txt"
}

for w in "${what[@]}"; do "$w"; done
note "results: $out/summary.txt"
