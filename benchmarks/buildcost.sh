#!/usr/bin/env bash
# Build cost: javac on the 2,000-route application of LargeAppTest (processor-tests' LargeApp), with the Kiln
# processor and without, on each JDK given. Prints markdown: where the generated lines go, then the times.
#
#   benchmarks/buildcost.sh [--no-build] [--help]
#
#   --no-build  use the classes already built (runtime, processor, processor-tests, benchmarks)
#
# Environment: JDKS (java homes, space-separated; default: the java on PATH, then
# /usr/lib/jvm/temurin-25-jdk-amd64 when it exists), COLD (JVMs per figure, default 3), RUNS (warm compilations
# measured in the first of them, default 5), WARMUP (compilations before those, default 5), WORK (default
# benchmarks/target/buildcost).
#
# Every compilation runs in BuildCost (benchmarks module), javac in process: the first of a JVM is a cold javac,
# as in a build of one module; those after the warm-up a warm one, as in a compiler daemon. About 5 minutes.
# Run it under the team's lock: flock /tmp/kiln-cpu.lock benchmarks/buildcost.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
COLD=${COLD:-3}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-5}
WORK=${WORK:-$root/benchmarks/target/buildcost}

build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "buildcost.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done

note() { echo "# $*" >&2; }

if [ -z "${JDKS:-}" ]; then
    JDKS=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && JDKS="$JDKS /usr/lib/jvm/temurin-25-jdk-amd64"
fi

cd "$root"
if [ "$build" = 1 ]; then
    note "building: mvn -B -q -pl processor-tests,benchmarks -am test-compile -DskipTests"
    mvn -B -q -pl processor-tests,benchmarks -am test-compile -DskipTests >&2
fi
# What a user's build has: kiln-runtime and its compile dependencies on the class path; kiln-processor and its
# run-time dependencies on the processor path.
note "class paths: mvn dependency:build-classpath"
mvn -B -q -pl runtime dependency:build-classpath -DincludeScope=compile -Dmdep.outputFile=target/buildcost-classpath.txt >&2
mvn -B -q -pl processor dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/buildcost-classpath.txt >&2
classpath=$root/runtime/target/classes:$(cat runtime/target/buildcost-classpath.txt)
processorpath=$root/processor/target/classes:$(cat processor/target/buildcost-classpath.txt)

rm -rf "$WORK"
mkdir -p "$WORK"
java -cp processor-tests/target/test-classes dev.kiln.processor.LargeApp "$WORK/src"

bench=(-cp benchmarks/target/classes dev.kiln.bench.buildcost.BuildCost)
first_jdk=${JDKS%% *}
note "generated source, from $first_jdk/bin/java"
"$first_jdk/bin/java" "${bench[@]}" prepare "$WORK" "$classpath" "$processorpath"
figures=$WORK/figures.tsv
for jdk in $JDKS; do
    note "$("$jdk/bin/java" -version 2>&1 | head -1)"
    for ((jvm = 1; jvm <= COLD; jvm++)); do
        for mode in user processor generated; do
            # The first JVM of each figure also measures the warm compilations.
            if [ "$jvm" = 1 ]; then warm=("$RUNS" "$WARMUP"); else warm=(0 0); fi
            "$jdk/bin/java" "${bench[@]}" "$mode" "$WORK" "$classpath" "$processorpath" "${warm[@]}" >>"$figures"
        done
    done
done
echo
measured=(runtime processor processor-tests/src/test/java/dev/kiln/processor/LargeApp.java)
echo "At $(git rev-parse --short HEAD) (the runtime, the processor and LargeApp as at $(git log -1 --format=%h -- "${measured[@]}"))$(git diff --quiet HEAD -- "${measured[@]}" || echo ', with uncommitted changes'): cold, the median of $COLD JVMs; warm, of $RUNS compilations after $WARMUP more in the first JVM."
echo
java "${bench[@]}" report "$figures"
