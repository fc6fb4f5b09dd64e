#!/usr/bin/env bash
# Starts the sample app from its shaded jar, with the class-data archive sample-app/aot-train.sh made when there
# is one for this JDK: the AOT cache (sample-app.aot) on JDK 25+, the AppCDS archive (sample-app.jsa) before.
# Without one, or when the archive was made by another JDK (its .jdk file differs from `java -version`), it
# starts without and says why on stderr. The JVM replaces this shell (exec), so it gets SIGTERM itself.
#
#   sample-app/run.sh [APP-ARGUMENTS...]     e.g. sample-app/run.sh --port 8081
#
# Environment: JAVA (default java), JAR (default sample-app/target/sample-app.jar), ARCHIVE (default: the archive
# beside the jar), JAVA_OPTS (more JVM options).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
JAVA=${JAVA:-java}
JAR=${JAR:-$here/target/sample-app.jar}
JAVA_OPTS=${JAVA_OPTS:-}

version=$("$JAVA" -version 2>&1)
feature=$(printf '%s\n' "$version" | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
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
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$JAVA" $JAVA_OPTS ${flag:+"$flag"} -jar "$JAR" "$@"
