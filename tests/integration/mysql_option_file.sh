#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Passwords from the client's option file (~/.my.cnf), the last source
# when neither RDSCLONE_*_PASSWORD nor password_file gives one: group
# [client] by default, or the side's option_group; a wrong one is refused
# with a hint naming the password sources, and no password is printed.
. "$(dirname "$0")/lib.sh"
reset_servers
unset RDSCLONE_SOURCE_PASSWORD RDSCLONE_TARGET_PASSWORD
export HOME="$TMP/home"
mkdir -p "$HOME"
src_sql -e "CREATE USER 'optfile_app'@'%' IDENTIFIED BY 'x'"

printf '[client]\npassword=adminpw\n' > "$HOME/.my.cnf"
chmod 600 "$HOME/.my.cnf"
run plan "${PAIR[@]}"
expect_rc 2 "both sides log in with [client] of ~/.my.cnf"
expect_out "optfile_app" "and the plan names the missing account"

# option_group: the source reads its own group, the target [client]
printf '[client]\npassword=Wrong-Pass-7\n[rdsclone_src]\npassword=adminpw\n' > "$HOME/.my.cnf"
printf 'source = { option_group = "rdsclone_src"; };\n' > "$TMP/og.conf"
run plan -c "$TMP/og.conf" "${PAIR[@]}"
expect_rc 1 "the target's [client] password is wrong"
expect_err "target 127.0.0.1:$TGT_PORT: cannot connect" "the message names the target"
expect_err "check the password source" "and hints at the password sources"
expect_no "Wrong-Pass-7" "$TMP/err" "the wrong password is not printed"
printf 'source = { option_group = "rdsclone_src"; };\ntarget = { option_group = "rdsclone_src"; };\n' > "$TMP/og2.conf"
run plan -c "$TMP/og2.conf" "${PAIR[@]}"
expect_rc 2 "both sides read option_group rdsclone_src"

# the environment wins over the option file
RDSCLONE_TARGET_PASSWORD=adminpw run plan "${PAIR[@]}" -c "$TMP/og.conf"
expect_rc 2 "RDSCLONE_TARGET_PASSWORD wins over the wrong [client] password"
finish
