#!/usr/bin/env bash
# HTTP/2 load test with h2load (Debian's nghttp2-client): the sample app (Kiln) over h2c and over HTTP/1.1
# (h2load --h1), and the raw-Netty HTTP/2 baseline (RawNettyHttp2Server) over h2c, with one frame handler on the
# connection and, as a second row, with a child channel per stream (--multiplex, Kiln's structure), and the sample
# app over TLS with h2 chosen by ALPN (a self-signed EC certificate from sample-app/make-cert.sh; OpenSSL, as the
# sample app ships netty-tcnative), each server pinned to one CPU and h2load to another, cells interleaved. All four
# servers run at once, idle but one. Prints a markdown table: requests/s, CPU per request (the server's
# user + system time from /proc/<pid>/stat over the cell, per request answered) and the p99 request time, from
# h2load's per-request log.
#
#   benchmarks/h2load.sh [--quick]
#
# Environment: DURATION (s per cell, default 10), WARMUP (s per server and path, default 3), ROUNDS (default 1),
# CONNS (default 100), STREAMS (concurrent streams per connection, h2load -m; default 10), PATHS (default
# "/plaintext /json"), SERVER_CPU (default 0), LOAD_CPU (default 1), PORT_BASE (default 19080), JAVA (default java).
#
# Run it under the locks: flock -o /tmp/kiln-cpu.lock flock -o /tmp/kiln-soak.lock benchmarks/h2load.sh
# Needs sample-app/target/sample-app.jar and benchmarks/target/benchmarks.jar (mvn -pl processor,benchmarks -am package).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sample_jar=$root/sample-app/target/sample-app.jar
bench_jar=$root/benchmarks/target/benchmarks.jar
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
CONNS=${CONNS:-100}
STREAMS=${STREAMS:-10}
PATHS=${PATHS:-"/plaintext /json"}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORT_BASE=${PORT_BASE:-19080}
JAVA=${JAVA:-java}
for arg in "$@"; do
    case "$arg" in
        --quick) DURATION=3; WARMUP=1 ;;
        -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "h2load.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done
command -v h2load >/dev/null || { echo "h2load.sh: no h2load: .ci/install-package nghttp2-client h2load" >&2; exit 1; }
for jar in "$sample_jar" "$bench_jar"; do
    [ -f "$jar" ] || { echo "h2load.sh: missing $jar: build it first" >&2; exit 1; }
done

out=$root/benchmarks/target/h2load-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$out"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
hz=$(getconf CLK_TCK)

start() { # start NAME PORT CMD...: the server pinned to SERVER_CPU, its pid in the variable NAME_pid
    local name=$1 port=$2; shift 2
    taskset -c "$SERVER_CPU" "$@" >"$out/$name.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    printf -v "${name}_pid" '%s' "$pid"
    for _ in $(seq 1 100); do
        if curl -s -o /dev/null --http1.1 "http://127.0.0.1:$port/plaintext" 2>/dev/null \
                || curl -s -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$port/plaintext" 2>/dev/null \
                || curl -s -o /dev/null -k "https://127.0.0.1:$port/plaintext" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    echo "h2load.sh: $name did not start (see $out/$name.log)" >&2
    exit 1
}

start kiln "$PORT_BASE" env KILN_H2C=true "$JAVA" -jar "$sample_jar" --port "$PORT_BASE" --no-metrics
"$root/sample-app/make-cert.sh" "$out/tls" 1 >/dev/null
start tls $((PORT_BASE + 3)) env KILN_TLS_CERT="$out/tls/cert.pem" KILN_TLS_KEY="$out/tls/key.pem" \
    "$JAVA" -jar "$sample_jar" --port $((PORT_BASE + 3)) --no-metrics
start raw $((PORT_BASE + 1)) "$JAVA" -cp "$bench_jar" dev.kiln.bench.rawnetty.RawNettyHttp2Server --port $((PORT_BASE + 1))
start mux $((PORT_BASE + 2)) "$JAVA" -cp "$bench_jar" dev.kiln.bench.rawnetty.RawNettyHttp2Server --port $((PORT_BASE + 2)) --multiplex

# cell LABEL PID PORT PATH SECONDS [H2LOAD-ARG...]: one h2load run; prints its table row (https for the TLS server)
cell() {
    local label=$1 pid=$2 port=$3 path=$4 secs=$5; shift 5
    local scheme=http
    [ "$pid" != "$tls_pid" ] || scheme=https
    local c0 c1 log times
    log=$out/$(echo "$label$path" | tr -c 'a-zA-Z0-9\n' _).txt
    times=$out/times.tsv
    c0=$(cpu_ticks "$pid")
    taskset -c "$LOAD_CPU" h2load -c "$CONNS" -m "$STREAMS" -D "$secs" --log-file="$times" "$@" \
        "$scheme://127.0.0.1:$port$path" >"$log" 2>&1 || true
    c1=$(cpu_ticks "$pid")
    local rps succeeded n p99
    rps=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' "$log")
    succeeded=$(awk '/^requests:/ {print $8}' "$log")
    # p99 of the per-request times h2load logs (third column, microseconds until the end of the response)
    n=$(wc -l <"$times")
    p99=$(cut -f3 "$times" | sort -n | awk -v k=$(( (n * 99 + 99) / 100 )) 'NR == k {printf "%.1f", $1 / 1000}')
    rm -f "$times"
    awk -v r="$rps" -v s="$succeeded" -v t=$((c1 - c0)) -v hz="$hz" -v p99="$p99" -v l="$label" -v p="$path" \
        'BEGIN { printf "| %s | %s | %.0f | %.1f | %s | %s |\n", l, p, r, (s > 0 ? t / hz * 1e6 / s : 0), p99, s }'
}

echo "# h2load: $CONNS connections x $STREAMS streams, ${DURATION}s cells, server on CPU $SERVER_CPU, h2load on CPU $LOAD_CPU"
echo "commit: $(git -C "$root" rev-parse --short HEAD) $(git -C "$root" diff --quiet || echo '(dirty)')"
echo "java: $("$JAVA" -version 2>&1 | head -1); $(h2load --version 2>&1 | head -1)"
echo
for path in $PATHS; do
    cell warm "$kiln_pid" "$PORT_BASE" "$path" "$WARMUP" >/dev/null
    cell warm "$kiln_pid" "$PORT_BASE" "$path" "$WARMUP" --h1 >/dev/null
    cell warm "$raw_pid" $((PORT_BASE + 1)) "$path" "$WARMUP" >/dev/null
    cell warm "$mux_pid" $((PORT_BASE + 2)) "$path" "$WARMUP" >/dev/null
    cell warm "$tls_pid" $((PORT_BASE + 3)) "$path" "$WARMUP" >/dev/null
done
echo "| server | path | requests/s | CPU µs/request | p99 ms | requests |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
    for path in $PATHS; do
        cell "Kiln h2c" "$kiln_pid" "$PORT_BASE" "$path" "$DURATION"
        cell "raw Netty h2c" "$raw_pid" $((PORT_BASE + 1)) "$path" "$DURATION"
        cell "raw Netty h2c, child channel per stream" "$mux_pid" $((PORT_BASE + 2)) "$path" "$DURATION"
        cell "Kiln HTTP/1.1 (--h1)" "$kiln_pid" "$PORT_BASE" "$path" "$DURATION" --h1
        cell "Kiln h2 (TLS, ALPN)" "$tls_pid" $((PORT_BASE + 3)) "$path" "$DURATION"
    done
done
