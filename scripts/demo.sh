#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job on local throw-away servers, in four parts.
#  1. The reconciler alone: two MariaDB servers on 127.0.0.1 play the old
#     replica (source) and the re-created one (target). Accounts, grants,
#     roles and binlog retention exist only on the source; rdsclone shows
#     the plan, applies it, and a second plan finds nothing.
#  2. The PostgreSQL reconciler: two local clusters play the old primary
#     (source) and the new encrypted one restored from a snapshot
#     (target). Roles with attributes and passwords, memberships, role
#     settings, database/schema/table/sequence privileges and default
#     privileges differ (some only on the source, some drifted on the
#     target); plan, apply, and a plan that finds nothing. Then the DMS
#     route on the same pair: dms-prepare, a load, dms-finish.
#  3. The whole re-creation: moto_server plays the RDS API with an old
#     primary and its replica and an encrypted new primary; their database
#     endpoints are mapped to local servers (the old replica's holds the
#     seeded accounts). rdsclone recreate-replica creates the new replica
#     with the old one's attributes and reconciles its accounts; compare
#     checks the instances; a final plan shows nothing left to do.
#  4. The whole encryption in one command: rdsclone encrypt turns the
#     unencrypted shop and its replica into encrypted ones under the same
#     names (dry run first; a second run finds nothing to do).
# Everything started here is stopped at the end (by PID, through the
# harness scripts), and the throw-away directories are removed.
#
# Output: one line saying where the set-up output goes (build/demo.log:
# setup.sh, the build, starting the servers, seeding), then each step as
# one heading line followed by its output, so the first screen shows the
# first plan. On a set-up failure the end of the log is shown.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
LOG=$PWD/build/demo.log
: > "$LOG"
echo "rdsclone demo: set-up output goes to $LOG"
# quiet CMD...: CMD's output goes to the log; if it fails, show the log's
# end and stop (the EXIT trap still stops the servers)
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    printf 'demo: set-up failed: %s\nthe end of %s:\n' "$*" "$LOG" >&2
    tail -n 25 "$LOG" >&2
    exit 1
  fi
}
part() { printf '\n\033[1m%s\033[0m\n' "$*"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# plan, apply, plan again of SOURCE and TARGET; the last plan's exit status
plan_apply_plan() {
  local rc
  set +e
  step "rdsclone plan --source $1 --target $2"
  "$RDSCLONE" plan --source "$1" --target "$2"
  echo "(exit $? : 2 means changes are pending)"
  step "rdsclone apply (same source and target)"
  "$RDSCLONE" apply --source "$1" --target "$2"
  echo "(exit $? : 0 means applied and verified)"
  step "rdsclone plan again"
  "$RDSCLONE" plan --source "$1" --target "$2"
  rc=$?
  set -e
  echo "(exit $rc : 0 means in sync)"
  return "$rc"
}

quiet bash scripts/setup.sh
quiet cmake -S . -B build -DBUILD_TESTING=OFF
quiet cmake --build build -j"$(nproc)" --target rdsclone-cli
RDSCLONE=$PWD/build/agent/rdsclone
H=$PWD/tests/harness/mariadb_server.sh
RUN=$(mktemp -d /tmp/rdsclone-demo.XXXXXX)
chmod 755 "$RUN"   # the PostgreSQL clusters run as the postgres user
M=$PWD/tests/harness/moto_server.sh
PGH=$PWD/tests/harness/pg_server.sh
cleanup() {
  $H stop "$RUN/old" >/dev/null 2>&1; $H stop "$RUN/new" >/dev/null 2>&1
  $PGH stop "$RUN/pgold" >/dev/null 2>&1; $PGH stop "$RUN/pgnew" >/dev/null 2>&1
  $H stop "$RUN/rep" >/dev/null 2>&1; $M stop "$RUN/moto" >/dev/null 2>&1
  rm -rf "$RUN"
}
trap cleanup EXIT
quiet $H start "$RUN/old"
quiet $H start "$RUN/new"
OLD=$(. "$RUN/old/env"; echo "$MARIADB_URI")
NEW=$(. "$RUN/new/env"; echo "$MARIADB_URI")
# seeded as the account rdsclone uses, as an RDS master user would
old_sql() { mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/old/env"; echo "$MARIADB_PORT")" -uadmin -padminpw "$@"; }
new_sql() { mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/new/env"; echo "$MARIADB_PORT")" -uadmin -padminpw "$@"; }

# seeding the old replica (source) and the new one (target)
for s in old_sql new_sql; do
  quiet $s -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT, note TEXT);"
done
quiet old_sql -e "
  CREATE USER 'shop_app'@'10.%' IDENTIFIED BY 'app-password';
  GRANT SELECT, INSERT, UPDATE ON shop.* TO 'shop_app'@'10.%';
  CREATE USER 'report'@'%' IDENTIFIED BY 'report-password'
    WITH MAX_USER_CONNECTIONS 3;
  CREATE ROLE auditor; GRANT SELECT (id) ON shop.orders TO auditor;
  GRANT auditor TO 'report'@'%'; SET DEFAULT ROLE auditor FOR 'report'@'%';
  CALL mysql.rds_set_configuration('binlog retention hours', 72);"
# drift on the target: an extra privilege the source does not have
quiet new_sql -e "CREATE USER 'report'@'%' IDENTIFIED BY 'old';
                  GRANT DELETE ON shop.* TO 'report'@'%';"
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw

part "Part 1 of 3, MariaDB: the old replica (source) has accounts, a role, grants
and binlog retention 72 that the new replica (target) lacks; the target drifted."
rc=0
plan_apply_plan "$OLD" "$NEW" || rc=$?
step "the new replica's own view: SHOW GRANTS, mysql.rds_show_configuration"
new_sql -e "SHOW GRANTS FOR 'report'@'%'; CALL mysql.rds_show_configuration;"
[ "$rc" -eq 0 ] || exit "$rc"

# The DMS route on part 2's pair (docs/dms.md): the new primary's foreign
# keys and triggers out of the way for the load, then back, its sequences
# past the old primary's, the accounts applied.
dms_route() {
  local u t rc
  for u in "$PGOLD_SHOP" "$PGNEW_SHOP"; do
    quiet pg "$u" -c "CREATE TABLE order_lines (
        order_id int REFERENCES orders(id) ON DELETE CASCADE, qty int);
      CREATE FUNCTION count_line() RETURNS trigger LANGUAGE plpgsql AS
        \$\$BEGIN UPDATE orders SET note = note || '+' WHERE id = NEW.order_id;
        RETURN NEW; END\$\$;
      CREATE TRIGGER lines_count AFTER INSERT ON order_lines
        FOR EACH ROW EXECUTE FUNCTION count_line();"
  done
  quiet pg "$PGOLD_SHOP" -c "INSERT INTO orders (note)
      SELECT 'order ' || g FROM generate_series(1, 5) g;
    INSERT INTO order_lines SELECT id, 1 FROM orders;"
  part "The DMS route (near-zero downtime): DMS copies the data into the new
primary, in any order, with no sequences, roles or grants. rdsclone does
the chores around it."
  set +e
  step "rdsclone dms-prepare --dry-run (before the full load)"
  "$RDSCLONE" dms-prepare --source "$SRC" --target "$TGT" --databases shop --dry-run
  echo "(exit $? : 2 means changes are planned)"
  step "rdsclone dms-prepare: foreign keys saved and dropped, triggers disabled"
  "$RDSCLONE" dms-prepare --source "$SRC" --target "$TGT" --databases shop
  echo "(exit $?)"
  step "the load, as DMS would do it: order_lines before orders (COPY)"
  for t in order_lines orders; do
    pg "$PGOLD_SHOP" -c "COPY $t TO STDOUT" | pg "$PGNEW_SHOP" -c "COPY $t FROM STDIN"
  done
  step "rdsclone dms-finish --sequence-margin 100 (after the cut-over)"
  "$RDSCLONE" dms-finish --source "$SRC" --target "$TGT" --databases shop \
    --sequence-margin 100
  rc=$?
  echo "(exit $rc : 0 means done, accounts applied and verified)"
  step "the new primary: its keys, its trigger, nextval('orders_id_seq')"
  pg "$PGNEW_SHOP" -At -c "SELECT conname || ': ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE contype = 'f'" \
    -c "SELECT tgname || ' enabled=' || tgenabled::text FROM pg_trigger
      WHERE NOT tgisinternal" -c "SELECT nextval('orders_id_seq')"
  set -e
  [ "$rc" -eq 0 ] || exit "$rc"
}

# ---- part 2: a PostgreSQL pair -------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  part "Part 2 of 3, PostgreSQL: no PostgreSQL server binaries, skipped"
else
quiet $PGH start "$RUN/pgold"
quiet $PGH start "$RUN/pgnew"
PGOLD=$(. "$RUN/pgold/env"; echo "$PG_URI")
PGNEW=$(. "$RUN/pgnew/env"; echo "$PG_URI")
PGOLD_SHOP=${PGOLD%/postgres}/shop
PGNEW_SHOP=${PGNEW%/postgres}/shop
export PGPASSWORD=adminpw   # psql's, for seeding; rdsclone reads its own
pg() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# seeding the old primary (source) and the new one (target);
# DMS brings the data and the schema, not the roles or privileges
for u in "$PGOLD" "$PGNEW"; do
  quiet pg "$u" -c "CREATE DATABASE shop"
  quiet pg "${u%/postgres}/shop" -c "CREATE TABLE orders (id serial PRIMARY KEY, note text);
                                     CREATE SCHEMA reporting;"
done
quiet pg "$PGOLD" -c "
  CREATE ROLE app_rw NOLOGIN;
  CREATE ROLE \"Report Team\" NOLOGIN;
  CREATE ROLE shop_app LOGIN PASSWORD 'app-password' CONNECTION LIMIT 20
    VALID UNTIL '2030-01-01 00:00:00+00';
  CREATE ROLE analyst LOGIN PASSWORD 'analyst-password';
  GRANT app_rw TO shop_app;
  GRANT \"Report Team\" TO analyst WITH ADMIN OPTION;
  ALTER ROLE shop_app SET statement_timeout = '30s';
  ALTER ROLE analyst IN DATABASE shop SET search_path = reporting, public;
  REVOKE CONNECT, TEMPORARY ON DATABASE shop FROM PUBLIC;
  GRANT CONNECT ON DATABASE shop TO app_rw, \"Report Team\";"
quiet pg "$PGOLD_SHOP" -c "
  GRANT USAGE ON SCHEMA public, reporting TO app_rw, \"Report Team\";
  GRANT SELECT, INSERT, UPDATE ON orders TO app_rw;
  GRANT USAGE ON SEQUENCE orders_id_seq TO app_rw;
  GRANT SELECT ON orders TO \"Report Team\";
  ALTER DEFAULT PRIVILEGES IN SCHEMA reporting
    GRANT SELECT ON TABLES TO \"Report Team\";"
# drift on the target: a role created by hand, with other attributes, an
# extra setting and a privilege the source does not have
quiet pg "$PGNEW" -c "CREATE ROLE analyst LOGIN CREATEDB;
                      ALTER ROLE analyst SET work_mem = '1GB';"
quiet pg "$PGNEW_SHOP" -c "GRANT DELETE ON orders TO analyst;"
# The local clusters offer no TLS: say so once here rather than let every
# run note that sslmode=prefer went on in plaintext.
SRC=$PGOLD?sslmode=disable
TGT=$PGNEW?sslmode=disable

part "Part 2 of 3, PostgreSQL: the old primary (source) has roles, memberships,
settings and privileges the new encrypted one (target) lacks; the target drifted.
These local clusters have no TLS, hence sslmode=disable; against RDS use
sslmode=verify-full&sslrootcert=global-bundle.pem (docs/tls.md)."
pgrc=0
plan_apply_plan "$SRC" "$TGT" || pgrc=$?
step "the new primary's own view: roles, role settings, privileges"
pg "$PGNEW" -c "\du" -c "SELECT r.rolname AS role, d.datname AS database,
       s.setconfig AS settings FROM pg_db_role_setting s
  JOIN pg_roles r ON r.oid = s.setrole
  LEFT JOIN pg_database d ON d.oid = s.setdatabase ORDER BY 1, 2"
pg "$PGNEW_SHOP" -c "\dp orders" -c "\ddp"
[ "$pgrc" -eq 0 ] || exit "$pgrc"
dms_route
fi

# ---- part 3: re-create the replica under an encrypted primary ----------
if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import botocore' 2>/dev/null; then
  part "Part 3 of 3, re-creating a replica: moto_server or python3 botocore missing, skipped"
  exit 0
fi
quiet $M start "$RUN/moto"
quiet $H start "$RUN/rep"
REP=$(. "$RUN/rep/env"; echo "$MARIADB_URI")
# replication brings the data (not the replica-only accounts): the schema
quiet mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/rep/env"; echo "$MARIADB_PORT")" \
  -uadmin -padminpw -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT, note TEXT);"
export AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$RUN/moto/moto.port")"
export AWS_ACCESS_KEY_ID=AKIDDEMO AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
quiet python3 - <<'PY'
import os, botocore.session
s = botocore.session.get_session()
kw = dict(region_name="us-east-1", endpoint_url=os.environ["AWS_ENDPOINT_URL"],
          aws_access_key_id="AKIDDEMO", aws_secret_access_key="demo")
rds, ec2 = s.create_client("rds", **kw), s.create_client("ec2", **kw)
vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
sg = ec2.create_security_group(GroupName="shop-db", Description="shop db",
                               VpcId=vpc)["GroupId"]
rds.create_db_parameter_group(DBParameterGroupName="shop-replica",
                              DBParameterGroupFamily="mysql8.0",
                              Description="read_only off on the replica")
common = dict(Engine="mysql", DBInstanceClass="db.t3.medium",
              AllocatedStorage=50, MasterUsername="admin",
              MasterUserPassword="password123", BackupRetentionPeriod=7)
rds.create_db_instance(DBInstanceIdentifier="shop", **common)
rds.create_db_instance_read_replica(
    DBInstanceIdentifier="shop-replica", SourceDBInstanceIdentifier="shop",
    DBInstanceClass="db.t3.large", DBParameterGroupName="shop-replica",
    VpcSecurityGroupIds=[sg], Tags=[{"Key": "team", "Value": "analytics"}])
rds.create_db_instance(DBInstanceIdentifier="new-shop", StorageEncrypted=True,
                       KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/demo",
                       **common)
print("moto: shop + shop-replica (unencrypted), new-shop (encrypted)")
PY
cat > "$RUN/recreate.conf" <<CONF
# instance identifier -> where its database really is (tunnels, tests)
endpoints = {
  shop-replica = "$OLD";
  new-shop-replica = "$REP";
};
recreate = { primary = "new-shop"; from = "shop-replica";
             name = "new-shop-replica"; poll_interval_ms = 200; };
CONF
part "Part 3 of 3, re-creating a replica: moto_server plays RDS with shop and its
replica shop-replica (unencrypted) and new-shop (encrypted); shop-replica's
database is part 1's old replica, new-shop-replica's a third local server."
set +e
step "rdsclone recreate-replica --dry-run (changes nothing)"
"$RDSCLONE" recreate-replica -c "$RUN/recreate.conf" --dry-run -q
step "rdsclone recreate-replica -q (its report lists every step; -q leaves out the step log)"
"$RDSCLONE" recreate-replica -c "$RUN/recreate.conf" -q
rc=$?
echo "(exit $rc : 0 means done and verified)"
step "rdsclone compare shop-replica new-shop-replica"
"$RDSCLONE" compare shop-replica new-shop-replica
echo "(exit $? : 0 means nothing unexpected differs)"
step "rdsclone plan: old replica -> new replica"
"$RDSCLONE" plan --source "$OLD" --target "$REP"
rc2=$?
set -e
echo "(exit $rc2 : 0 means nothing left to do)"

# ---- part 4: the whole procedure, one command ---------------------------
KEY=$(python3 - <<'PY'
import os, botocore.session
kms = botocore.session.get_session().create_client(
    "kms", region_name="us-east-1",
    endpoint_url=os.environ["AWS_ENDPOINT_URL"],
    aws_access_key_id="AKIDDEMO", aws_secret_access_key="demo")
print(kms.create_key(Description="rds")["KeyMetadata"]["KeyId"])
PY
)
cat > "$RUN/encrypt.conf" <<CONF
# the names before the swap -> where their databases really are
endpoints = {
  shop = "$OLD";  shop-encrypted = "$REP";
  shop-replica = "$OLD";  shop-replica-encrypted = "$REP";
};
recreate = { poll_interval_ms = 200; };
encrypt = { instance = "shop"; kms_key = "$KEY"; };
CONF
part "Part 4: rdsclone encrypt turns the unencrypted shop and its replica into
encrypted ones under the same names (snapshot, KMS copy, restore, replica,
accounts, compare, swap); the old ones stay as *-unencrypted."
set +e
step "rdsclone encrypt --dry-run (changes nothing)"
"$RDSCLONE" encrypt -c "$RUN/encrypt.conf" --dry-run -q
step "rdsclone encrypt --yes -q"
"$RDSCLONE" encrypt -c "$RUN/encrypt.conf" --yes -q
rc3=$?
echo "(exit $rc3 : 0 means encrypted, swapped and verified)"
step "rdsclone encrypt --yes -q, again: nothing to do"
"$RDSCLONE" encrypt -c "$RUN/encrypt.conf" --yes -q >/dev/null
echo "(exit $? : 0)"
set -e
[ "$rc" -eq 0 ] || exit "$rc"
[ "$rc3" -eq 0 ] || exit "$rc3"
exit "$rc2"
