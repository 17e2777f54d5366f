#!/usr/bin/env bash
# The benchmark of issue 11: sendx-tui against sendx-mock with 100,000 and
# 1,000,000 contacts, each figure beside its target, measured in one run.
#
#   tests/bench/run.sh [BUILD_DIR]       (default: build; a Release build)
#
# It starts sendx-mock on a free loopback port, runs the real sendx-tui on a
# pseudo-terminal of its own (tests/bench/sendx-bench, built with the
# tests), times curl fetching the same pages over one keep-alive connection
# as the floor, and prints a Markdown table. Exit 0 whether or not the
# targets are met (it is a report); non-zero when a measurement could not
# be made. Not part of ctest. docs/performance.md says what each figure
# means and how it is measured.
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build}
[[ $BUILD == /* ]] || BUILD=$PWD/$BUILD
TUI=$BUILD/sendx-tui
MOCK=$BUILD/sendx-mock
BENCH=$BUILD/tests/bench/sendx-bench
KEY=bench-key
LATENCY_MS=50   # the slow link
MOVES=300       # row moves (k), from the last row up
PAGES=60        # page moves (Ctrl-b)
IDLE_S=10
FILTER="emma smith"
TRIALS=5        # launches per link
RUNS=3          # runs of each loopback figure (median); one on the slow link

die() {
    echo "run.sh: $*" >&2
    exit 1
}

for f in "$TUI" "$MOCK" "$BENCH"; do
    [ -x "$f" ] || die "$f is missing: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j"
done
command -v curl >/dev/null || die "curl is needed for the floor"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sendx-bench.XXXXXX") || die "cannot make a temporary directory"
MOCK_PID=
FAILED=0
START_S=$SECONDS

# Whether PID runs (an ended child stays a zombie until waited for, and
# kill -0 finds a zombie too).
alive() { # PID
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]
}

stop_mock() {
    [ -n "$MOCK_PID" ] || return 0
    kill -TERM "$MOCK_PID" 2>/dev/null
    local i
    for ((i = 0; i < 200; i++)); do
        alive "$MOCK_PID" || break
        sleep 0.05
    done
    kill -KILL "$MOCK_PID" 2>/dev/null
    { wait "$MOCK_PID"; } 2>/dev/null
    MOCK_PID=
}

# shellcheck disable=SC2317 # run by the trap
cleanup() {
    stop_mock
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM HUP

# The app's state and configuration stay in the temporary directory.
export SENDX_API_KEY=$KEY XDG_CONFIG_HOME=$WORK/config XDG_STATE_HOME=$WORK/state \
    XDG_CACHE_HOME=$WORK/cache LC_ALL=C.UTF-8
unset SENDX_BASE_URL NO_COLOR
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"

# ---- helpers -------------------------------------------------------------------

start_mock() { # CONTACTS
    "$MOCK" --port 0 --api-key "$KEY" --contacts "$1" >"$WORK/mock.out" 2>"$WORK/mock.err" &
    MOCK_PID=$!
    ROOT_URL=
    local i
    for ((i = 0; i < 2400; i++)); do # 120 s: seeding a million takes a few
        ROOT_URL=$(sed -n 's/^listening on //p' "$WORK/mock.out")
        [ -n "$ROOT_URL" ] && break
        alive "$MOCK_PID" || die "sendx-mock exited: $(cat "$WORK/mock.err")"
        sleep 0.05
    done
    [ -n "$ROOT_URL" ] || die "sendx-mock did not start within 120 s"
    BASE=$ROOT_URL/api/v1/rest
    EMAIL=$(curl -sf -H "X-Team-ApiKey: $KEY" "$BASE/contact?offset=0&limit=1" |
        sed -n 's/.*"email":"\([^"]*\)".*/\1/p')
    [ -n "$EMAIL" ] || die "cannot read the first contact from the mock"
}

set_latency() { # MS: added by the mock before every answer
    curl -sf -X PUT -H "X-Team-ApiKey: $KEY" -d "{\"latency_ms\":$1}" \
        "$ROOT_URL/_mock/faults" >/dev/null || die "cannot set the mock's latency"
}

# bench NAME ARGS...: sendx-bench ARGS, its key=value lines kept as NAME.
bench() {
    local name=$1
    shift
    # --foreground: Ctrl-c reaches sendx-bench, which stops its app.
    if ! timeout --foreground 1000 "$BENCH" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        echo "run.sh: $name failed:" >&2
        sed 's/^/    /' "$WORK/$name.err" >&2
        FAILED=1
        mock_alive
        return 1
    fi
    mock_alive
}

# A mock that died (or was killed) makes every figure after it wrong: say so.
mock_alive() {
    [ -z "$MOCK_PID" ] || alive "$MOCK_PID" && return 0
    local status=0
    { wait "$MOCK_PID"; } 2>/dev/null || status=$?
    MOCK_PID=
    die "sendx-mock ended during the run (exit status $status): $(cat "$WORK/mock.err")"
}

val() { # NAME KEY
    sed -n "s/^$2=//p" "$WORK/$1.out" 2>/dev/null | tail -n 1
}

app() { # LOGNAME: the app's command line into APP
    APP=("$TUI" --base-url "$BASE" --log "$WORK/$1.log")
}

# The contact pages the app asked for after OFFSET bytes of its log.
pages_from_log() { # LOG OFFSET
    tail -c +$(($2 + 1)) "$1" |
        sed -n 's|.* request GET \(/contact?offset=[0-9]*&limit=[0-9]*\) status 200 .*|\1|p'
}

# Each key's median over NAME_1 ... NAME_RUNS into NAME (a value that is no
# number, like "664 ms", is the first run's).
medians() { # NAME RUNS
    local i
    for ((i = 1; i <= $2; i++)); do
        cat "$WORK/$1_$i.out"
    done | awk -F= '
        { k = $1; v = substr($0, length(k) + 2)
          if (!(k in n)) { order[++keys] = k; first[k] = v }
          x[k, ++n[k]] = v }
        END {
          for (j = 1; j <= keys; j++) {
            k = order[j]
            if (first[k] !~ /^-?[0-9.]+$/) { print k "=" first[k]; continue }
            for (a = 2; a <= n[k]; a++)   # insertion sort, numerically
              for (b = a; b > 1 && x[k, b - 1] + 0 > x[k, b] + 0; b--) {
                t = x[k, b]; x[k, b] = x[k, b - 1]; x[k, b - 1] = t }
            print k "=" x[k, int((n[k] + 1) / 2)]
          }
        }' >"$WORK/$1.out"
}

# sessions NAME RUNS ARGS...: `sendx-bench session ARGS` RUNS times, each
# with a new app logging to NAME_I.log; NAME gets each figure's median.
sessions() {
    local name=$1 runs=$2 i
    shift 2
    for ((i = 1; i <= runs; i++)); do
        app "${name}_$i"
        bench "${name}_$i" session --mark-log "$WORK/${name}_$i.log" "$@" -- "${APP[@]}" ||
            return 1
    done
    medians "$name" "$runs"
}

# curl fetching the paths in PATHS over one connection, one after another:
# median of RUNS runs into NAME's ms.
curl_pages() { # NAME PATHS RUNS
    local cfg=$WORK/$1.curl i
    {
        printf 'header = "X-Team-ApiKey: %s"\nsilent\nfail\nmax-time = 600\n' "$KEY"
        while read -r p; do
            printf 'url = "%s%s"\noutput = "/dev/null"\n' "$BASE" "$p"
        done <"$2"
    } >"$cfg"
    [ -s "$2" ] || { echo "run.sh: $1: no pages to fetch" >&2; FAILED=1; return 1; }
    : >"$WORK/$1.runs"
    for ((i = 0; i < $3; i++)); do
        bench "$1" time -- curl --config "$cfg" || return 1
        [ "$(val "$1" status)" = 0 ] || { echo "run.sh: curl failed" >&2; FAILED=1; return 1; }
        val "$1" ms >>"$WORK/$1.runs"
    done
    echo "ms=$(sort -n "$WORK/$1.runs" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')" \
        >"$WORK/$1.out"
}

# The pages an export needs: from 0 in steps of LIMIT, up to the empty one.
export_pages() { # CONTACTS LIMIT
    local o
    for ((o = 0; o <= $1; o += $2)); do
        echo "/contact?offset=$o&limit=$2"
    done
}

# sendx-tui export contacts as ndjson into a file, RUNS times (the median);
# then, as its floor, curl fetching the pages it asked for (its --log; else
# every page from 0), RUNS times.
run_export() { # NAME CONTACTS RUNS
    local out=$WORK/$1.ndjson i
    for ((i = 1; i <= $3; i++)); do
        rm -f "$WORK/$1_$i.log"
        bench "$1_$i" time -- "$TUI" export contacts --format ndjson --output "$out" \
            --base-url "$BASE" --log "$WORK/$1_$i.log"
        if [ -f "$out" ]; then
            echo "lines=$(wc -l <"$out")" >>"$WORK/$1_$i.out"
        fi
        rm -f "$out"
    done
    medians "$1" "$3"
    pages_from_log "$WORK/$1_1.log" 0 >"$WORK/$1.pages"
    [ -s "$WORK/$1.pages" ] || export_pages "$2" "$LIMIT" >"$WORK/$1.pages"
    curl_pages "c$1" "$WORK/$1.pages" "$3"
}

# ---- the table -------------------------------------------------------------------

ROWS=()
row() { # FIGURE MEASURED TARGET MET
    ROWS+=("| $1 | $2 | $3 | $4 |")
}
# met VALUE MAX: "met" when VALUE <= MAX.
met() {
    awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 <= b + 0) ? "met" : "MISSED" }'
}
calc() { # AWK-EXPRESSION over a b c
    awk -v a="${2:-0}" -v b="${3:-0}" -v c="${4:-0}" "BEGIN { printf \"%s\", $1 }"
}
have() { # NAME KEY...: every key measured
    local k
    for k in "${@:2}"; do
        [ -n "$(val "$1" "$k")" ] || return 1
    done
}
not_measured() { # FIGURE TARGET
    row "$1" "not measured (see above)" "$2" "—"
}

ratio_row() { # FIGURE APP_NAME APP_KEY FLOOR_NAME TARGET
    if have "$2" "$3" && have "$4" ms; then
        local a b r
        a=$(val "$2" "$3")
        b=$(val "$4" ms)
        r=$(calc 'a / b' "$a" "$b")
        local cpu=
        have "$2" g_cpu_ms && cpu=$(printf '; app CPU %.0f ms' "$(val "$2" g_cpu_ms)")
        row "$1" "$(printf '%.2fx (%.0f ms; curl %.0f ms%s)' "$r" "$a" "$b" "$cpu")" "≤ $5x" \
            "$(met "$r" "$5")"
    else
        not_measured "$1" "≤ $5x"
    fi
}

# The machine's CPU time so far, in ticks: busy into NAME_BUSY, all into NAME_ALL.
machine_ticks() { # NAME
    local t
    read -ra t </proc/stat
    printf -v "$1_BUSY" '%s' $((t[1] + t[2] + t[3] + t[6] + t[7]))
    printf -v "$1_ALL" '%s' $((t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7] + t[8]))
    printf -v "$1_STEAL" '%s' $((t[8]))
}

# The CPU seconds of this script's children so far (all reaped: the mocks,
# sendx-bench and the apps it started, curl), from the shell's `times`, which
# must run in this shell (a subshell's children are not ours): into OUR_CPU_S.
our_cpu_s() {
    times >"$WORK/times"
    OUR_CPU_S=$(tail -n 1 "$WORK/times" | tr 'ms' '  ' |
        awk '{ printf "%.2f", $1 * 60 + $2 + $3 * 60 + $4 }')
}

# How busy the rest of the machine was from FROM to TO (machine_ticks
# names), less OURS seconds of our own: "N%" of all its CPUs.
others_busy() { # FROM TO OURS
    local b0=$1_BUSY a0=$1_ALL b1=$2_BUSY a1=$2_ALL
    awk -v b0="${!b0}" -v a0="${!a0}" -v b1="${!b1}" -v a1="${!a1}" -v ours="$3" \
        -v hz="$(getconf CLK_TCK)" \
        'BEGIN { o = (b1 - b0) - ours * hz; if (o < 0) o = 0
                 printf "%.0f%%", (a1 > a0 ? 100 * o / (a1 - a0) : 0) }'
}

machine_ticks T0
sleep 2
machine_ticks T1
BUSY_BEFORE=$(others_busy T0 T1 0)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if "$TUI" export --help >/dev/null 2>&1; then HAVE_EXPORT=1; else HAVE_EXPORT=0; fi

# ---- 100,000 contacts --------------------------------------------------------------

echo "run.sh: 100,000 contacts: starting the mock" >&2
start_mock 100000
echo "run.sh: launch; G, memory, moves, filter ($RUNS runs); idle ${IDLE_S} s" >&2
app launch_lo
bench launch_lo launch --expect "$EMAIL" --trials $TRIALS -- "${APP[@]}"
sessions s100k $RUNS --expect "$EMAIL" --contacts 100000 --moves $MOVES --pages $PAGES \
    --filter "$FILTER"
pages_from_log "$WORK/s100k_1.log" "$(val s100k_1 log_offset)" >"$WORK/s100k.pages"
LIMIT=$(sed -n 's/.*limit=\([0-9]*\)$/\1/p' "$WORK/s100k.pages" | sort -n | tail -n 1)
LIMIT=${LIMIT:-1000}
curl_pages c100k "$WORK/s100k.pages" $RUNS
sessions idle100k 1 --expect "$EMAIL" --contacts 100000 --idle $IDLE_S
if [ $HAVE_EXPORT = 1 ]; then
    echo "run.sh: export" >&2
    run_export x100k 100000 $RUNS
fi
echo "run.sh: the ${LATENCY_MS} ms link" >&2
set_latency $LATENCY_MS
app launch_slow
bench launch_slow launch --expect "$EMAIL" --trials $TRIALS -- "${APP[@]}"
sessions g100k_slow 1 --expect "$EMAIL" --contacts 100000 --timeout 600
pages_from_log "$WORK/g100k_slow_1.log" "$(val g100k_slow log_offset)" >"$WORK/g100k_slow.pages"
curl_pages c100k_slow "$WORK/g100k_slow.pages" 1
stop_mock

# ---- 1,000,000 contacts -------------------------------------------------------------

echo "run.sh: 1,000,000 contacts: starting the mock" >&2
start_mock 1000000
echo "run.sh: G, memory, filter ($RUNS runs)" >&2
sessions s1m $RUNS --expect "$EMAIL" --contacts 1000000 --filter "$FILTER"
pages_from_log "$WORK/s1m_1.log" "$(val s1m_1 log_offset)" >"$WORK/s1m.pages"
curl_pages c1m "$WORK/s1m.pages" $RUNS
echo "run.sh: key latency while a million load" >&2
app lat1m
bench lat1m latency --expect "$EMAIL" --contacts 1000000 --every 100 -- "${APP[@]}"
if [ $HAVE_EXPORT = 1 ]; then
    echo "run.sh: export" >&2
    run_export x1m 1000000 $RUNS
fi
echo "run.sh: the ${LATENCY_MS} ms link (a minute or two)" >&2
set_latency $LATENCY_MS
sessions g1m_slow 1 --expect "$EMAIL" --contacts 1000000 --timeout 800
pages_from_log "$WORK/g1m_slow_1.log" "$(val g1m_slow log_offset)" >"$WORK/g1m_slow.pages"
curl_pages c1m_slow "$WORK/g1m_slow.pages" 1
stop_mock

# ---- the report ----------------------------------------------------------------------

ratio_row "\`G\`, 100,000 contacts / curl, loopback" s100k g_ms c100k 1.2
ratio_row "\`G\`, 1,000,000 contacts / curl, loopback" s1m g_ms c1m 1.2
ratio_row "\`G\`, 100,000 contacts / curl, ${LATENCY_MS} ms link" g100k_slow g_ms c100k_slow 0.5
ratio_row "\`G\`, 1,000,000 contacts / curl, ${LATENCY_MS} ms link" g1m_slow g_ms c1m_slow 0.5
for n in 100k 1m; do
    label=$([ $n = 100k ] && echo 100,000 || echo 1,000,000)
    count=$([ $n = 100k ] && echo 100000 || echo 1000000)
    lines=$(val x$n lines)
    if [ $HAVE_EXPORT = 0 ]; then
        row "\`export contacts\`, $label / curl" "n/a (export not built)" "≤ 1.2x" "—"
    elif [ "$(val x$n status)" != 0 ] || [ "$lines" != "$count" ]; then
        row "\`export contacts\`, $label / curl" \
            "failed (exit $(val x$n status), ${lines:-0} of $count lines)" "≤ 1.2x" "—"
        FAILED=1
    else
        ratio_row "\`export contacts\` (ndjson), $label / curl" x$n ms cx$n 1.2
    fi
done
for link in lo slow; do
    name=$([ $link = lo ] && echo "loopback" || echo "${LATENCY_MS} ms link")
    target=$([ $link = lo ] && echo 30 || echo 120)
    if have launch_$link launch_ms_median; then
        m=$(val launch_$link launch_ms_median)
        row "launch to first rows drawn, $name (median of $TRIALS)" \
            "$m ms (worst $(val launch_$link launch_ms_max) ms)" "≤ $target ms" "$(met "$m" "$target")"
    else
        not_measured "launch to first rows drawn, $name" "≤ $target ms"
    fi
done
for n in 100k 1m; do
    count=$([ $n = 100k ] && echo 100000 || echo 1000000)
    label=$([ $n = 100k ] && echo 100,000 || echo 1,000,000)
    if have s$n rss_start_kb rss_loaded_kb; then
        per=$(calc '(b - a) * 1024 / c' "$(val s$n rss_start_kb)" "$(val s$n rss_loaded_kb)" "$count")
        row "resident memory per loaded contact, $label" \
            "$(printf '%.0f B (RSS %.0f → %.0f MiB)' "$per" \
                "$(calc 'a / 1024' "$(val s$n rss_start_kb)")" \
                "$(calc 'a / 1024' "$(val s$n rss_loaded_kb)")")" "≤ 300 B" "$(met "$per" 300)"
    else
        not_measured "resident memory per loaded contact, $label" "≤ 300 B"
    fi
done
for n in 100k 1m; do
    label=$([ $n = 100k ] && echo 100,000 || echo 1,000,000)
    target=$([ $n = 100k ] && echo 5 || echo 40)
    if have s$n filter_cpu_ms filter_keys; then
        per=$(calc 'a / b' "$(val s$n filter_cpu_ms)" "$(val s$n filter_keys)")
        row "CPU per filter keystroke, $label rows" \
            "$(printf '%.2f ms (\"%s\", slowest key shown in %s ms)' "$per" "$FILTER" \
                "$(val s$n filter_latency_ms_max)")" "≤ $target ms" "$(met "$per" "$target")"
    else
        not_measured "CPU per filter keystroke, $label rows" "≤ $target ms"
    fi
done
if have s100k row_cpu_ms page_cpu_ms row_bytes; then
    per=$(calc 'a / b' "$(val s100k row_cpu_ms)" "$(val s100k row_n)")
    row "CPU per row move (\`k\`), 100,000 loaded" "$(printf '%.3f ms' "$per")" "≤ 0.3 ms" \
        "$(met "$per" 0.3)"
    per=$(calc 'a / b' "$(val s100k page_cpu_ms)" "$(val s100k page_n)")
    row "CPU per page move (Ctrl-b), 100,000 loaded" "$(printf '%.3f ms' "$per")" "≤ 1 ms" \
        "$(met "$per" 1)"
    per=$(calc 'a / b' "$(val s100k row_bytes)" "$(val s100k row_n)")
    row "bytes to the terminal per row move" \
        "$(printf '%.0f B (%s in view: %.0f B; %s scrolling: %.0f B)' "$per" \
            "$(val s100k row_in_view_n)" \
            "$(calc 'b ? a / b : 0' "$(val s100k row_in_view_bytes)" "$(val s100k row_in_view_n)")" \
            "$(val s100k row_scrolling_n)" \
            "$(calc 'b ? a / b : 0' "$(val s100k row_scrolling_bytes)" "$(val s100k row_scrolling_n)")")" \
        "≤ 300 B" "$(met "$per" 300)"
else
    not_measured "CPU per row move / page move, bytes per row move" "≤ 0.3 ms / 1 ms / 300 B"
fi
if have idle100k idle_cpu_ms; then
    idle_ms=$(val idle100k idle_cpu_ms)
    w=$(val idle100k idle_wakeups)
    # Nothing at all: no thread of the app ran in the window.
    row "CPU in ${IDLE_S} s idle, 100,000 loaded" "$(printf '%.3f ms (%s wakeups, %s bytes drawn)' \
        "$idle_ms" "$w" "$(val idle100k idle_bytes)")" "0 ms" "$([ "$w" = 0 ] && echo met || echo MISSED)"
else
    not_measured "CPU in ${IDLE_S} s idle, 100,000 loaded" "0 ms"
fi
if have lat1m latency_ms_max; then
    m=$(val lat1m latency_ms_max)
    row "worst key latency while 1,000,000 load" \
        "$(printf '%s ms (%s keys, median %s ms, p99 %s ms)' "$m" "$(val lat1m latency_keys)" \
            "$(val lat1m latency_ms_median)" "$(val lat1m latency_ms_p99)")" "≤ 20 ms" \
        "$(met "$m" 20)"
else
    not_measured "worst key latency while 1,000,000 load" "≤ 20 ms"
fi

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff-index --quiet HEAD -- 2>/dev/null || COMMIT="$COMMIT (with local changes)"
echo
echo "sendx-tui benchmark: commit $COMMIT, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), nproc $(nproc)," \
    "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
machine_ticks T2
our_cpu_s
BUSY_DURING=$(others_busy T1 T2 "$OUR_CPU_S")
STEAL=$(awk -v s=$((T2_STEAL - T1_STEAL)) -v a=$((T2_ALL - T1_ALL)) \
    'BEGIN { printf "%.0f%%", (a > 0 ? 100 * s / a : 0) }')
echo "other work on the machine: $BUSY_BEFORE of its CPUs just before the run, $BUSY_DURING" \
    "during it (and $STEAL taken by the hypervisor); load average $LOAD_BEFORE before," \
    "$(cut -d' ' -f1-3 /proc/loadavg) after; took $((SECONDS - START_S)) s"
echo "G: the key to the status line's \"✓ N contacts in\"; the app's own figure (first run):" \
    "$(val s100k g_app_says) (100,000), $(val s1m g_app_says) (1,000,000)"
echo
echo "| figure | measured | target | |"
echo "|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
if [ $FAILED = 1 ]; then
    echo
    echo "run.sh: some figures could not be measured (see the messages above)" >&2
    exit 1
fi
exit 0
