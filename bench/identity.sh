#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Byte-identity check of `rdsclone plan` between two builds.
#
#   bench/identity.sh OLD_BIN NEW_BIN [N...]     default N: 1000 10000
#
# For each N, starts a MariaDB pair and a PostgreSQL 15 pair on 127.0.0.1
# (the bench's harness scripts), seeds them as bench/run.sh does
# (bench.py seed N), runs `plan` of both binaries in text, JSON and SQL
# (also SQL with --show-secrets) and compares the outputs byte for byte.
# Both builds read the same seeded servers, so nothing random (SCRAM
# salts) differs between them. Outputs stay in $IDENTITY_WORK/outN-*;
# nothing is written to the repository. Exit 0 when every output is
# identical, 1 on the first difference (its diff is printed).
#
# Environment: IDENTITY_WORK (/tmp/rdsclone-identity), ENGINES
# ("mariadb postgresql"), SCRAM_ITER (64 here: seeding only), KEEP=1
# (leave the servers running and reuse them in a later call with KEEP=1:
# the seeded data stay, so a check after each change takes seconds).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
[ $# -ge 2 ] || { echo "usage: identity.sh OLD_BIN NEW_BIN [N...]" >&2; exit 64; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
shift 2
[ $# -gt 0 ] || set -- 1000 10000
for b in "$OLD" "$NEW"; do
    [ -x "$b" ] || { echo "identity.sh: not executable: $b" >&2; exit 64; }
done
WORK=${IDENTITY_WORK:-/tmp/rdsclone-identity}
ENGINES=${ENGINES:-mariadb postgresql}
export SCRAM_ITER=${SCRAM_ITER:-64} BENCH_WORK=$WORK
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw
MH=$ROOT/tests/harness/mariadb_server.sh
PH=$HERE/pg_server.sh
mkdir -p "$WORK"

dirs_of() { echo "$WORK/n$1-m1 $WORK/n$1-m2 $WORK/n$1-p1 $WORK/n$1-p2"; }
stop_all() {
    local n d
    for n in "$@"; do
        for d in $(dirs_of "$n"); do
            case $d in *-m?) "$MH" stop "$d" || true ;; *) "$PH" stop "$d" || true ;; esac
        done
        rm -f "$WORK/n$n.seeded"
    done
}
[ "${KEEP:-0}" = 1 ] || trap 'stop_all "$@"' EXIT

# 0 when every server of N that ENGINES uses still runs (a KEEP=1 marker
# can outlive its servers: a reboot, a stop by hand).
servers_up() {
    local d pid
    for d in $(dirs_of "$1"); do
        case $d in *-m?) [[ $ENGINES == *mariadb* ]] || continue ;;
                   *) [[ $ENGINES == *postgresql* ]] || continue ;; esac
        [ -f "$d/env" ] || return 1
        pid=$(. "$d/env"; echo "${MARIADB_PID:-${PG_PID:-}}")
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    done
}

# Starts and seeds the servers of N unless a KEEP=1 run left them seeded.
prepare() {
    local n=$1 m1 m2 p1 p2
    read -r m1 m2 p1 p2 <<<"$(dirs_of "$n")"
    [ -e "$WORK/n$n.seeded" ] && servers_up "$n" && return 0
    stop_all "$n"
    [[ $ENGINES == *mariadb* ]] && { "$MH" start "$m1"; "$MH" start "$m2"; }
    [[ $ENGINES == *postgresql* ]] && { "$PH" start "$p1"; "$PH" start "$p2"; }
    M1_DIR=$m1 M2_DIR=$m2 P1_DIR=$p1 P2_DIR=$p2 ENGINES=$ENGINES \
        python3 "$HERE/bench.py" seed "$n" >&2
    touch "$WORK/n$n.seeded"
}

# Runs plan of binary $1 into directory $2 in every format.
plans() {
    local bin=$1 out=$2 src=$3 tgt=$4 fmt rc
    mkdir -p "$out"
    for fmt in text json sql sql-secrets; do
        local args=(--format "${fmt%-secrets}")
        [ "$fmt" = sql-secrets ] && args+=(--show-secrets)
        rc=0
        "$bin" plan --source "$src" --target "$tgt" -q "${args[@]}" \
            >"$out/$fmt" 2>"$out/$fmt.err" || rc=$?
        echo "$rc" >"$out/$fmt.rc"
        [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] ||
            { cat "$out/$fmt.err" >&2; echo "identity.sh: $bin exited $rc" >&2; exit 1; }
    done
}

fail=0
for n in "$@"; do
    prepare "$n"
    read -r m1 m2 p1 p2 <<<"$(dirs_of "$n")"
    for eng in $ENGINES; do
        case $eng in
        mariadb)
            src="mysql://admin@127.0.0.1:$(. "$m1/env"; echo "$MARIADB_PORT")"
            tgt="mysql://admin@127.0.0.1:$(. "$m2/env"; echo "$MARIADB_PORT")" ;;
        postgresql)
            src="postgresql://postgres@127.0.0.1:$(. "$p1/env"; echo "$PG_PORT")/postgres"
            tgt="postgresql://postgres@127.0.0.1:$(. "$p2/env"; echo "$PG_PORT")/postgres" ;;
        *) echo "identity.sh: unknown engine $eng" >&2; exit 64 ;;
        esac
        plans "$OLD" "$WORK/out$n-$eng-old" "$src" "$tgt"
        plans "$NEW" "$WORK/out$n-$eng-new" "$src" "$tgt"
        for fmt in text json sql sql-secrets; do
            for f in "$fmt" "$fmt.rc"; do
                if ! cmp -s "$WORK/out$n-$eng-old/$f" "$WORK/out$n-$eng-new/$f"; then
                    echo "identity.sh: N=$n $eng $f differs:" >&2
                    diff "$WORK/out$n-$eng-old/$f" "$WORK/out$n-$eng-new/$f" | head -20 >&2
                    fail=1
                fi
            done
            printf 'N=%-6s %-10s %-12s %8d bytes %s\n' "$n" "$eng" "$fmt" \
                "$(wc -c <"$WORK/out$n-$eng-new/$fmt")" \
                "$(cmp -s "$WORK/out$n-$eng-old/$fmt" "$WORK/out$n-$eng-new/$fmt" && echo identical || echo DIFFERENT)"
        done
    done
done
exit "$fail"
