#!/usr/bin/env bash
# Starts the sample app from its shaded jar, with the class-data archive sample-app/aot-train.sh made when there
# is one for this JDK: the AOT cache (sample-app.aot) on JDK 25+, the AppCDS archive (sample-app.jsa) before.
# Without one, or when the archive was made by another JDK build (its .jdk file says which), it
# starts without and says why on stderr. The JVM replaces this shell (exec), so it gets SIGTERM itself.
#
# Two more options, both for start-up time (BENCHMARKS.md, "Start-up"):
# - -Djava.library.path=NATIVE when aot-train.sh kept the native libraries Netty unpacks from this jar (the
#   directory "native" beside the archive): Netty then loads its epoll library from there instead of unpacking it
#   to a temporary file on every start. Only when NATIVE/jar.stamp matches the jar (another jar's library could be
#   another Netty's).
# - --sun-misc-unsafe-memory-access=allow on JDK 23+: on JDK 25 Netty stops using sun.misc.Unsafe unless this is
#   given, and falls back to linking malloc and free through the FFM API, which costs 75-100 ms of start-up on one
#   core; with it Netty runs as on JDK 17, and the JDK prints no warning.
# - -XX:CompileThresholdScaling=4: the JIT compiles a method after four times as many calls as by default. On one
#   core the compiler threads take their time from the main thread, and at start-up most of what they compiled
#   (some 600 methods: the class-file library behind method handles, jar and string code) ran a few hundred times
#   and never again; a request path under load still crosses the thresholds in milliseconds. Start-up pinned to one
#   core: JDK 25 ~195 -> ~140 ms, JDK 17 ~210 -> ~165 ms; peak throughput unchanged (BENCHMARKS.md, "Start-up").
#   aot-train.sh trains with it too. A CompileThresholdScaling in JAVA_OPTS comes later, and wins.
#
#   sample-app/run.sh [APP-ARGUMENTS...]     e.g. sample-app/run.sh --port 8081
#
# Environment: JAVA (default java), JAR (default sample-app/target/sample-app.jar), ARCHIVE (default: the archive
# beside the jar), NATIVE (default: the directory "native" beside the archive), JAVA_OPTS (more JVM options).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
JAVA=${JAVA:-java}
JAR=${JAR:-$here/target/sample-app.jar}
JAVA_OPTS=${JAVA_OPTS:-}

# shellcheck source=jdk.sh
. "$here/jdk.sh" # jdk_id and feature

version=$(jdk_id "$JAVA") # not `java -version`: that would start a JVM before the one that matters
feature=$(feature "$version")
if [ "${feature:-0}" -ge 25 ]; then
    archive=${ARCHIVE:-$(dirname "$JAR")/sample-app.aot}
    flag=-XX:AOTCache=$archive
else
    archive=${ARCHIVE:-$(dirname "$JAR")/sample-app.jsa}
    flag=-XX:SharedArchiveFile=$archive
fi
if [ ! -f "$archive" ]; then
    echo "run.sh: no $archive (sample-app/aot-train.sh makes it): starting without" >&2
    flag=
elif [ "$(cat "$archive.jdk" 2>/dev/null)" != "$version" ]; then
    echo "run.sh: $archive was made by another JDK (see $archive.jdk): starting without" >&2
    flag=
fi
NATIVE=${NATIVE:-$(dirname "$archive")/native}
library=
if [ -f "$NATIVE/jar.stamp" ]; then
    if [ "$(cat "$NATIVE/jar.stamp")" = "$(stat -c '%s %Y' "$JAR")" ]; then
        library=-Djava.library.path=$NATIVE
    else
        echo "run.sh: $NATIVE was unpacked from another $JAR: Netty unpacks its library itself" >&2
    fi
fi
unsafe=
if [ "${feature:-0}" -ge 23 ]; then unsafe=--sun-misc-unsafe-memory-access=allow; fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$JAVA" $unsafe -XX:CompileThresholdScaling=4 ${library:+"$library"} $JAVA_OPTS ${flag:+"$flag"} -jar "$JAR" "$@"
