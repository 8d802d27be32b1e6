#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The bash completions of completions/ complete what the programs take:
# a few completions checked word for word (COMP_WORDS/COMP_CWORD ->
# COMPREPLY), once with bash-completion's helpers loaded and once without,
# and "--" completed after each command compared with that command's
# --help (as sets). Usage: completion.sh RDSCLONE RDS_SHIM SOURCE_DIR
set -uo pipefail
RDSCLONE=$1 SHIM=$2 SRC=$3
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# complete "word word ... cur": prints COMPREPLY sorted, one a line
complete_line() {
    local fn=$1; shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
        "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort -u
}

expect() {  # fn "expected words" words...
    local fn=$1 want=$2 got; shift 2
    got=$(complete_line "$fn" "$@" | tr '\n' ' ' | sed 's/ $//')
    want=$(printf '%s\n' $want | sort -u | tr '\n' ' ' | sed 's/ $//')
    if [ "$got" != "$want" ]; then
        fail "[$mode] '$*': got '$got', want '$want'"
    fi
}

help_opts() {  # long options of a --help text, --[no-]x as both
    sed -E 's/--\[no-\]([a-z0-9-]+)/--\1 --no-\1/g' |
        grep -oE '(^|[^a-z0-9-])--[a-z][a-z0-9-]*[a-z0-9]' |
        sed -E 's/^[^-]*//' | sort -u
}

same_set() {  # what fn want words...
    local what=$1 fn=$2 want=$3; shift 3
    local got extra missing
    got=$(complete_line "$fn" "$@")
    extra=$(comm -23 <(echo "$got") <(echo "$want"))
    missing=$(comm -13 <(echo "$got") <(echo "$want"))
    [ -z "$extra" ] || fail "[$mode] $what offers what --help lacks: $extra"
    [ -z "$missing" ] || fail "[$mode] $what does not offer: $missing"
}

for mode in bash-completion plain; do
    (
        fails=0
        if [ $mode = bash-completion ]; then
            bc=/usr/share/bash-completion/bash_completion
            if [ ! -r $bc ]; then
                echo "note: $bc missing: only the plain mode runs"
                exit 0
            fi
            . $bc
        fi
        . "$SRC/completions/rdsclone"
        . "$SRC/completions/rds-shim"
        complete -p rdsclone >/dev/null || fail "[$mode] no complete rdsclone"
        complete -p rds-shim >/dev/null || fail "[$mode] no complete rds-shim"

        expect _rdsclone "plan" rdsclone pl
        expect _rdsclone "recreate-replica" rdsclone rec
        expect _rdsclone "compare" rdsclone com
        expect _rdsclone "encrypt" rdsclone enc
        expect _rdsclone "--no-swap" rdsclone encrypt --no
        expect _rdsclone "--help --version" rdsclone --
        expect _rdsclone "--config --continue-on-error" rdsclone plan --con
        expect _rdsclone "text json sql" rdsclone apply --format ""
        expect _rdsclone "text json" rdsclone dump --format ""
        expect _rdsclone "--log-format" rdsclone dump --l
        expect _rdsclone "--metrics-file" rdsclone apply --me
        expect _rdsclone "text json" rdsclone compare --format ""
        expect _rdsclone "--dry-run" rdsclone recreate-replica --dr
        expect _rdsclone "--ignore" rdsclone compare --ig
        expect _rdsclone "NULL 24 72 168" rdsclone plan --binlog-retention-hours ""
        expect _rdsclone "" rdsclone plan --include ""
        expect _rds_shim "reboot" rds-shim reb
        expect _rds_shim "pending-reboot" rds-shim wait --until p
        expect _rds_shim "--no-multi-az" rds-shim create-read-replica --no-mu
        expect _rds_shim "--apply-immediately" rds-shim modify --appl
        expect _rds_shim "--force-failover" rds-shim --region eu-west-1 reboot --for
        expect _rds_shim "" rds-shim reboot --kms
        expect _rds_shim "--max-attempts --max-poll-interval" rds-shim wait --max
        expect _rds_shim "available deleted" rds-shim wait-snapshot --until ""
        expect _rds_shim "--new-id" rds-shim modify --new
        expect _rds_shim "--no-iam-auth" rds-shim restore --no-ia
        expect _rds_shim "" rds-shim restore --monitoring-i

        main=$("$RDSCLONE" --help | help_opts)
        # --help is one text for plan/apply/dump and dms-prepare/dms-finish:
        # what only the DMS commands take is offered there, not to plan
        dms_only=$(printf '%s\n' --dry-run --sequence-margin)
        same_set "rdsclone plan --" _rdsclone \
            "$(comm -23 <(echo "$main") <(echo "$dms_only"))" rdsclone plan --
        expect _rdsclone "--sequence-margin" rdsclone dms-finish --seq
        expect _rdsclone "--dry-run" rdsclone dms-prepare --dr
        for c in dms-prepare dms-finish; do
            extra=$(comm -23 <(complete_line _rdsclone rdsclone $c --) \
                             <(echo "$main"))
            [ -z "$extra" ] || fail "[$mode] rdsclone $c offers $extra"
        done
        same_set "rdsclone recreate-replica --" _rdsclone \
            "$("$RDSCLONE" recreate-replica --help | help_opts)" \
            rdsclone recreate-replica --
        same_set "rdsclone compare --" _rdsclone \
            "$("$RDSCLONE" compare --help | help_opts)" rdsclone compare --
        same_set "rdsclone encrypt --" _rdsclone \
            "$("$RDSCLONE" encrypt --help | help_opts)" rdsclone encrypt --
        shim=$("$SHIM" --help | help_opts)
        for c in describe create-read-replica modify reboot wait auth-token \
                 create-snapshot describe-snapshots copy-snapshot restore \
                 add-tags wait-snapshot; do
            extra=$(comm -23 <(complete_line _rds_shim rds-shim $c --) \
                             <(echo "$shim"))
            [ -z "$extra" ] || fail "[$mode] rds-shim $c offers $extra"
        done
        exit $fails
    ) || fails=$((fails + $?))
done
if [ $fails -gt 0 ]; then
    echo "$fails completion check(s) failed"
    exit 1
fi
echo "completions ok"
