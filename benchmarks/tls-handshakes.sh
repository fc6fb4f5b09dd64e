#!/usr/bin/env bash
# TLS handshakes per second on one core: the sample app over HTTPS pinned to one CPU with one event loop, and
# CLIENTS `openssl s_time -new` processes on another CPU, each making full handshakes (no session resumption) one
# after another and closing. Prints a markdown table: per provider (OpenSSL via netty-tcnative, the JDK's), key
# (EC P-256, RSA 2048) and TLS version, the handshakes done, the server's CPU seconds (from /proc, user + system),
# handshakes per server CPU second (what one core sustains) and per wall second (bounded by the client's CPU
# when the server's is not used up: see the CPU % column).
#
#   flock -o /tmp/kiln-cpu.lock flock -o /tmp/kiln-soak.lock benchmarks/tls-handshakes.sh
#
# Environment: DURATION (s per cell, default 10), WARMUP (s per server, default 5), CLIENTS (default 4),
# PROVIDERS (default "openssl jdk"), KEYS (default "ec rsa"), VERSIONS (default "tls1_3 tls1_2"),
# SERVER_CPU (default 0), CLIENT_CPU (default 1), PORT (default 18443), JAVA (default java), JAVA_OPTS.
# Builds nothing: run `mvn -B -q -DskipTests package` first (sample-app/target/sample-app.jar).
# Only 127.0.0.1 is loaded; every process started is stopped at the end.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CLIENTS=${CLIENTS:-4}
PROVIDERS=${PROVIDERS:-"openssl jdk"}
KEYS=${KEYS:-"ec rsa"}
VERSIONS=${VERSIONS:-"tls1_3 tls1_2"}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-18443}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}

die() { echo "tls-handshakes: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }
# shellcheck source=lib.sh
. "$here/lib.sh"
[ -f "$sample_jar" ] || die "$sample_jar is missing: mvn -B -q -DskipTests package"
command -v openssl >/dev/null || die "openssl is needed (apt-get install -y openssl)"

work=$(mktemp -d)
server_pid=""
client_pids=()
stop_clients() {
    local pid
    for pid in "${client_pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    for pid in "${client_pids[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
    client_pids=()
}
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
cleanup() { stop_clients; stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

tls_ready() { # the server answers a TLS handshake
    openssl s_client -connect "127.0.0.1:$PORT" </dev/null >/dev/null 2>&1
}

# Runs CLIENTS s_time processes for $1 seconds with TLS option $2; prints the handshakes they made.
handshakes() {
    local seconds=$1 version=$2 i total=0 n
    for ((i = 0; i < CLIENTS; i++)); do
        taskset -c "$CLIENT_CPU" openssl s_time -connect "127.0.0.1:$PORT" -new -time "$seconds" "-$version" \
            >"$work/client-$i.txt" 2>&1 &
        client_pids+=($!)
    done
    for pid in "${client_pids[@]}"; do wait "$pid" || true; done
    client_pids=()
    for ((i = 0; i < CLIENTS; i++)); do
        n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]* real seconds.*/\1/p' "$work/client-$i.txt" | tail -1)
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

echo "TLS handshakes, server on CPU $SERVER_CPU (1 event loop), $CLIENTS openssl s_time -new clients on CPU $CLIENT_CPU;"
echo "$DURATION s per cell after $WARMUP s of warm-up; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "java: $("$JAVA" -version 2>&1 | head -1); openssl: $(openssl version); commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "| provider | key | TLS | handshakes | server CPU s | per server CPU s | per wall s | server CPU % |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for key in $KEYS; do
    KEY=$key "$root/sample-app/make-cert.sh" "$work/$key" 2 >/dev/null
    for provider in $PROVIDERS; do
        # shellcheck disable=SC2086
        KILN_TLS_CERT="$work/$key/cert.pem" KILN_TLS_KEY="$work/$key/key.pem" KILN_TLS_PROVIDER=$provider \
            KILN_EVENT_LOOPS=1 KILN_PRINT_ROUTES=false KILN_PORT=$PORT \
            taskset -c "$SERVER_CPU" "$JAVA" -XX:ActiveProcessorCount=1 $JAVA_OPTS -jar "$sample_jar" \
            >"$work/server-$provider-$key.log" 2>&1 &
        server_pid=$!
        for _ in $(seq 1 100); do tls_ready && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        tls_ready || { cat "$work/server-$provider-$key.log" >&2; die "the server did not start"; }
        handshakes "$WARMUP" tls1_3 >/dev/null
        for version in $VERSIONS; do
            c0=$(cpu_ticks "$server_pid")
            t0=$(date +%s.%N)
            n=$(handshakes "$DURATION" "$version")
            t1=$(date +%s.%N)
            c1=$(cpu_ticks "$server_pid")
            awk -v p="$provider" -v k="$key" -v v="$version" -v n="$n" -v c=$((c1 - c0)) -v hz="$clk_tck" \
                -v w="$(echo "$t1 - $t0" | bc -l)" 'BEGIN {
                    s = c / hz; tls = (v == "tls1_3" ? "1.3" : "1.2")
                    printf "| %s | %s | %s | %d | %.2f | %.0f | %.0f | %.0f |\n", p, k, tls, n, s, (s > 0 ? n / s : 0), n / w, 100 * s / w }'
        done
        stop_server
    done
done
