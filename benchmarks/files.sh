#!/usr/bin/env bash
# Static files against nginx: one 100 MB file on the same disk, served by Debian's nginx (sendfile on) and by the
# sample app's /assets mount (KILN_ASSETS_DIR pointed at the same directory: sendfile through Netty's
# DefaultFileRegion), each server pinned to one CPU and curl to another, downloaded back to back, alternating
# nginx and Kiln every round. Prints the median MB/s of each and Kiln's share of nginx's.
#
#   benchmarks/files.sh [--quick] [--help]
#
#   --quick   smoke test: 3 rounds instead of ROUNDS
#
# Environment: ROUNDS (downloads of each server, medians shown; default 30), SIZE_MB (default 100), SERVER_CPU
# (default 0), CURL_CPU (default 1), PORT_BASE (default 18180), JAVA (default java), JAVA_OPTS (default none),
# VERBOSE (set: print every download's bytes per second, nginx then Kiln, and the sample app's log).
#
# Needs sample-app/target/sample-app.jar (mvn -B -o -q -DskipTests package -pl processor,sample-app -am) and
# nginx (.ci/install-package nginx /usr/sbin/nginx). nginx runs as this user with its own prefix, config and pid
# in a temporary directory, on a loopback port; both servers are stopped on exit.
# Run it under the team's lock: flock -o /tmp/kiln-cpu.lock benchmarks/files.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
ROUNDS=${ROUNDS:-30}
SIZE_MB=${SIZE_MB:-100}
SERVER_CPU=${SERVER_CPU:-0}
CURL_CPU=${CURL_CPU:-1}
PORT_BASE=${PORT_BASE:-18180}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
for arg in "$@"; do
    case "$arg" in
        --quick) ROUNDS=3 ;;
        --help | -h) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "files.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
    esac
done

die() { echo "files.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

nginx=/usr/sbin/nginx
[ -x "$nginx" ] || "$root/.ci/install-package" nginx "$nginx" >&2 || die "no nginx: apt-get install nginx"
command -v curl >/dev/null || die "no curl"
command -v taskset >/dev/null || die "no taskset (util-linux)"
sample_jar=$root/sample-app/target/sample-app.jar
[ -f "$sample_jar" ] || die "no $sample_jar: mvn -B -o -q -DskipTests package -pl processor,sample-app -am"
if [ -n "$(find "$root/runtime/src/main" "$root/sample-app/src/main" -newer "$sample_jar" -print -quit)" ]; then
    note "warning: $sample_jar is older than the sources; the figures are of the jar, not of the checkout"
fi
if [ "$(nproc)" -lt 2 ]; then
    note "only one CPU: server and curl share it"
    CURL_CPU=$SERVER_CPU
fi

tmp=$(mktemp -d /tmp/kiln-files.XXXXXX)
nginx_pid=""
kiln_pid=""
cleanup() {
    set +e
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    [ -n "$kiln_pid" ] && kill "$kiln_pid" 2>/dev/null && wait "$kiln_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---- the file, on the same disk for both ---------------------------------------------------------------------

mkdir -p "$tmp/www" "$tmp/nginx/logs"
head -c "$((SIZE_MB * 1000 * 1000))" /dev/urandom >"$tmp/www/big.bin"
size=$(stat -c %s "$tmp/www/big.bin")
chmod 755 "$tmp" "$tmp/www"
chmod 644 "$tmp/www/big.bin"

# ---- nginx -----------------------------------------------------------------------------------------------------

nginx_port=$PORT_BASE
kiln_port=$((PORT_BASE + 1))
for port in "$nginx_port" "$kiln_port"; do # a server left on the port would be measured instead
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is taken: set PORT_BASE"; fi
done
user_line=""
[ "$(id -u)" = 0 ] && user_line="user $(id -un) $(id -gn);" # the master is root: keep the workers as this user too
cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    types { application/octet-stream bin; }
    server {
        listen 127.0.0.1:$nginx_port;
        location /assets/ { alias $tmp/www/; }
    }
}
EOF
taskset -c "$SERVER_CPU" "$nginx" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" \
    >"$tmp/nginx/logs/stdout.log" 2>&1 &
nginx_pid=$!

# ---- Kiln: the sample app, /assets from the same directory --------------------------------------------------

# shellcheck disable=SC2086
KILN_ASSETS_DIR="$tmp/www" taskset -c "$SERVER_CPU" "$JAVA" $JAVA_OPTS -jar "$sample_jar" --port "$kiln_port" \
    --no-metrics >"$tmp/kiln.log" 2>&1 &
kiln_pid=$!

url() { echo "http://127.0.0.1:$1/assets/big.bin"; }
wait_200() {
    local i
    for ((i = 0; i < 300; i++)); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' -I "$(url "$1")" 2>/dev/null)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}
wait_200 "$nginx_port" || { cat "$tmp/nginx/logs/"*.log >&2; die "nginx did not answer"; }
wait_200 "$kiln_port" || { cat "$tmp/kiln.log" >&2; die "the sample app did not answer"; }

# Both send the same bytes (checked once, outside the timing), and a first download each warms the page cache
# and the JIT.
for port in "$nginx_port" "$kiln_port"; do
    curl -s -o "$tmp/copy.bin" "$(url "$port")"
    cmp -s "$tmp/copy.bin" "$tmp/www/big.bin" || die "the server on port $port sent other bytes"
    rm -f "$tmp/copy.bin"
done

# One download: prints its speed in bytes per second; fails unless it was a 200 of the whole file.
download() {
    local out
    out=$(taskset -c "$CURL_CPU" curl -s -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "$(url "$1")")
    set -- $out
    [ "$1" = 200 ] && [ "$2" = "$size" ] || die "download: status $1, $2 of $size bytes"
    echo "$3"
}

note "$ROUNDS rounds of one $((size / 1000000)) MB download from each, alternating; server on CPU $SERVER_CPU, curl on $CURL_CPU"
: >"$tmp/nginx.speeds"
: >"$tmp/kiln.speeds"
for ((r = 1; r <= ROUNDS; r++)); do
    download "$nginx_port" >>"$tmp/nginx.speeds"
    download "$kiln_port" >>"$tmp/kiln.speeds"
done

if [ -n "${VERBOSE:-}" ]; then paste "$tmp/nginx.speeds" "$tmp/kiln.speeds" >&2; cat "$tmp/kiln.log" >&2; fi
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
nginx_mbs=$(awk -v b="$(median "$tmp/nginx.speeds")" 'BEGIN { printf "%.0f", b / 1e6 }')
kiln_mbs=$(awk -v b="$(median "$tmp/kiln.speeds")" 'BEGIN { printf "%.0f", b / 1e6 }')
ratio=$(awk -v k="$kiln_mbs" -v n="$nginx_mbs" 'BEGIN { printf "%.2f", k / n }')
nginx_version=$("$nginx" -v 2>&1 | sed 's/.*nginx\///')

echo "| server | file | downloads | median MB/s |"
echo "|---|---|---|---|"
echo "| nginx $nginx_version (sendfile on, 1 worker) | $((size / 1000000)) MB | $ROUNDS | $nginx_mbs |"
echo "| Kiln sample app, /assets (KILN_ASSETS_DIR) | $((size / 1000000)) MB | $ROUNDS | $kiln_mbs |"
echo
echo "Kiln / nginx: $ratio"
