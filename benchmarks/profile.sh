#!/usr/bin/env bash
# Where a server's CPU time goes per request: one server (the sample app or the raw-Netty baseline) pinned to
# CPU 0, warmed up, then each path served pipelined by wrk on CPU 1 while async-profiler samples it. Prints, per
# path, the server's CPU time per request split into parts of the request's way (decoding, routing, JSON, ...).
#
#   benchmarks/profile.sh [kiln|raw] [PATH...]        (default: kiln /plaintext /json /users/42)
#
# Environment: SECONDS_PER_PATH (default 10), WARMUP (s per path and mode, default 4), EVENT (async-profiler's
# event, default cpu: the kernel's software CPU clock; itimer where perf events are refused), INTERVAL (ns of
# CPU time between samples, default 500000: about a fifth more CPU per request here; finer costs more),
# PORT (default 19080), KILN_ARGS (more arguments for the sample app, e.g. --no-metrics). Needs wrk, jcmd, unzip and Maven (to fetch async-profiler 3.0 from Maven Central once).
#
# Run it under the team's benchmark lock: flock /tmp/kiln-bench.lock benchmarks/profile.sh
# Stacks go to benchmarks/target/profile-<time>/<server>-<path>.collapsed, one line per stack and its samples
# (flame-graph tools read this format).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
server=kiln
case "${1:-}" in kiln|raw) server=$1; shift ;; -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/plaintext /json /users/42)
SECONDS_PER_PATH=${SECONDS_PER_PATH:-10}
WARMUP=${WARMUP:-4}
EVENT=${EVENT:-cpu}
INTERVAL=${INTERVAL:-500000}
PORT=${PORT:-19080}
KILN_ARGS=${KILN_ARGS:-}

die() { echo "profile.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }
for tool in wrk jcmd unzip taskset; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"; done

# shellcheck source=lib.sh
. "$here/lib.sh"
if jars_stale; then
    command -v mvn >/dev/null 2>&1 || die "mvn is missing (needed to build the jars)"
    build_jars
fi

profiler_dir=$root/benchmarks/target/async-profiler
lib=$profiler_dir/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn is missing (needed once, to fetch async-profiler)"
    mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$profiler_dir" >&2
    unzip -q -o "$profiler_dir/async-profiler-3.0.jar" 'linux-x64/*' -d "$profiler_dir"
fi

port_open "$PORT" && die "port $PORT is in use (set PORT)"
out=$root/benchmarks/target/profile-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
if [ "$server" = kiln ]; then
    # shellcheck disable=SC2086
    taskset -c 0 java -jar "$sample_jar" --port "$PORT" $KILN_ARGS >"$out/server.log" 2>&1 &
else
    taskset -c 0 java -cp "$bench_jar" dev.kiln.bench.rawnetty.RawNettyServer --host 127.0.0.1 --port "$PORT" \
        >"$out/server.log" 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
wait_ready $pid "$PORT" || die "the server did not start on port $PORT; see $out/server.log"

load() { # CONNS SECONDS PATH [SCRIPT]: wrk on CPU 1; prints requests/s
    taskset -c 1 wrk -t1 -c"$1" -d"$2"s ${4:+-s "$4"} "http://127.0.0.1:$PORT$3" | awk '/^Requests\/sec/ {print $2}'
}
for p in "${paths[@]}"; do load 256 "$WARMUP" "$p" >/dev/null; done
for p in "${paths[@]}"; do load 256 "$WARMUP" "$p" "$here/pipeline.lua" >/dev/null; done

# async-profiler's options go through jcmd's parser, which splits on '=' unless the value is quoted.
agent() { jcmd $pid JVMTI.agent_load "$lib" "\"$1\"" >/dev/null; }

echo "$server, pipelined (${WRK_PIPELINE:-16} requests per write, 256 connections), ${SECONDS_PER_PATH} s per path,"
echo "async-profiler $EVENT every $INTERVAL ns; ns per request = share of samples x CPU time / requests"
for p in "${paths[@]}"; do
    stacks=$out/$server-$(echo "$p" | tr -c 'a-zA-Z0-9\n' '_' | sed 's/^_//').collapsed
    agent "start,event=$EVENT,interval=$INTERVAL"
    before=$(cpu_ticks $pid)
    rps=$(load 256 "$SECONDS_PER_PATH" "$p" "$here/pipeline.lua")
    after=$(cpu_ticks $pid)
    agent "stop,file=$stacks,collapsed"
    [ -n "$rps" ] || die "wrk reported nothing for $p"
    [ -s "$stacks" ] || die "no samples written for $p (try EVENT=itimer)"
    # Each stack is counted in the first part, in this order, that one of its frames belongs to.
    awk -v ns=$(((after - before) * 1000000000 / clk_tck)) -v rps="$rps" -v secs="$SECONDS_PER_PATH" -v path="$p" '
        BEGIN {
            n = split("socket write (writev)|socket read|epoll|response encoding (Netty)|request decoding (Netty)" \
                "|leak detector sampling (Netty)|body buffer allocation|body: JSON, UTF-8|routing and chain (generated)" \
                "|Kiln runtime|raw Netty handler|Netty, other|JVM, other", name, "|")
            re[1] = ";writev[ ;]"; re[2] = ";recv[ ;]"; re[3] = ";epoll_"
            re[4] = "HttpObjectEncoder\\.encode"; re[5] = "HttpObjectDecoder\\.decode"; re[6] = "ResourceLeakDetector"
            re[7] = "(RequestHandler\\.write|RawNettyHandler\\.read);.*AbstractByteBufAllocator"
            re[8] = "toJsonBytes|Context\\.json|RawNettyHandler\\.jsonObject|ByteBufUtil\\.writeUtf8"
            re[9] = "Routes\\."; re[10] = "dev/kiln/(server|pool|routing|Context)"
            re[11] = "RawNettyHandler"; re[12] = "io/netty/"; re[13] = "."
        }
        {
            samples = $NF; total += samples
            for (i = 1; i <= n; i++) if ($0 ~ re[i]) { part[i] += samples; break }
        }
        END {
            per = ns / (rps * secs) / total
            printf "\n%s: %.0f requests/s, %.0f ns CPU per request, %d samples\n\n", path, rps, ns / (rps * secs), total
            print "| part | ns per request |"; print "|---|---:|"
            for (i = 1; i <= n; i++) if (part[i] > 0) printf "| %s | %.0f |\n", name[i], part[i] * per
        }' "$stacks"
done
echo
echo "stacks: $out"
