#!/bin/sh
# Builds the libFuzzer targets (clang, -DFUZZ=ON) and runs each for a while over its
# corpus, one after another. docs/fuzzing.md says what each target checks.
#
#   tests/fuzz/run.sh [--merge] [--plateau SECONDS] [SECONDS] [TARGET...]
#
# SECONDS (default 60) is the most each target runs; TARGETs default to all of them
# (decode text keys config theme export mock). --plateau N stops a target sooner, once
# its coverage (cov) has not grown for N seconds. New inputs go to a scratch directory
# ($FUZZ_WORK, default build-fuzz/fuzz-work/TARGET/new), not the repository; --merge
# then adds those that reach new coverage to tests/fuzz/corpus/TARGET. A crash (a broken
# property, a sanitizer report, a leak, a timeout) stops the target and is kept as
# $FUZZ_WORK/TARGET/crash-* (or leak-*, timeout-*, oom-*).
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_WORK, FUZZ_MAX_LEN (the longest
# input tried: default 8192 bytes, 2048 for text, whose every input is measured at a
# dozen widths; the 64 KiB seeds are cut to it while fuzzing and replayed whole by
# test_fuzz_replay), CC (default clang), FUZZ_JOBS (make's -j for the build, default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
all="decode text keys config theme export mock"
merge=0
plateau=0
seconds=60

while [ $# -gt 0 ]; do
    case $1 in
    --merge) merge=1; shift ;;
    --plateau) plateau=$2; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) seconds=$1; shift ;;
    *) break ;;
    esac
done
targets=${*:-$all}
for t in $targets; do
    case " $all " in
    *" $t "*) ;;
    *) echo "run.sh: no target '$t' (one of: $all)" >&2; exit 2 ;;
    esac
done

build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
work=${FUZZ_WORK:-$build/fuzz-work}

mkdir -p "$build"
if ! (CC=${CC:-clang} cmake -S "$root" -B "$build" -DFUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    for t in $targets; do cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "fuzz_$t" || exit 1; done
) >"$build/fuzz-build.log" 2>&1; then
    tail -n 20 "$build/fuzz-build.log" >&2
    echo "run.sh: the build failed (all of it in $build/fuzz-build.log)" >&2
    exit 1
fi

# The last "cov: N ft: N corp: N/SIZE" figures of a libFuzzer log, as "N N N SIZE".
stats() {
    grep -a -E '^#[0-9]+' "$1" | grep -a 'cov:' | tail -n 1 |
        sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)\/([0-9A-Za-z]+).*/\1 \2 \3 \4/'
}

# Waits for the fuzzer (pid $1, log $2) to end, or interrupts it once cov has stood
# still for $plateau seconds.
watch() {
    last_cov=-1
    still=0
    while kill -0 "$1" 2>/dev/null; do
        sleep 5
        [ "$plateau" -gt 0 ] || continue
        cov=$(stats "$2" | cut -d' ' -f1)
        if [ "${cov:-0}" = "$last_cov" ]; then
            still=$((still + 5))
        else
            still=0
            last_cov=${cov:-0}
        fi
        if [ "$still" -ge "$plateau" ]; then
            kill -INT "$1" 2>/dev/null || true
            break
        fi
    done
    wait "$1" || true
}

printf '%-8s %8s %10s %6s %7s %8s %9s %8s\n' target seconds execs cov ft corpus size crashes
for t in $targets; do
    dir=$work/$t
    mkdir -p "$dir/new"
    rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
    corpora="$dir/new $here/corpus/$t"
    [ -d "$here/regress/$t" ] && corpora="$corpora $here/regress/$t"
    max_len=${FUZZ_MAX_LEN:-8192}
    [ "$t" = text ] && max_len=${FUZZ_MAX_LEN:-2048}
    start=$(date +%s)
    # The mock's store is made and freed with some 70,000 allocations an input: ASan's
    # stack of each (kept for a report) would be most of the time. Run a crash again
    # without it for the stacks.
    asan=${ASAN_OPTIONS:-}
    [ "$t" = mock ] && asan=${ASAN_OPTIONS:-malloc_context_size=0}
    # shellcheck disable=SC2086 # the corpora are words
    ASAN_OPTIONS=$asan "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" \
        -timeout=10 -print_final_stats=1 -dict="$here/dict/$t.dict" \
        -artifact_prefix="$dir/" $corpora >"$dir/log" 2>&1 &
    watch $! "$dir/log"
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
    # shellcheck disable=SC2046 # the four figures are words
    set -- $(stats "$dir/log")
    crashes=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | wc -l)
    printf '%-8s %8s %10s %6s %7s %8s %9s %8s\n' "$t" "$took" "${execs:-?}" "${1:-?}" "${2:-?}" \
        "${3:-?}" "${4:-?}" "$crashes"
    if [ "$crashes" -gt 0 ]; then
        grep -a -m 3 -E 'property failed|ERROR: |SUMMARY: ' "$dir/log" | sed 's/^/    /'
        find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
            -o -name 'oom-*' \) | sed 's/^/    kept: /'
    fi
    if [ "$merge" = 1 ]; then
        "$build/tests/fuzz/fuzz_$t" -merge=1 -use_counters=0 -max_len="$max_len" \
            "$here/corpus/$t" "$dir/new" >"$dir/merge.log" 2>&1
        echo "    merged into corpus/$t: $(grep -a -o 'MERGE-OUTER: [0-9]* new files' "$dir/merge.log" |
            sed 's/MERGE-OUTER: //' || echo "see $dir/merge.log")"
    fi
done
