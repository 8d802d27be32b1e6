# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the PostgreSQL integration tests; the PostgreSQL twin
# of lib.sh (whose reporting helpers it reuses). Expects RDSCLONE and
# RUN_DIR; the fixture started clusters in RUN_DIR/${PG_PAIR}src and
# RUN_DIR/${PG_PAIR}tgt. PG_PAIR (set by tests/integration/CMakeLists.txt)
# names the pair of server versions, e.g. pg17 (17 -> 17) or pg15to17;
# unset it is pg: RUN_DIR/pgsrc and RUN_DIR/pgtgt, Debian's 15 -> 15 (also
# the hardening fixture's layout). SRC_PG_VERSION / TGT_PG_VERSION hold
# each side's server_version_num (e.g. 170010), for version-aware checks.
set -euo pipefail
: "${RDSCLONE:?RDSCLONE must name the rdsclone binary}"
: "${RUN_DIR:?RUN_DIR must name the run directory of the servers}"
PG_PAIR=${PG_PAIR:-pg}
for side in "${PG_PAIR}src" "${PG_PAIR}tgt"; do
  if [ ! -f "$RUN_DIR/$side/env" ]; then
    echo "SKIP: the $side PostgreSQL cluster is not running (fixture failed)"
    exit 77
  fi
done
SRC_PORT=$(. "$RUN_DIR/${PG_PAIR}src/env"; echo "$PG_PORT")
TGT_PORT=$(. "$RUN_DIR/${PG_PAIR}tgt/env"; echo "$PG_PORT")
SRC_PG_VERSION=$(. "$RUN_DIR/${PG_PAIR}src/env"; echo "${PG_VERSION_NUM:-}")
TGT_PG_VERSION=$(. "$RUN_DIR/${PG_PAIR}tgt/env"; echo "${PG_VERSION_NUM:-}")
echo "# PostgreSQL pair $PG_PAIR: source $SRC_PG_VERSION (127.0.0.1:$SRC_PORT), target $TGT_PG_VERSION (127.0.0.1:$TGT_PORT)"
# PostgreSQL 17 made MAINTAIN one of a relation owner's own rights (the
# 'm' in "owner=arwdDxtm/owner", acldefault('r', owner)): restored from 16
# or older into 17+, the owner's entry has it and the source's cannot.
# When the sides straddle 17, ACL checks on the servers' own catalogs
# leave out that one privilege of the owner's entry (OWNER_MAINTAIN_SKIP
# is true): a SQL boolean for the tests' queries.
OWNER_MAINTAIN_SKIP=false
if [ -n "$SRC_PG_VERSION" ] && [ -n "$TGT_PG_VERSION" ] &&
   [ $((SRC_PG_VERSION >= 170000)) -ne $((TGT_PG_VERSION >= 170000)) ]; then
  OWNER_MAINTAIN_SKIP=true
fi
SRC_URI="postgresql://postgres@127.0.0.1:$SRC_PORT/postgres"
TGT_URI="postgresql://postgres@127.0.0.1:$TGT_PORT/postgres"
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw
export PGPASSWORD=adminpw PGCONNECT_TIMEOUT=10
PAIR=(--source "$SRC_URI" --target "$TGT_URI")
TMP=$(mktemp -d)
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"

# psql on one side: src_psql [DB] -c ... (DB as it is, not a URI part:
# PGDATABASE takes any name, also one with spaces, quotes or '/')
src_psql() { local db=postgres; case "${1:-}" in ""|-*) ;; *) db=$1; shift;; esac
  PGDATABASE=$db psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$SRC_PORT" -U postgres "$@"; }
tgt_psql() { local db=postgres; case "${1:-}" in ""|-*) ;; *) db=$1; shift;; esac
  PGDATABASE=$db psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TGT_PORT" -U postgres "$@"; }

# Drops every database but postgres and every role but the built-in ones.
reset_pg() {
  local run=$1 db role
  # a test that failed half-way may have left the admin role read-only
  $run -c "BEGIN READ WRITE; ALTER ROLE postgres RESET default_transaction_read_only; COMMIT"
  # names may hold spaces and quotes: the server quotes them (%I)
  $run <<'SQL'
SELECT format('DROP DATABASE %I WITH (FORCE)', datname) FROM pg_database
 WHERE NOT datistemplate AND datname <> 'postgres' \gexec
SQL
  $run -c "DO \$\$ DECLARE r record; BEGIN
    FOR r IN SELECT rolname FROM pg_roles WHERE oid <> 10 AND rolname !~ '^pg_' LOOP
      EXECUTE format('DROP OWNED BY %I', r.rolname);
      EXECUTE format('DROP ROLE %I', r.rolname);
    END LOOP; END \$\$;
    ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT ALL ON TABLES TO postgres;
    RESET ROLE"
  $run -c "SELECT pg_advisory_unlock_all()" >/dev/null
}
reset_servers() { reset_pg src_psql; reset_pg tgt_psql; }
