#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command (README, .ci/run): installs what is missing, then runs
# every test in up to four passes (tests/README.md says what each proves):
#
#   plain     build with warnings as errors, run all of ctest (unit,
#             integration against real servers the harness starts on
#             127.0.0.1, shim against moto_server, hardening)
#   asan      a second build with -fsanitize=address,undefined running all
#             of ctest again; any sanitizer report fails the pass, also one
#             from a process whose exit code a test expected to be non-zero
#   valgrind  the unit test programs of the plain build under memcheck
#             (no errors, no definite or indirect leaks)
#   fuzz      libFuzzer targets (clang only), each for a bounded time
#
# PASSES selects passes (default "plain asan valgrind fuzz"); BUILD_DIR the
# plain build directory (default build; the others are build-asan and
# build-fuzz). Arguments are passed to every ctest run (e.g. -R hardening).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
root=$PWD
passes=${PASSES:-plain asan valgrind fuzz}
build=${BUILD_DIR:-build}
jobs=$(nproc)
want() { case " $passes " in *" $1 "*) return 0 ;; esac; return 1; }
# ctest in DIR with ARGS; a skipped test (exit 77: a server or tool
# missing) fails the run too, as setup.sh installs everything: a skip
# never counts as a pass.
run_ctest() {
    local dir=$1 log rc=0
    shift
    log=$(mktemp)
    # (pipefail is on: the pipeline fails as ctest does)
    (cd "$dir" && ctest --output-on-failure "$@") 2>&1 | tee "$log" || rc=$?
    if grep -q '\*\*\*Skipped' "$log"; then
        echo "skipped tests (counted as failures):" >&2
        grep '\*\*\*Skipped' "$log" >&2
        [ "$rc" -ne 0 ] || rc=1
    fi
    rm -f "$log"
    return "$rc"
}
banner() { printf '\n==== %s ====\n' "$*"; }
failed=()   # every pass runs; the exit status says whether any failed

# The plain build is needed by the valgrind pass too.
if want plain || want valgrind; then
    banner "build ($build)"
    cmake -S . -B "$build" -DBUILD_TESTING=ON -DRDSCLONE_WERROR=ON >/dev/null
    cmake --build "$build" -j"$jobs"
fi
if want plain; then
    banner "pass 1: ctest"
    run_ctest "$build" -j2 "$@" || failed+=(plain)
fi

if want asan; then
    banner "pass 2: ctest under AddressSanitizer + UndefinedBehaviorSanitizer"
    cc=gcc   # clang when present (its warnings differ); ASAN_CC overrides
    command -v clang >/dev/null && cc=clang
    cc=${ASAN_CC:-$cc}
    cmake -S . -B build-asan -DBUILD_TESTING=ON -DRDSCLONE_WERROR=ON \
        -DCMAKE_C_COMPILER="$cc" -DRDSCLONE_SANITIZE=address,undefined \
        >/dev/null
    cmake --build build-asan -j"$jobs"
    # Reports go to files as well as failing the process (distinct exit
    # codes), so a report from a run whose failure a test expected is
    # still caught below. moto_server and python are not instrumented.
    sanlogs=$root/build-asan/sanitizer-logs
    rm -rf "$sanlogs" && mkdir -p "$sanlogs"
    export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0:log_path=$sanlogs/asan"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$sanlogs/ubsan"
    export LSAN_OPTIONS="suppressions=$root/tests/hardening/lsan.supp"
    set +e
    run_ctest build-asan -j2 "$@"
    rc=$?
    set -e
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
    # (a log holding only LSan's "Suppressions used" table is no report)
    reports=$(grep -lE 'ERROR: [A-Za-z]*Sanitizer|runtime error:' \
              "$sanlogs"/* 2>/dev/null || true)
    if [ -n "$reports" ]; then
        echo "sanitizer reports:" >&2
        for f in $reports; do echo "--- $f" >&2; head -60 "$f" >&2; done
        rc=1
    fi
    [ "$rc" -eq 0 ] || failed+=(asan)
fi

if want valgrind; then
    banner "pass 3: unit tests under valgrind memcheck"
    python3 tests/hardening/valgrind_units.py "$build" || failed+=(valgrind)
fi

if want fuzz; then
    if command -v clang >/dev/null; then
        banner "pass 4: libFuzzer targets (bounded time each)"
        cmake -S . -B build-fuzz -DBUILD_TESTING=ON -DCMAKE_C_COMPILER=clang \
            -DRDSCLONE_FUZZ=ON >/dev/null
        cmake --build build-fuzz -j"$jobs" --target rdsclone_fuzz_all
        run_ctest build-fuzz -j"$jobs" -L fuzz "$@" ||
            failed+=(fuzz)
    else
        banner "pass 4: skipped (no clang for libFuzzer)"
    fi
fi

if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED passes: ${failed[*]}" >&2
    exit 1
fi
echo "all passes succeeded: $passes"
