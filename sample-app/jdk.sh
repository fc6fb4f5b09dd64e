# Sourced by run.sh and aot-train.sh: which JDK build a java command is, without starting it when it can.

# jdk_id JAVA: the IMPLEMENTOR, JAVA_RUNTIME_VERSION and JAVA_VERSION lines of JAVA's release file, else the output
# of `JAVA -version`. An archive records this, and is used only by the build that made it.
jdk_id() {
    local bin release
    bin=$(readlink -f "$(command -v "$1")" 2>/dev/null) || bin=""
    release=${bin%/bin/java}/release
    if [ -n "$bin" ] && grep -q '^JAVA_RUNTIME_VERSION=' "$release" 2>/dev/null; then
        grep -E '^(IMPLEMENTOR|JAVA_RUNTIME_VERSION|JAVA_VERSION)=' "$release"
    else
        "$1" -version 2>&1
    fi
}

# feature JDK-ID: the feature release (17, 25, ...) in jdk_id's output.
feature() { printf '%s\n' "$1" | sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p; 1s/.*version "\([0-9]*\).*/\1/p' | head -1; }
