#!/usr/bin/env bash
# Load test: the sample app (Kiln), the raw-Netty baseline and, where Go and Gin are installed, the Gin
# anchor, interleaved in one run, each server pinned to one CPU and wrk to another. Prints a markdown table.
#
#   benchmarks/load.sh [--quick] [--no-pool] [--no-metrics] [--metrics-cost] [--no-gin] [--startup] [--realworld] [--help]
#
#   --quick     smoke test: 2 s cells, 1 s warm-up (same cells otherwise)
#   --no-pool   run the sample app with context pooling off (SampleApp --no-pool)
#   --no-metrics  run the sample app without its Prometheus metrics (SampleApp --no-metrics)
#   --metrics-cost  what the metrics cost: the sample app with metrics (K) against itself with --no-metrics
#               (N); no raw Netty, no Gin. One server process alive at a time, on one port: each round starts
#               one, warms it up, measures every cell, stops it, then the other, in ABBA order (K first in odd
#               rounds, N first in even ones). Reports each round's K/N (a paired ratio: the same minutes of
#               the machine) with its median, quartiles and range; with --no-metrics as well, both are the
#               sample app without metrics (an A/A test: how far from 1.000 the method's own scatter reaches)
#   --no-gin    leave Gin out even when it builds
#   --startup   only measure start-up: process start to first answered request, sample app on JDK 17 and
#               JDK 25, each without and with the archive sample-app/aot-train.sh makes (AppCDS; AOT cache),
#               the latter with the options sample-app/run.sh adds (the native library it kept,
#               -XX:CompileThresholdScaling=4; on JDK 25 --sun-misc-unsafe-memory-access=allow)
#   --realworld the RealWorld example with a database instead (alone): GET /api/articles (20 articles with
#               authors and tags) and GET /api/profiles/bench0 (one row), its embedded PostgreSQL pinned to
#               WRK_CPU, away from the server's CPU; PATHS, CONNS (default 256) and PIPELINE_CONNS (default
#               none) apply; the table adds PostgreSQL's CPU per request
#
# Environment: DURATION (s per cell, default 10), ROUNDS (runs of every cell, medians shown; default 1, with
# --metrics-cost 20),
# WARMUP (s per server and path, default 3), PATHS (default "/plaintext /json /users/42 /fortunes"),
# SAMPLE_ONLY_PATHS (paths of PATHS only the sample app serves, measured on it alone: the raw-Netty baseline and
# Gin render no page; default "/fortunes"), CONNS (default "256 10000"), PIPELINE_CONNS (default 256; empty: no pipelined cells),
# WRK_PIPELINE (requests per write, default 16), WRK_THREADS (default 1), SERVER_CPU (default 0), WRK_CPU
# (default 1), PORT_BASE (default 18080), JAVA (default java), JAVA_OPTS (both JVM servers, default none),
# JAVA17 and JAVA25 (for --startup; JAVA25 default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java, its rows left
# out when missing), STARTUP_RUNS (default 5), KILN_SHARED (default: ../shared beside the repository),
# RAW_ARGS (more arguments for RawNettyServer, e.g. --kiln-footprint; default none), FRESH (1, the default: new
# server processes for every round, each warmed up again; 0: one process per server for the whole run; always 1
# with --metrics-cost).
#
# Run it under the team's benchmark lock: flock /tmp/kiln-bench.lock benchmarks/load.sh
# Only loopback addresses are loaded. Results also go to benchmarks/target/load-<time>/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${KILN_SHARED:-$(cd "$root/.." && pwd)/shared} # beside the repository; set KILN_SHARED from a worktree

realworld=0
for arg in "$@"; do if [ "$arg" = --realworld ]; then realworld=1; fi; done
if [ "$realworld" = 1 ]; then
    CONNS=${CONNS:-256}
    PIPELINE_CONNS=${PIPELINE_CONNS-}
    PATHS=${PATHS:-"/api/articles /api/profiles/bench0"}
fi
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-"256 10000"}
PIPELINE_CONNS=${PIPELINE_CONNS-256}
export WRK_PIPELINE=${WRK_PIPELINE:-16}
WRK_THREADS=${WRK_THREADS:-1}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
PORT_BASE=${PORT_BASE:-18080}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
RAW_ARGS=${RAW_ARGS:-}
STARTUP_RUNS=${STARTUP_RUNS:-5}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ROUNDS_SET=${ROUNDS:-}
ROUNDS=${ROUNDS:-1}
FRESH=${FRESH:-1}
PATHS=${PATHS:-"/plaintext /json /users/42 /fortunes"}
SAMPLE_ONLY_PATHS=${SAMPLE_ONLY_PATHS-/fortunes}

no_pool=0
no_metrics=0
metrics_cost=0
with_gin=1
startup_only=0
for arg in "$@"; do
    case "$arg" in
        --quick) DURATION=2; WARMUP=1 ;;
        --no-pool) no_pool=1 ;;
        --no-metrics) no_metrics=1 ;;
        --metrics-cost) metrics_cost=1; with_gin=0 ;;
        --no-gin) with_gin=0 ;;
        --startup) startup_only=1 ;;
        --realworld) ;;
        -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "load.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done

die() { echo "load.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

if [ "$metrics_cost" = 1 ]; then
    # One process per server and round is the method (see --help): a process's speed is its own (JIT, heap)
    # and differs by up to ~10 % between two processes of the same jar, so only many rounds resolve a few percent.
    if [ -z "$ROUNDS_SET" ]; then ROUNDS=20; fi
    if [ "$FRESH" != 1 ]; then note "FRESH=$FRESH ignored: --metrics-cost starts new processes every round"; FRESH=1; fi
fi

# ---- tools ---------------------------------------------------------------------------------------------

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=0
apt_install() {
    can_apt || die "$1 is missing and cannot be installed here (not root or no apt-get): install package $2"
    if [ "$apt_updated" = 0 ]; then apt-get update -qq >&2; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
}
command -v taskset >/dev/null 2>&1 || apt_install taskset util-linux
command -v "$JAVA" >/dev/null 2>&1 || die "no '$JAVA' on PATH: install a JDK 17+ or set JAVA"
if [ "$startup_only" = 0 ]; then
    command -v wrk >/dev/null 2>&1 || apt_install wrk wrk
fi

cpus=$(nproc)
if [ "$cpus" -lt 2 ] && [ "$startup_only" = 0 ]; then
    note "only $cpus CPU: server and wrk share it, figures are not comparable to a two-core run"
    WRK_CPU=$SERVER_CPU
fi

# ---- build ---------------------------------------------------------------------------------------------

# shellcheck source=lib.sh
. "$here/lib.sh"
if jars_stale || { [ "$realworld" = 1 ] && realworld_stale; }; then
    command -v mvn >/dev/null 2>&1 || apt_install mvn maven
    build_jars
fi
if [ "$realworld" = 1 ]; then command -v curl >/dev/null 2>&1 || apt_install curl curl; fi

# ---- processes -----------------------------------------------------------------------------------------

started_pids=()
cleanup() {
    local pid
    for pid in "${started_pids[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    for pid in "${started_pids[@]:-}"; do
        [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

java17() {
    if [ -n "${JAVA17:-}" ]; then echo "$JAVA17"; return; fi
    local j
    for j in "$JAVA" /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/temurin-17-jdk-amd64/bin/java; do
        command -v "$j" >/dev/null 2>&1 || continue
        case "$("$j" -version 2>&1 || true)" in *'version "17.'* | *'version "17"'*) echo "$j"; return ;; esac
    done
    die "no JDK 17 found: set JAVA17"
}

stamp=$(date +%Y%m%d-%H%M%S)
out=$root/benchmarks/target/load-$stamp
mkdir -p "$out"

machine() {
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r)"
    echo "java: $("$JAVA" -version 2>&1 | head -1)"
}

# ---- start-up ------------------------------------------------------------------------------------------

# startup_run PIN [JVM-ARG...]: milliseconds from launching the sample app to its first 200; PIN "" or a CPU list.
startup_run() {
    local port=$((PORT_BASE + 9)) t0 t1 pid i ms="" pin=$1
    shift
    port_open "$port" && die "port $port is in use"
    t0=$(date +%s%N)
    if [ -n "$pin" ]; then
        taskset -c "$pin" "$jvm" "$@" -jar "$sample_jar" --port "$port" >"$out/startup.log" 2>&1 &
    else
        "$jvm" "$@" -jar "$sample_jar" --port "$port" >"$out/startup.log" 2>&1 &
    fi
    pid=$!
    for ((i = 0; i < 6000; i++)); do # at most ~30 s
        case "$(status_line "$port" /plaintext 2>/dev/null)" in
            *" 200"*) t1=$(date +%s%N); ms=$(((t1 - t0) / 1000000)); break ;;
        esac
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.005
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$ms" ] || die "the sample app did not answer within 30 s; see $out/startup.log"
    echo "$ms"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

if [ "$startup_only" = 1 ]; then
    machine
    echo "start-up of the sample app, $STARTUP_RUNS runs each (ms, process start to first 200 on GET /plaintext);"
    echo "archives made by sample-app/aot-train.sh (a training run that answers the main routes, stopped by SIGTERM),"
    echo "started as sample-app/run.sh starts them (with the native library the training run kept and"
    echo "-XX:CompileThresholdScaling=4; JDK 25: and --sun-misc-unsafe-memory-access=allow); load average at the"
    echo "start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| JDK | archive | CPUs | runs (ms) | median (ms) |"
    echo "|---|---|---|---|---|"
    # startup_rows JAVA ARCHIVE-LABEL [JVM-ARG...]: one row on all CPUs, one pinned to SERVER_CPU.
    startup_rows() {
        local jdk lbl=$2 runs where r
        jvm=$1
        shift 2
        jdk=$("$jvm" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')
        for pin in "" "$SERVER_CPU"; do
            runs=""
            for ((r = 0; r < STARTUP_RUNS; r++)); do runs="$runs $(startup_run "$pin" "$@")"; done
            where="all ($(nproc))"
            if [ -n "$pin" ]; then where="pinned to CPU $pin"; fi
            echo "| $jdk | $lbl | $where |${runs} | $(echo "$runs" | median) |"
        done
    }
    j17=$(java17)
    startup_rows "$j17" none
    JAVA=$j17 JAR=$sample_jar OUT=$out/sample-app.jsa PORT=$((PORT_BASE + 9)) "$root/sample-app/aot-train.sh" >&2
    startup_rows "$j17" "AppCDS, run.sh" -XX:SharedArchiveFile="$out/sample-app.jsa" -Djava.library.path="$out/native" \
        -XX:CompileThresholdScaling=4
    if [ -x "$JAVA25" ]; then
        startup_rows "$JAVA25" none
        JAVA=$JAVA25 JAR=$sample_jar OUT=$out/sample-app.aot PORT=$((PORT_BASE + 9)) "$root/sample-app/aot-train.sh" >&2
        startup_rows "$JAVA25" "AOT cache, run.sh" -XX:AOTCache="$out/sample-app.aot" \
            --sun-misc-unsafe-memory-access=allow -Djava.library.path="$out/native" -XX:CompileThresholdScaling=4
    else
        note "no JDK 25 at $JAVA25: set JAVA25 for its rows"
    fi
    echo
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

# ---- servers -------------------------------------------------------------------------------------------

max_conns=0     # the most connections any cell opens
most_conns=0    # the most keep-alive connections: RSS is read after those cells
for c in $CONNS; do
    if [ "$c" -gt "$most_conns" ]; then most_conns=$c; fi
done
for c in $CONNS $PIPELINE_CONNS; do
    if [ "$c" -gt "$max_conns" ]; then max_conns=$c; fi
done
need_fds=$((max_conns + 1024))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need_fds" ]; then
    ulimit -n "$need_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$need_fds" ] \
    || die "open files limit $(ulimit -n) < $need_fds: raise it (ulimit -n) or lower CONNS"

declare -A label

start_server() { # NAME LABEL PORT COMMAND...
    local name=$1 lbl=$2 port=$3 ready=/plaintext
    shift 3
    if [ "$name" = realworld ]; then ready=/api/tags; fi
    port_open "$port" && die "port $port is in use"
    taskset -c "$SERVER_CPU" "$@" >>"$out/$name.log" 2>&1 &
    local pid=$!
    started_pids+=("$pid")
    wait_ready "$pid" "$port" "$ready" || die "$lbl did not start on port $port; see $out/$name.log"
    names+=("$name"); ports+=("$port"); pids+=("$pid"); label[$name]=$lbl
    note "$lbl: pid $pid, port $port, CPU $SERVER_CPU"
}

gin_dir=$shared/anchors/gin-server
gin_bin=
if [ "$realworld" = 1 ]; then
    : # the RealWorld example runs alone
elif [ "$with_gin" = 0 ]; then
    note "Gin left out (--no-gin)"
elif [ ! -x "$gin_dir/build.sh" ]; then
    note "Gin skipped: no $gin_dir/build.sh"
elif ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/github.com/gin-gonic/gin ]; then
    note "Gin skipped: Go or Gin not installed (apt-get install golang-go golang-github-gin-gonic-gin-dev)"
elif ! sh "$gin_dir/build.sh" "$out/gin-server" >"$out/gin-build.log" 2>&1; then
    note "Gin skipped: its build failed, see $out/gin-build.log"
else
    gin_bin=$out/gin-server
fi

# The processes below PID (the embedded PostgreSQL's postmaster and its backends, for the RealWorld app).
descendants() {
    local child
    for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# The embedded PostgreSQL's postmaster of the RealWorld app whose log is LOG (pg_ctl detached it from the app).
postmaster_of() {
    local port
    port=$(sed -n 's/.*embedded PostgreSQL on port \([0-9]*\).*/\1/p' "$1" | tail -1)
    [ -n "$port" ] || return 1
    ps -eo pid=,args= | awk -v p=" -p $port " '/bin\/postgres / && index($0 " ", p) {print $1; exit}'
}

# Sum of cpu_ticks over a postmaster and its backends: PostgreSQL's CPU for the RealWorld app.
db_ticks() {
    local pid total=0 t
    for pid in "$1" $(descendants "$1"); do
        t=$(cpu_ticks "$pid" 2>/dev/null) || continue
        total=$((total + t))
    done
    echo "$total"
}

# seed_realworld PORT: users bench0..bench4, four articles each with three tags: a list of 20 to load.
seed_realworld() {
    local port=$1 u a token api="http://127.0.0.1:$1/api"
    for ((u = 0; u < 5; u++)); do
        token=$(curl -sf -H 'Content-Type: application/json' "$api/users" \
            -d "{\"user\":{\"username\":\"bench$u\",\"email\":\"bench$u@example.com\",\"password\":\"bench-password\"}}" \
            | sed -n 's/.*"token":"\([^"]*\)".*/\1/p') || die "could not register bench$u; see $out/realworld.log"
        [ -n "$token" ] || die "no token for bench$u; see $out/realworld.log"
        for ((a = 0; a < 4; a++)); do
            curl -sf -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Token $token" "$api/articles" \
                -d "{\"article\":{\"title\":\"Article $a of bench$u\",\"description\":\"What bench$u wrote, number $a\",\"body\":\"$(printf 'word %.0s' $(seq 1 200))\",\"tagList\":[\"bench\",\"tag$a\",\"user$u\"]}}" \
                || die "could not create an article of bench$u; see $out/realworld.log"
        done
    done
}

start_servers() { # [kiln|raw]: with --metrics-cost, the one server to start (on PORT_BASE)
    names=(); ports=(); pids=()
    if [ "$realworld" = 1 ]; then
        # shellcheck disable=SC2086
        start_server realworld "Kiln (RealWorld, PostgreSQL)" "$PORT_BASE" env -u DATABASE_URL "$JAVA" $JAVA_OPTS -jar "$realworld_jar" --port "$PORT_BASE"
        # PostgreSQL started from the server's process inherited its CPU: move it to wrk's, new backends with it.
        db_pid=$(postmaster_of "$out/realworld.log") || true
        [ -n "$db_pid" ] || die "no embedded PostgreSQL found for the RealWorld app (DATABASE_URL set?); see $out/realworld.log"
        local p
        for p in "$db_pid" $(descendants "$db_pid"); do taskset -a -p -c "$WRK_CPU" "$p" >/dev/null; done
        note "PostgreSQL (postmaster $db_pid and $(descendants "$db_pid" | wc -l) children) moved to CPU $WRK_CPU"
        seed_realworld "$PORT_BASE"
        n=${#names[@]}
        return
    fi
    local kiln_args=() kiln_label="Kiln (sample app"
    if [ "$no_pool" = 1 ]; then kiln_args+=(--no-pool); kiln_label+=", pooling off"; fi
    if [ "$no_metrics" = 1 ]; then kiln_args+=(--no-metrics); kiln_label+=", no metrics"; fi
    if [ "$metrics_cost" = 1 ]; then
        # One server alone, both on the same port: nothing of the other's (its idle threads, its port) in the cell.
        if [ "$1" = kiln ]; then
            # shellcheck disable=SC2086
            start_server kiln "$kiln_label)" "$PORT_BASE" "$JAVA" $JAVA_OPTS -jar "$sample_jar" --port "$PORT_BASE" "${kiln_args[@]}"
        else
            # shellcheck disable=SC2086
            start_server raw "$kiln_label, no metrics)" "$PORT_BASE" "$JAVA" $JAVA_OPTS -jar "$sample_jar" \
                --port "$PORT_BASE" "${kiln_args[@]}" --no-metrics
        fi
        n=${#names[@]}
        return
    fi
    # shellcheck disable=SC2086
    start_server kiln "$kiln_label)" "$PORT_BASE" "$JAVA" $JAVA_OPTS -jar "$sample_jar" --port "$PORT_BASE" "${kiln_args[@]}"
    # shellcheck disable=SC2086
    start_server raw "raw Netty${RAW_ARGS:+ ($RAW_ARGS)}" $((PORT_BASE + 1)) "$JAVA" $JAVA_OPTS -cp "$bench_jar" dev.kiln.bench.rawnetty.RawNettyServer \
        --host 127.0.0.1 --port $((PORT_BASE + 1)) $RAW_ARGS
    if [ -n "$gin_bin" ]; then start_server gin "Gin" $((PORT_BASE + 2)) "$gin_bin" $((PORT_BASE + 2)); fi
    n=${#names[@]}
}

stop_servers() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    started_pids=() # all of them were these: cleanup must not signal a process id used again since
}

# ---- measuring -----------------------------------------------------------------------------------------

# wrk_run PORT PATH CONNS SECONDS SCRIPT: prints wrk's KILNBENCH line, or nothing when wrk failed.
wrk_run() {
    local threads=$WRK_THREADS
    if [ "$3" -lt "$threads" ]; then threads=$3; fi
    taskset -c "$WRK_CPU" wrk -t"$threads" -c"$3" -d"$4"s -s "$5" "http://127.0.0.1:$1$2" 2>&1 \
        | tee -a "$out/wrk.log" | grep '^KILNBENCH' || true
}

ms() { awk -v u="$1" 'BEGIN {if (u == "-" || u == "") print "-"; else printf "%.2f", u / 1000}'; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $2"; }

results=$out/results.tsv
printf 'round\tserver\tpath\tconns\tmode\trps\tp50_us\tp99_us\tconnect\tread\twrite\ttimeout\tnon2xx\tcpu_us_per_req\trss_mb\tdb_cpu_us_per_req\n' >"$results"

# measure ROUND INDEX PATH CONNS MODE: one cell for one server, appended to results.tsv.
measure() {
    local round=$1 i=$2 path=$3 conns=$4 mode=$5 script=$here/report.lua
    local name=${names[$i]} port=${ports[$i]} pid=${pids[$i]}
    if [ "$mode" = pipelined ]; then script=$here/pipeline.lua; fi
    echo "== round $round: $name $path c=$conns $mode" >>"$out/wrk.log"
    local c0 c1 d0=0 d1=0 line
    if [ "$name" = realworld ]; then d0=$(db_ticks "$db_pid"); fi
    c0=$(cpu_ticks "$pid")
    line=$(wrk_run "$port" "$path" "$conns" "$DURATION" "$script")
    c1=$(cpu_ticks "$pid")
    if [ "$name" = realworld ]; then d1=$(db_ticks "$db_pid"); fi
    kill -0 "$pid" 2>/dev/null || die "${label[$name]} died; see $out/$name.log"
    local rss=-
    if [ "$conns" = "$most_conns" ] && [ "$mode" = keep-alive ]; then rss=$(rss_mb "$pid"); fi
    if [ -z "$line" ]; then
        note "${label[$name]} $path c=$conns $mode: wrk reported nothing, see $out/wrk.log"
        return
    fi
    local req dur rps cpu db=-
    req=$(field requests "$line")
    dur=$(field duration_us "$line")
    rps=$(awk -v r="$req" -v d="$dur" 'BEGIN {printf "%.0f", (d > 0) ? r * 1e6 / d : 0}')
    cpu=$(awk -v t=$((c1 - c0)) -v hz="$clk_tck" -v r="$req" 'BEGIN {printf "%.2f", (r > 0) ? t / hz * 1e6 / r : 0}')
    if [ "$name" = realworld ]; then
        db=$(awk -v t=$((d1 - d0)) -v hz="$clk_tck" -v r="$req" 'BEGIN {printf "%.2f", (r > 0) ? t / hz * 1e6 / r : 0}')
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$path" "$conns" "$mode" \
        "$rps" "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field connect "$line")" "$(field read "$line")" \
        "$(field write "$line")" "$(field timeout "$line")" "$(field status "$line")" "$cpu" "$rss" "$db" >>"$results"
    local dbnote=""
    if [ "$db" != - ]; then dbnote=" (PostgreSQL: $db µs)"; fi
    note "round $round, ${label[$name]} $path c=$conns $mode: $rps req/s, $cpu µs CPU/req$dbnote"
}

# serves INDEX PATH: whether server INDEX answers PATH. SAMPLE_ONLY_PATHS are the sample app's alone; with
# --metrics-cost both servers are the sample app.
serves() {
    local p
    if [ "$metrics_cost" = 1 ] || [ "${names[$1]}" = kiln ] || [ "${names[$1]}" = realworld ]; then return 0; fi
    for p in $SAMPLE_ONLY_PATHS; do if [ "$p" = "$2" ]; then return 1; fi; done
    return 0
}

# Every mode measured is warmed up: a server's first pipelined requests take code paths that keep-alive ones
# never did, and compiling them again cost up to a fifth of the first pipelined cell (of either JVM server).
warm_up() {
    local i path
    note "warm-up: ${WARMUP} s per server and path at 256 connections${PIPELINE_CONNS:+, then as long pipelined}"
    for ((i = 0; i < n; i++)); do
        for path in $PATHS; do
            serves "$i" "$path" || continue
            wrk_run "${ports[$i]}" "$path" 256 "$WARMUP" "$here/report.lua" >/dev/null
            if [ -n "$PIPELINE_CONNS" ]; then
                wrk_run "${ports[$i]}" "$path" "$PIPELINE_CONNS" "$WARMUP" "$here/pipeline.lua" >/dev/null
            fi
        done
    done
}

cells=() # "PATH CONNS MODE", in the order they are measured
for conns in $CONNS; do
    for path in $PATHS; do cells+=("$path $conns keep-alive"); done
done
if [ -n "$PIPELINE_CONNS" ]; then
    for path in $PATHS; do cells+=("$path $PIPELINE_CONNS pipelined"); done
fi

# One round of cell number C: every server back to back, in an order that rotates with the round and the cell,
# so that drift on a shared machine falls on all servers alike; the table shows the median of the rounds.
run_round() { # ROUND C PATH CONNS MODE
    local k i
    for ((k = 0; k < n; k++)); do
        i=$((($2 + $1 + k) % n))
        serves "$i" "$3" || continue
        measure "$1" "$i" "$3" "$4" "$5"
        sleep 1 # let the previous server finish closing its connections
    done
}
if [ "$metrics_cost" = 1 ]; then
    # One server process at a time, ABBA: K N in odd rounds, N K in even ones, so that neither is always the
    # one measured first or last in a round; every cell of a round on the same process of each.
    for ((r = 1; r <= ROUNDS; r++)); do
        order="kiln raw"
        if [ $((r % 2)) = 0 ]; then order="raw kiln"; fi
        for s in $order; do
            start_servers "$s"
            warm_up
            for c in "${!cells[@]}"; do
                # shellcheck disable=SC2086
                measure "$r" 0 ${cells[$c]}
                sleep 1
            done
            stop_servers
            sleep 1
        done
    done
elif [ "$FRESH" = 1 ]; then
    # New processes every round, each warmed up again: one process per server for the whole run would carry
    # whatever its JIT made of the warm-up into every round, and a round's figures would not be independent.
    for ((r = 1; r <= ROUNDS; r++)); do
        start_servers
        warm_up
        for c in "${!cells[@]}"; do
            # shellcheck disable=SC2086
            run_round "$r" "$c" ${cells[$c]}
        done
        stop_servers
    done
else
    start_servers
    warm_up
    for c in "${!cells[@]}"; do
        for ((r = 1; r <= ROUNDS; r++)); do
            # shellcheck disable=SC2086
            run_round "$r" "$c" ${cells[$c]}
        done
    done
fi

# ---- report --------------------------------------------------------------------------------------------

# Medians over the rounds per server and cell (socket errors and non-2xx: sums; RSS: the largest), in cell
# order; a latency wrk could not give (0) is left out of its median and shown as "-".
summary=$out/summary.tsv
awk -F'\t' -v OFS='\t' '
    function median(list,    v, m, i, j, t) {
        m = split(list, v, " ")
        if (m == 0) return "-"
        for (i = 2; i <= m; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
        return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
    }
    NR == 1 { next }
    {
        cell = $3 OFS $4 OFS $5; key = $2 OFS cell
        if (!(cell in cells)) { cells[cell] = 1; order[++ncells] = cell }
        rounds[key]++
        rps[key] = rps[key] " " $6
        if ($7 > 0) p50[key] = p50[key] " " $7
        if ($8 > 0) p99[key] = p99[key] " " $8
        sock[key] = sock[key] + $9 + $10 + $11 + $12; con[key] += $9; rd[key] += $10; wr[key] += $11; to[key] += $12
        bad[key] += $13
        cpu[key] = cpu[key] " " $14
        if ($15 != "-" && $15 + 0 > rss[key] + 0) rss[key] = $15
        if ($16 != "-" && $16 != "") db[key] = db[key] " " $16
    }
    END {
        split("kiln raw gin realworld", servers, " ")
        for (c = 1; c <= ncells; c++) for (s = 1; s <= 4; s++) {
            key = servers[s] OFS order[c]
            if (!(key in rounds)) continue
            print servers[s], order[c], median(rps[key]), median(p50[key]), median(p99[key]),
                con[key] "/" rd[key] "/" wr[key] "/" to[key], bad[key], median(cpu[key]), (key in rss) ? rss[key] : "-", rounds[key],
                median(db[key])
        }
    }
' "$results" >"$summary"

# --metrics-cost: K/N of each round (the two processes of the same round, minutes apart), per cell: the median,
# the quartiles and the range over the rounds, then every round's ratio. Medians of each server's own figures
# would pair nothing: the machine's speed drifts between rounds by more than the effect.
paired_ratios() {
    echo "Paired ratios, K/N within each round (K = with metrics, N = without; one process at a time, ABBA):"
    echo
    echo "| path | conns | mode | rounds | CPU/req K/N median | quartiles | min–max | req/s K/N median | CPU/req K/N per round |"
    echo "|---|---|---|---:|---:|---|---|---:|---|"
    awk -F'\t' '
        function sortv(v, m,    i, j, t) { for (i = 2; i <= m; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t } }
        function q(v, m, p,    x, i) { x = 1 + (m - 1) * p; i = int(x); return (i >= m) ? v[m] : v[i] + (x - i) * (v[i + 1] - v[i]) }
        NR == 1 { next }
        { cell = $3 "\t" $4 "\t" $5; if (!(cell in seen)) { seen[cell] = 1; order[++k] = cell }
          cpu[$2, $1, cell] = $14; rps[$2, $1, cell] = $6; if ($1 > maxr) maxr = $1 }
        END {
            for (i = 1; i <= k; i++) {
                c = order[i]; m = 0; list = ""
                for (r = 1; r <= maxr; r++) {
                    if (!(("kiln", r, c) in cpu) || !(("raw", r, c) in cpu) || cpu["raw", r, c] + 0 == 0 || rps["raw", r, c] + 0 == 0) continue
                    m++; a[m] = cpu["kiln", r, c] / cpu["raw", r, c]; b[m] = rps["kiln", r, c] / rps["raw", r, c]
                    list = list sprintf("%s%.3f", (m > 1) ? " " : "", a[m])
                }
                split(c, f, "\t")
                if (m == 0) { printf "| %s | %s | %s | 0 | - | - | - | - | - |\n", f[1], f[2], f[3]; continue }
                sortv(a, m); sortv(b, m)
                printf "| %s | %s | %s | %d | %.3f | %.3f–%.3f | %.3f–%.3f | %.3f | %s |\n", f[1], f[2], f[3], m,
                    q(a, m, 0.5), q(a, m, 0.25), q(a, m, 0.75), a[1], a[m], q(b, m, 0.5), list
            }
        }
    ' "$results"
}

{
    machine
    echo "wrk: $(wrk --version 2>&1 | head -1 | awk '{print $2}'), $WRK_THREADS thread(s) on CPU $WRK_CPU; servers on CPU $SERVER_CPU; ${DURATION} s per cell, $ROUNDS round(s)$([ "$FRESH" = 1 ] && echo ", new server processes each round")$([ "$metrics_cost" = 1 ] && echo ", one at a time, ABBA"), medians shown; ${WARMUP} s warm-up per server and path; pipelined: $WRK_PIPELINE requests per write"
    echo
    if [ "$realworld" = 1 ]; then
        echo "| server | path | conns | mode | req/s | p50 ms | p99 ms | socket errors c/r/w/t | non-2xx | CPU µs/req | PostgreSQL CPU µs/req | RSS MB |"
        echo "|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|"
    else
        echo "| server | path | conns | mode | req/s | p50 ms | p99 ms | socket errors c/r/w/t | non-2xx | CPU µs/req | RSS MB |"
        echo "|---|---|---|---|---:|---:|---:|---|---:|---:|---:|"
    fi
    while IFS=$'\t' read -r s p c m rps p50 p99 sock bad cpu rss rounds dbcpu; do
        dbcol=""
        if [ "$realworld" = 1 ]; then dbcol=" $(awk -v v="$dbcpu" 'BEGIN {if (v == "-") print "-"; else printf "%.2f", v}') |"; fi
        echo "| ${label[$s]} | $p | $c | $m | $(awk -v v="$rps" 'BEGIN {printf "%.0f", v}') | $(ms "$p50") | $(ms "$p99") | $sock | $bad | $(awk -v v="$cpu" 'BEGIN {printf "%.2f", v}') |$dbcol $rss |"
    done <"$summary"
    echo
    if [ "$realworld" = 1 ]; then exit 0; fi # one server: no ratios
    if [ "$metrics_cost" = 1 ]; then
        paired_ratios
        exit 0
    fi
    echo "Ratios of the medians (Kiln / raw Netty; Kiln / Gin where Gin ran):"
    echo
    echo "| path | conns | mode | req/s K/N | CPU/req K/N | p99 K/N | req/s K/Gin |"
    echo "|---|---|---|---:|---:|---:|---:|"
    awk -F'\t' '
        { key = $2 "\t" $3 "\t" $4; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
          rps[$1, key] = $5; p99[$1, key] = $7; cpu[$1, key] = $10 }
        function ratio(a, b) { return (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) ? "-" : sprintf("%.3f", a / b) }
        END { for (i = 1; i <= k; i++) { split(order[i], f, "\t")
              if (!(("raw", order[i]) in rps) && !(("gin", order[i]) in rps)) continue # a sample-only path
              printf "| %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3],
                  ratio(rps["kiln", order[i]], rps["raw", order[i]]), ratio(cpu["kiln", order[i]], cpu["raw", order[i]]),
                  ratio(p99["kiln", order[i]], p99["raw", order[i]]), ratio(rps["kiln", order[i]], rps["gin", order[i]]) } }
    ' "$summary"
} | tee "$out/table.md"
note "every round: $results; wrk output: $out/wrk.log"
