# Shared by benchmarks/load.sh and benchmarks/profile.sh, which source it after setting $root (the repository)
# and defining die and note: the two jars, building them when they are stale, and watching a server process.

sample_jar=$root/sample-app/target/sample-app.jar
bench_jar=$root/benchmarks/target/benchmarks.jar
realworld_jar=$root/examples/realworld/target/realworld.jar

# Whether a jar is missing or older than some main source: then the figures would not be of the code checked out.
jars_stale() {
    [ -f "$sample_jar" ] && [ -f "$bench_jar" ] || return 0
    [ -n "$(find "$root" -path '*/src/main/*' -newer "$bench_jar" -print -quit 2>/dev/null)" ]
}

# Whether the RealWorld example's jar is missing or older than some main source.
realworld_stale() {
    [ -f "$realworld_jar" ] || return 0
    [ -n "$(find "$root" -path '*/src/main/*' -newer "$realworld_jar" -print -quit 2>/dev/null)" ]
}

# Builds the jars, under the team's Maven lock where flock exists. Needs mvn.
build_jars() {
    note "building: mvn -B -q -DskipTests package"
    if command -v flock >/dev/null 2>&1; then
        (cd "$root" && flock /tmp/kiln-mvn.lock mvn -B -q -DskipTests package >&2)
    else
        (cd "$root" && mvn -B -q -DskipTests package >&2)
    fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# One GET over a fresh connection; prints the status line. Bash only, no fork: good for tight polling.
status_line() {
    local line=""
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
    IFS= read -r -t 5 line <&3 || true
    exec 3<&- 3>&-
    printf '%s' "${line%$'\r'}"
}

# wait_ready PID PORT [PATH]: up to 30 s for the server to answer 200 on PATH (default /plaintext).
wait_ready() {
    local i
    for ((i = 0; i < 300; i++)); do
        kill -0 "$1" 2>/dev/null || return 1
        case "$(status_line "$2" "${3:-/plaintext}" 2>/dev/null)" in *" 200"*) return 0 ;; esac
        sleep 0.1
    done
    return 1
}

# The process's CPU time so far, user and system, in clock ticks of clk_tck per second.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
clk_tck=$(getconf CLK_TCK)
