#!/usr/bin/env bash
# Usage: fuzz/fuzz.sh [--seconds N] [--keep] [--no-build] [Class#method ...]
#
# Coverage-guided fuzzing of what Kiln parses from the network, with Jazzer's JUnit integration: each target
# runs alone in fuzzing mode (JAZZER_FUZZ=1) for N seconds (default 60), instrumenting Kiln and Netty's HTTP
# codec, and a line of figures is printed per target (executions, coverage edges, features, corpus). A finding
# fails the run and leaves its input under fuzz/src/test/resources/.../<Class>Inputs/<method>/, where mvn verify
# runs it as a regression test from then on. --keep also copies the corpus the run grew (fuzz/.cifuzz-corpus)
# there. --no-build skips installing the modules the tests use. Without targets, all of them. On a shared
# machine, run it under the CPU lock: flock -o /tmp/kiln-cpu.lock fuzz/fuzz.sh --seconds 300
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60; keep=; build=1; targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-build) build=; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    dev.kiln.server.RequestTargetFuzzTest#whatIsRoutedIsAnAcceptablePath
    dev.kiln.fuzz.RawPathFuzzTest#anyPathIsCheckedAndDecodedWithoutThrowing
    dev.kiln.fuzz.RawPathFuzzTest#anEncodedSegmentDecodesToItself
    dev.kiln.fuzz.ParamsFuzzTest#anyValueConvertsOrIsABadRequest
    dev.kiln.fuzz.ParamsFuzzTest#whatAClientWritesConvertsBack
    dev.kiln.fuzz.QueryAndCookieFuzzTest#anEncodedQueryValueAndACookieComeBack
    dev.kiln.fuzz.QueryAndCookieFuzzTest#anyQueryAndCookieAreAnsweredWithoutA500
    dev.kiln.fuzz.SampleRouterFuzzTest#anyPathIsAnsweredWithoutA500
    dev.kiln.fuzz.SampleRouterFuzzTest#aPathParameterRoundTrips
    dev.kiln.fuzz.SampleRouterFuzzTest#anyTodoQueryIsAnsweredOrRefused
    dev.kiln.fuzz.FormParserFuzzTest#anyBodyIsAFormOrA400Or413AndLeavesNoFile
    dev.kiln.fuzz.FormParserFuzzTest#fieldsAndFilesComeBackAsEncoded
  )
fi

# The modules the fuzz tests use, built and installed once; the processor compiles the sample app.
[ -z "$build" ] || mvn -B -o -q install -pl processor,sample-app -am -DskipTests

logs=$(mktemp -d)
failed=0
for target in "${targets[@]}"; do
  log="$logs/${target##*.}.log"
  status=passed
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" \
    JAZZER_INSTRUMENTATION_INCLUDES='dev.kiln.**:io.netty.handler.codec.http.**' \
    mvn -B -o -q test -pl fuzz -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || status=FINDING
  [ "$status" = passed ] || failed=1
  figures=$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | sed -E 's/^#([0-9]+)[[:space:]]+DONE[[:space:]]+/\1 executions, /' || true)
  echo "fuzz: $target: $status; ${figures:-no figures (see $log)}"
  if [ "$status" != passed ]; then grep -a -m3 -E 'FuzzTestFinding|Caused by' "$log" | sed 's/^/    /' || true; fi
  if [ -n "$keep" ]; then
    class="${target%#*}"; method="${target#*#}"
    from="fuzz/.cifuzz-corpus/$class/$method"
    to="fuzz/src/test/resources/$(echo "${class%.*}" | tr . /)/${class##*.}Inputs/$method"
    if [ -d "$from" ]; then mkdir -p "$to"; cp -n "$from"/* "$to"/ 2>/dev/null || true; fi
  fi
done
echo "fuzz: logs in $logs"
exit $failed
