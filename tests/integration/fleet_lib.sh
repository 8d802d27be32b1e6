# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the fleet tests (fleet_*.sh): a fleet mixes engines,
# so these need both fixtures, the two MariaDB servers (lib.sh) and the two
# PostgreSQL clusters (lib_pg.sh, whose helpers run in a subshell so that
# its variables do not replace lib.sh's). Writes a password file (mode
# 600) and a fleet configuration of three pairs:
#
#   shop  MariaDB src -> tgt            (the tests seed drift here)
#   pg    PostgreSQL pgsrc -> pgtgt     (blank on both sides: in sync)
#   down  MariaDB src -> a closed port  (cannot connect: exit 1)
HERE=$(dirname "${BASH_SOURCE[0]}")
. "$HERE/lib.sh"
for side in pgsrc pgtgt; do
  if [ ! -f "$RUN_DIR/$side/env" ]; then
    echo "SKIP: the $side PostgreSQL cluster is not running (fixture failed)"
    exit 77
  fi
done
PG_SRC_PORT=$(. "$RUN_DIR/pgsrc/env"; echo "$PG_PORT")
PG_TGT_PORT=$(. "$RUN_DIR/pgtgt/env"; echo "$PG_PORT")
# a port nothing listens on: bound, then closed again
CLOSED_PORT=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
pg() { ( . "$HERE/lib_pg.sh" >/dev/null; "$@" ); }   # pg src_psql -c ...
reset_fleet() { reset_servers; pg reset_servers; }

PW=$TMP/admin.pw
printf 'adminpw\n' > "$PW"
chmod 600 "$PW"

# endpoint URI [extra settings] -> a libconfig group
ep() { printf '{ uri = "%s"; password_file = "%s"; %s}' "$1" "$PW" "${2:-}"; }
MY_SRC="mysql://admin@127.0.0.1:$SRC_PORT"
MY_TGT="mysql://admin@127.0.0.1:$TGT_PORT"
PG_SRC="postgresql://postgres@127.0.0.1:$PG_SRC_PORT/postgres"
PG_TGT="postgresql://postgres@127.0.0.1:$PG_TGT_PORT/postgres"
MY_DOWN="mysql://admin@127.0.0.1:$CLOSED_PORT"

# write_fleet FILE [extra pair groups...]: the three pairs, then any more
write_fleet() {
  local f=$1; shift
  {
    echo '# top-level settings are defaults for every pair'
    echo 'exclude = [ "ignored*@*" ];'
    echo 'pairs = ('
    echo "  { name = \"shop\"; source = $(ep "$MY_SRC"); target = $(ep "$MY_TGT"); },"
    echo "  { name = \"pg\"; source = $(ep "$PG_SRC"); target = $(ep "$PG_TGT"); },"
    printf '  { name = "down"; source = %s; target = %s; }' \
      "$(ep "$MY_SRC")" "$(ep "$MY_DOWN" 'connect_timeout = 3; ')"
    for extra in "$@"; do printf ',\n  %s' "$extra"; done
    printf '\n);\n'
  } > "$f"
}

# jq-like checks with python: json_get FILE EXPR (EXPR in Python over d)
json_get() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2"
}
