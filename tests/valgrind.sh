#!/usr/bin/env bash
# The e2e suites with sendx-tui under valgrind memcheck (docs/testing.md).
#
#   tests/valgrind.sh [BUILD_DIR [SUITE...]]
#
# BUILD_DIR (default build-vg) is a plain Debug build:
#   cmake -S . -B build-vg -DCMAKE_BUILD_TYPE=Debug && cmake --build build-vg -j2
# SUITE defaults to every suite on the e2e harness (the tests/*.c that include
# e2e.h). Each start of the app goes through valgrind (SENDX_E2E_WRAP), its log
# into one file per run named after the test; the harness's waits are stretched
# (SENDX_E2E_WAIT_SCALE, default 10). JOBS (default 2) tests run at once.
#
# Exit status: 1 when some run of the app had an invalid access, a use of
# uninitialised memory, or a definite leak (the run's log is printed); 0
# otherwise; 2 when it could not run. Tests that fail only because the app is
# slow under valgrind, and runs killed before their end (no verdict), are
# listed but do not decide the status.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$src/build-vg}")
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
    suites=("$@")
else
    mapfile -t suites < <(grep -l '#include "e2e.h"' "$src"/tests/*.c | xargs -n1 basename | sed 's/\.c$//')
fi
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 2; }
for s in "${suites[@]}"; do
    [ -x "$build/tests/$s" ] || {
        echo "valgrind.sh: no $build/tests/$s; build $build first" >&2
        exit 2
    }
done

logs=$(mktemp -d /tmp/sendx-valgrind-XXXXXX)
# A test that runs the app as another user (test_secrets) has it write its log here too.
chmod 0777 "$logs"
# Definite leaks count as errors; every error makes the app exit 99, which the
# tests' own exit checks see too. What the app forks to run another program (the
# editor, an api_key_cmd) is not checked: it leaves no log.
export SENDX_E2E_WRAP="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=30 \
--child-silent-after-fork=yes --log-file=$logs/%q{SENDX_E2E_TEST}.%p.vg"
export SENDX_E2E_WAIT_SCALE=${SENDX_E2E_WAIT_SCALE:-10}

failed_suites=()
start=$SECONDS
for s in "${suites[@]}"; do
    echo "== $s"
    if ! "$build/tests/$s" --jobs "${JOBS:-2}" -S >"$logs/$s.out" 2>&1; then
        failed_suites+=("$s")
    fi
    tail -n 1 "$logs/$s.out"
done

clean=0 bad=() cut=()
for log in "$logs"/*.vg; do
    [ -e "$log" ] || continue
    if grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
        clean=$((clean + 1))
    elif grep -q 'ERROR SUMMARY:' "$log"; then
        bad+=("$log")
    else
        cut+=("$log")
    fi
done

echo
echo "valgrind.sh: $((SECONDS - start)) s; runs of the app: $clean clean, ${#bad[@]} with errors," \
    "${#cut[@]} without a verdict (killed before their end); logs in $logs"
for log in "${cut[@]}"; do
    echo "  no verdict: $(basename "$log")"
done
for s in "${failed_suites[@]}"; do
    echo "  failing tests in $s (see $logs/$s.out):"
    grep -E '^\[----\].*(Assertion|Timed out|crash|signal)|^\[FAIL\]' "$logs/$s.out" | sed 's/^/    /' || true
done
for log in "${bad[@]}"; do
    echo
    echo "== memcheck errors in $(basename "$log"):"
    cat "$log"
done
[ ${#bad[@]} -eq 0 ]
