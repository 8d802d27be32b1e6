#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Profile `rdsclone plan` at N accounts (default 10000).
#
#   bench/profile.sh [N]
#
# Builds git HEAD with -O2 -g (RelWithDebInfo) in $BENCH_WORK/build-prof,
# starts its own servers, seeds them like bench/run.sh, then per engine:
#   * each catalog query of sql/ timed alone with the CLI client on the
#     source (where the server spends the time),
#   * rdsclone plan under /usr/bin/time (wall vs CPU),
#   * rdsclone plan under valgrind --tool=callgrind: top functions,
#     exclusive and inclusive (callgrind_annotate).
# Writes bench/results/profile-N-ENGINE.txt; stops its servers by PID.
# Environment: BENCH_WORK (/tmp/rdsclone-bench-prof), ENGINES.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
N=${1:-10000}
export BENCH_WORK=${BENCH_WORK_PROF:-/tmp/rdsclone-bench-prof}
ENGINES=${ENGINES:-mariadb postgresql}
mkdir -p "$BENCH_WORK" "$HERE/results"

commit=$(git -C "$ROOT" rev-parse --short HEAD)
rm -rf "$BENCH_WORK/src"; mkdir -p "$BENCH_WORK/src"
git -C "$ROOT" archive HEAD | tar -x -C "$BENCH_WORK/src"
cmake -S "$BENCH_WORK/src" -B "$BENCH_WORK/build-prof" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBUILD_TESTING=OFF >"$BENCH_WORK/build.log" 2>&1
cmake --build "$BENCH_WORK/build-prof" -j2 >>"$BENCH_WORK/build.log" 2>&1
RD=$BENCH_WORK/build-prof/agent/rdsclone

export M1_DIR=$BENCH_WORK/m1 M2_DIR=$BENCH_WORK/m2 P1_DIR=$BENCH_WORK/p1 P2_DIR=$BENCH_WORK/p2
MH=$ROOT/tests/harness/mariadb_server.sh
PH=$HERE/pg_server.sh
cleanup() {
    "$MH" stop "$M1_DIR" || true; "$MH" stop "$M2_DIR" || true
    "$PH" stop "$P1_DIR" || true; "$PH" stop "$P2_DIR" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cleanup
[[ $ENGINES == *mariadb* ]] && { "$MH" start "$M1_DIR"; "$MH" start "$M2_DIR"; }
[[ $ENGINES == *postgresql* ]] && { "$PH" start "$P1_DIR"; "$PH" start "$P2_DIR"; }
ENGINES=$ENGINES python3 "$HERE/bench.py" seed "$N"

export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw
strip_sql() { grep -v '^ *--' "$1" | tr '\n' ' ' | sed 's/; *$//'; }

profile() {  # engine src_uri tgt_uri query-runner files...
    local eng=$1 src=$2 tgt=$3 out=$HERE/results/profile-$N-$1.txt
    shift 3
    {
        echo "rdsclone $commit (RelWithDebInfo), N=$N, $eng; $(date -u '+%F %T') UTC"
        echo
        echo "# catalog queries alone on the source (CLI client, wall s, output bytes)"
        local f t0 t1 bytes
        for f in "$@"; do
            t0=$(date +%s.%N)
            bytes=$(run_query "$eng" "$f" | wc -c)
            t1=$(date +%s.%N)
            printf '%-28s %6.3f s %10d B\n' "$(basename "$f")" "$(echo "$t1 - $t0" | bc)" "$bytes"
        done
        echo
        echo "# rdsclone plan: wall s, user s, sys s, max RSS KB"
        for i in 1 2 3; do
            /usr/bin/time -f '%e %U %S %M' "$RD" plan --source "$src" --target "$tgt" -q \
                2>&1 >/dev/null | tail -1 || true
        done
        echo
        valgrind --tool=callgrind --callgrind-out-file="$BENCH_WORK/callgrind.$eng" \
            "$RD" plan --source "$src" --target "$tgt" -q >/dev/null 2>"$BENCH_WORK/valgrind.$eng" || true
        echo "# callgrind: exclusive instructions (top 25)"
        callgrind_annotate --threshold=99 "$BENCH_WORK/callgrind.$eng" 2>/dev/null |
            sed -n "/^Ir/,\$p" | sed -n 1,30p || true
        echo
        echo "# callgrind: inclusive instructions (top 30)"
        callgrind_annotate --inclusive=yes --threshold=99 "$BENCH_WORK/callgrind.$eng" 2>/dev/null |
            sed -n "/^Ir/,\$p" | sed -n 1,35p || true
    } >"$out"
    sed -i "s#$BENCH_WORK/src/##g; s#$ROOT/##g" "$out"
    echo "profile.sh: wrote $out" >&2
}

run_query() {
    local eng=$1 f=$2
    if [ "$eng" = mariadb ]; then
        MYSQL_PWD=adminpw mariadb --no-defaults -h127.0.0.1 -P"$MP" -uadmin --batch \
            --skip-column-names -e "$(strip_sql "$f")"
    else
        PGPASSWORD=adminpw psql -X -q -h 127.0.0.1 -p "$PP" -U postgres -d "${DB:-postgres}" \
            -At -c "$(strip_sql "$f")"
    fi
}

if [[ $ENGINES == *mariadb* ]]; then
    MP=$(. "$M1_DIR/env"; echo "$MARIADB_PORT"); MT=$(. "$M2_DIR/env"; echo "$MARIADB_PORT")
    profile mariadb "mysql://admin@127.0.0.1:$MP" "mysql://admin@127.0.0.1:$MT" \
        "$ROOT"/sql/mysql/{accounts_mariadb,db,tables_priv,columns_priv,procs_priv,roles_mapping_mariadb}.sql
fi
if [[ $ENGINES == *postgresql* ]]; then
    PP=$(. "$P1_DIR/env"; echo "$PG_PORT"); PT=$(. "$P2_DIR/env"; echo "$PG_PORT")
    if "$RD" plan --source "postgresql://postgres@127.0.0.1:$PP/postgres" \
            --target "postgresql://postgres@127.0.0.1:$PT/postgres" -q >/dev/null 2>&1 ||
            [ $? -eq 2 ]; then
        profile postgresql "postgresql://postgres@127.0.0.1:$PP/postgres" \
            "postgresql://postgres@127.0.0.1:$PT/postgres" \
            "$ROOT"/sql/pg/{pg_roles_authid,pg_members,pg_settings,pg_databases,pg_database_privs,pg_object_privs}.sql
    else
        echo "profile.sh: rdsclone plan does not work against PostgreSQL yet; skipped" >&2
    fi
fi
