#!/usr/bin/env bash
# Makes the sample app's class-data archive from a training run, for sample-app/run.sh (and the image) to start
# from: on JDK 25+ an AOT cache (JEP 514's one-step -XX:AOTCacheOutput, with JEP 515's method profiles), on
# JDK 13..24 an AppCDS archive (-XX:ArchiveClassesAtExit). The training run starts the app on a free loopback
# port, sends every main route a few requests, and stops it with SIGTERM: the shutdown hooks run and the JVM exits
# through its normal exit path, which writes the archive (exit status 143 is expected). It also keeps the native
# libraries Netty unpacks from the jar (its epoll transport) in a directory beside the archive, so that the runs
# load them with System.loadLibrary (-Djava.library.path) instead of unpacking them again on every start.
#
#   sample-app/aot-train.sh [--help]
#
# Environment: JAVA (default java; the archive is only usable by this very JDK build and runtime image), JAR
# (default sample-app/target/sample-app.jar; the archive is only usable with this jar, at this path, unchanged),
# OUT (default: the jar's directory, sample-app.aot on JDK 25+ and sample-app.jsa before), NATIVE (default: the
# directory "native" beside OUT), PORT (default: a free one from 18100 up), JAVA_OPTS (more JVM options for the
# training run, e.g. the GC production uses). The training run gets -XX:CompileThresholdScaling=4 and, on JDK 23+,
# --sun-misc-unsafe-memory-access=allow, as the runs do (run.sh says why): the methods it sees compiled are the
# ones the JDK 25 cache's profiles make the runs compile early.
# Beside the archive, OUT.jdk records which JDK build made it (its release file's version lines, else its
# `java -version`): run.sh uses the archive only when it matches;
# NATIVE/jar.stamp records the jar's size and time: run.sh uses the libraries only when the jar is that one.
# Needs bash and grep only (no curl, no unzip): the requests go through bash's /dev/tcp.
set -euo pipefail

case "${1:-}" in
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    "") ;;
    *) echo "aot-train.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
JAVA=${JAVA:-java}
JAR=${JAR:-$here/target/sample-app.jar}
JAVA_OPTS=${JAVA_OPTS:-}

die() { echo "aot-train.sh: $*" >&2; exit 1; }
# shellcheck source=jdk.sh
. "$here/jdk.sh" # jdk_id and feature

[ -f "$JAR" ] || die "no $JAR: build it first (mvn -B -q -DskipTests package -pl processor,sample-app -am)"
banner=$("$JAVA" -version 2>&1 | head -1) || die "'$JAVA' does not run: set JAVA to a JDK 17+"
version=$(jdk_id "$JAVA")
feature=$(feature "$version")
[ -n "$feature" ] || die "cannot read the Java version of '$JAVA'"
if [ "$feature" -ge 25 ]; then
    OUT=${OUT:-$(dirname "$JAR")/sample-app.aot}
    flag=-XX:AOTCacheOutput=$OUT
elif [ "$feature" -ge 13 ]; then
    OUT=${OUT:-$(dirname "$JAR")/sample-app.jsa}
    flag=-XX:ArchiveClassesAtExit=$OUT
else
    die "Java $feature has no dynamic class-data archive: use JDK 17+"
fi
NATIVE=${NATIVE:-$(dirname "$OUT")/native}
# The JDK options the runs use (run.sh, deploy/Dockerfile): what the archive holds depends on them.
JAVA_OPTS="-XX:CompileThresholdScaling=4 $JAVA_OPTS"
if [ "$feature" -ge 23 ]; then JAVA_OPTS="--sun-misc-unsafe-memory-access=allow $JAVA_OPTS"; fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# request METHOD PATH [BODY]: one request over a fresh connection; prints the status line.
request() {
    local line="" body=${3:-}
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    if [ -n "$body" ]; then
        printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
            "$1" "$2" "${#body}" "$body" >&3
    else
        printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept-Encoding: gzip\r\n\r\n' "$1" "$2" >&3
    fi
    IFS= read -r -t 5 line <&3 || true
    cat <&3 >/dev/null || true
    exec 3<&- 3>&-
    printf '%s' "${line%$'\r'}"
}

port=${PORT:-18100}
if [ -z "${PORT:-}" ]; then
    while port_open "$port"; do port=$((port + 1)); done
elif port_open "$port"; then
    die "port $port is in use"
fi

rm -f "$OUT" "$OUT.jdk"
rm -rf "$NATIVE"
log=$OUT.log
# Netty unpacks its native library into this directory (a file with a random name, deleted when the JVM exits);
# it is copied out below while the app runs.
unpacked=$(mktemp -d)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"$JAVA" $JAVA_OPTS -Dio.netty.native.workdir="$unpacked" -Dio.netty.native.deleteLibAfterLoading=false \
    "$flag" -jar "$JAR" --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$unpacked"' EXIT
ready=0
for ((i = 0; i < 600; i++)); do # at most ~30 s
    kill -0 "$pid" 2>/dev/null || die "the app exited during start-up; see $log"
    case "$(request GET /health/ready 2>/dev/null)" in *" 200"*) ready=1; break ;; esac
    sleep 0.05
done
[ "$ready" = 1 ] || die "the app did not become ready within 30 s; see $log"

# Each unpacked library under the name System.loadLibrary looks for: Netty names its copy after the jar's entry
# (META-INF/native/libNAME.so) plus random digits, and the entry names are stored uncompressed in the jar.
mkdir -p "$NATIVE"
entries=$(grep -a -o 'META-INF/native/lib[A-Za-z0-9_]*\.so' "$JAR" | sed 's|.*/||; s|\.so$||' | sort -u || true)
for file in "$unpacked"/*.so; do
    [ -f "$file" ] || continue
    name=""
    for entry in $entries; do # the longest entry name the file's name starts with, then digits
        case "${file##*/}" in "$entry"[0-9]*.so) if [ "${#entry}" -gt "${#name}" ]; then name=$entry; fi ;; esac
    done
    if [ -n "$name" ]; then cp "$file" "$NATIVE/$name.so" && chmod 0644 "$NATIVE/$name.so"; fi # Netty made it 0600
done
if compgen -G "$NATIVE/*.so" >/dev/null; then
    stat -c '%s %Y' "$JAR" >"$NATIVE/jar.stamp"
else
    rmdir "$NATIVE"
    echo "aot-train.sh: Netty unpacked no native library (NIO transport?): no $NATIVE" >&2
fi

# Each main route a few times, so that their classes are loaded and (JDK 25) their methods profiled.
for ((r = 0; r < 20; r++)); do
    for path in /plaintext /json /users/42 /whoami /todos /todos/1 /health/live /health/ready /metrics /openapi.json; do
        request GET "$path" >/dev/null
    done
    request POST /json '{"message":"hello"}' >/dev/null
    request POST /echo '{"echo":1}' >/dev/null
    request POST /todos '{"title":"train"}' >/dev/null
    request GET /no-such-route >/dev/null # the 404 path
done

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT
rm -rf "$unpacked"
[ "$status" = 0 ] || [ "$status" = 143 ] || die "the training run exited with status $status; see $log"
[ -s "$OUT" ] || die "no archive was written to $OUT; see $log"
printf '%s\n' "$version" >"$OUT.jdk"
echo "aot-train.sh: wrote $OUT ($(($(stat -c %s "$OUT") / 1024 / 1024)) MB) for $banner"
if [ -d "$NATIVE" ]; then echo "aot-train.sh: wrote $NATIVE ($(cd "$NATIVE" && echo *.so))"; fi
