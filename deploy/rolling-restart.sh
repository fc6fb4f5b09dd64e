#!/usr/bin/env bash
# A rolling restart under load, end to end: three instances of the sample app behind HAProxy, which sends traffic
# only to the instances whose readiness endpoint answers 200; wrk drives load at HAProxy; the instances are
# restarted one at a time (SIGTERM, wait for the process to end, start it again, wait until HAProxy sends it
# traffic again) while the load runs; Prometheus scrapes the three instances all along.
#
#   deploy/rolling-restart.sh [--quick] [--help]
#
#   --quick   the CI variant: one pass of restarts in a run of 60 s (the default run is 120 s, three passes)
#
# It prints wrk's totals, and fails unless there were 0 socket errors and 0 non-2xx responses; then Prometheus'
# request rate, sum(rate(http_server_request_duration_seconds_count[30s])), averaged over the run, next to wrk's
# own rate, and fails unless they agree within 10 %.
#
# Needs Debian's haproxy, prometheus and wrk, and installs them when missing (root and apt-get; see
# .ci/install-package); builds the sample app's jar when it is missing. Environment: JAVA (default java),
# PORT_BASE (default 19080: HAProxy; the instances PORT_BASE+1..3; HAProxy's stats PORT_BASE+8;
# Prometheus PORT_BASE+9), CONNS (default 64),
# DRAIN_DELAY (default 2s: each instance keeps serving this long after SIGTERM with readiness failing, above
# HAProxy's 2 checks at 500 ms), DURATION (s, at least 45, default 120; --quick 60), PASSES (default 3; --quick 1).
# Everything it starts is stopped on exit; its files go to deploy/target/rolling-<time>/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
JAVA=${JAVA:-java}
PORT_BASE=${PORT_BASE:-19080}
CONNS=${CONNS:-64}
DRAIN_DELAY=${DRAIN_DELAY:-2s}
DURATION=${DURATION:-120}
PASSES=${PASSES:-3}
for arg in "$@"; do
    case "$arg" in
        --quick) DURATION=60; PASSES=1 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "rolling-restart.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done

say() { echo "== $*"; }
die() { echo "rolling-restart.sh: $*" >&2; exit 1; }

"$root/.ci/install-package" haproxy /usr/sbin/haproxy
"$root/.ci/install-package" prometheus /usr/bin/prometheus
"$root/.ci/install-package" wrk /usr/bin/wrk
command -v curl >/dev/null || "$root/.ci/install-package" curl /usr/bin/curl

# Prometheus' rate over 30 s is compared from the moment its window holds nothing but the load.
[ "$DURATION" -ge 45 ] || { echo "rolling-restart.sh: DURATION must be at least 45 s (a 30 s rate window, then samples)" >&2; exit 2; }

jar=$root/sample-app/target/sample-app.jar
if [ ! -f "$jar" ]; then
    say "building the sample app ($jar is missing)"
    (cd "$root" && mvn -B -q -DskipTests package -pl processor,sample-app -am)
fi

out=$root/deploy/target/rolling-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
lb_port=$PORT_BASE
prom_port=$((PORT_BASE + 9))
stats_port=$((PORT_BASE + 8))
instance_port() { echo $((PORT_BASE + $1)); }

pids=()          # the instances' pids, by number 1..3
others=()        # haproxy, prometheus
cleanup() {
    local p
    for p in "${pids[@]:-}" "${others[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]:-}" "${others[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# wait_for URL SECONDS: until URL answers 200.
wait_for() {
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null "$1" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

start_instance() {
    local i=$1 port
    port=$(instance_port "$i")
    KILN_DRAIN_DELAY=$DRAIN_DELAY KILN_SHUTDOWN_TIMEOUT=10s \
        "$JAVA" -Xmx256m -XX:+UseSerialGC -jar "$jar" --port "$port" >>"$out/instance-$i.log" 2>&1 &
    pids[$i]=$!
    wait_for "http://127.0.0.1:$port/health/ready" 30 || die "instance $i did not become ready; see $out/instance-$i.log"
}

# ---- HAProxy: readiness checks every 500 ms, down after 2 failures, up after 2 passes -------------------------
cat >"$out/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    # A request that met a connection the instance was closing is sent again, to another instance: every
    # request in this test is a GET, which is safe to repeat.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
listen stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /stats
frontend app
    bind 127.0.0.1:$lb_port
    default_backend kiln
backend kiln
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ready
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2
    server k1 127.0.0.1:$(instance_port 1)
    server k2 127.0.0.1:$(instance_port 2)
    server k3 127.0.0.1:$(instance_port 3)
EOF

# ---- Prometheus: scrapes the three instances every second -----------------------------------------------------
cat >"$out/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: kiln
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:$(instance_port 1)', '127.0.0.1:$(instance_port 2)', '127.0.0.1:$(instance_port 3)']
EOF

say "starting 3 instances of the sample app (drain delay $DRAIN_DELAY)"
for i in 1 2 3; do start_instance "$i"; done
haproxy -f "$out/haproxy.cfg" -db >"$out/haproxy.log" 2>&1 &
others+=($!)
prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/tsdb" \
    --web.listen-address="127.0.0.1:$prom_port" >"$out/prometheus.log" 2>&1 &
others+=($!)
wait_for "http://127.0.0.1:$lb_port/plaintext" 30 || die "HAProxy does not serve; see $out/haproxy.log"
wait_for "http://127.0.0.1:$prom_port/-/ready" 30 || die "Prometheus did not start; see $out/prometheus.log"
sleep 3 # every target scraped a few times before the load starts

say "wrk: $CONNS connections for ${DURATION}s at HAProxy; $PASSES pass(es) of restarts, one instance at a time"
start_time=$(date +%s)
wrk -t1 -c"$CONNS" -d"${DURATION}s" -s "$root/benchmarks/report.lua" "http://127.0.0.1:$lb_port/users/42" \
    >"$out/wrk.log" 2>&1 &
wrk_pid=$!

sleep 5
restarts=0
for pass in $(seq 1 "$PASSES"); do
    for i in 1 2 3; do
        kill -0 "$wrk_pid" 2>/dev/null || break 2
        t0=$(date +%s%N)
        kill -TERM "${pids[$i]}"
        wait "${pids[$i]}" || true
        start_instance "$i"
        # back in HAProxy's rotation: its health check has passed twice
        deadline=$((SECONDS + 20))
        until curl -fsS "http://127.0.0.1:$stats_port/stats;csv" 2>/dev/null \
                | awk -F, -v s="k$i" '$1 == "kiln" && $2 == s && $18 == "UP" { found = 1 } END { exit !found }'; do
            [ "$SECONDS" -lt "$deadline" ] || die "instance $i never came back into HAProxy's rotation"
            sleep 0.2
        done
        restarts=$((restarts + 1))
        printf '   pass %s: instance %s restarted and back in rotation in %s s\n' "$pass" "$i" \
            "$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')"
    done
done
wait "$wrk_pid" || true
end_time=$(date +%s)

line=$(grep '^KILNBENCH' "$out/wrk.log" || true)
[ -n "$line" ] || die "wrk reported nothing; see $out/wrk.log"
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $line"; }
requests=$(field requests); duration_us=$(field duration_us)
socket_errors=$(( $(field connect) + $(field read) + $(field write) + $(field timeout) ))
non2xx=$(field status)
wrk_rate=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN {printf "%.0f", r * 1e6 / d}')

# Prometheus' rate, sampled every 5 s while its 30 s window lies wholly inside the load, averaged.
sleep 2 # the last scrape of the run
query='sum(rate(http_server_request_duration_seconds_count[30s]))'
from=$((start_time + 32)); to=$((end_time - 1))
prom_rate=$(curl -fsS "http://127.0.0.1:$prom_port/api/v1/query_range" --data-urlencode "query=$query" \
        --data-urlencode "start=$from" --data-urlencode "end=$to" --data-urlencode "step=5" \
    | python3 -c 'import json, sys
values = [float(v) for _, v in json.load(sys.stdin)["data"]["result"][0]["values"]]
print(round(sum(values) / len(values)))')

echo
echo "| | |"
echo "|---|---:|"
echo "| restarts | $restarts |"
echo "| requests (wrk) | $requests |"
echo "| socket errors (connect/read/write/timeout) | $socket_errors |"
echo "| non-2xx responses | $non2xx |"
echo "| wrk's rate, req/s | $wrk_rate |"
echo "| Prometheus, \`$query\` averaged from $((from - start_time)) s to the end, req/s | $prom_rate |"
ratio=$(awk -v p="$prom_rate" -v w="$wrk_rate" 'BEGIN {printf "%.3f", p / w}')
echo "| Prometheus / wrk | $ratio |"
echo
echo "(files: $out)"

status=0
[ "$restarts" -ge 3 ] || { echo "FAIL: only $restarts restarts happened during the run"; status=1; }
[ "$socket_errors" = 0 ] || { echo "FAIL: $socket_errors socket errors"; status=1; }
[ "$non2xx" = 0 ] || { echo "FAIL: $non2xx non-2xx responses"; status=1; }
awk -v r="$ratio" 'BEGIN {exit !(r >= 0.9 && r <= 1.1)}' || { echo "FAIL: Prometheus' rate is not within 10 % of wrk's"; status=1; }
[ "$status" = 0 ] && echo "OK: no request lost in $restarts restarts"
exit "$status"
