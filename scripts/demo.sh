#!/usr/bin/env bash
# The main job on local throw-away servers, in two parts.
#  1. The reconciler alone: two MariaDB servers on 127.0.0.1 play the old
#     replica (source) and the re-created one (target). Accounts, grants,
#     roles and binlog retention exist only on the source; rdsclone shows
#     the plan, applies it, and a second plan finds nothing.
#  2. The whole re-creation: moto_server plays the RDS API with an old
#     primary and its replica and an encrypted new primary; their database
#     endpoints are mapped to local servers (the old replica's holds the
#     seeded accounts). rdsclone recreate-replica creates the new replica
#     with the old one's attributes and reconciles its accounts; compare
#     checks the instances; a final plan shows nothing left to do.
# Everything started here is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" --target rdsclone-cli >/dev/null
RDSCLONE=$PWD/build/agent/rdsclone
H=$PWD/tests/harness/mariadb_server.sh
RUN=$(mktemp -d /tmp/rdsclone-demo.XXXXXX)
M=$PWD/tests/harness/moto_server.sh
cleanup() {
  $H stop "$RUN/old" >/dev/null 2>&1; $H stop "$RUN/new" >/dev/null 2>&1
  $H stop "$RUN/rep" >/dev/null 2>&1; $M stop "$RUN/moto" >/dev/null 2>&1
  rm -rf "$RUN"
}
trap cleanup EXIT
$H start "$RUN/old" 2>/dev/null
$H start "$RUN/new" 2>/dev/null
OLD=$(. "$RUN/old/env"; echo "$MARIADB_URI")
NEW=$(. "$RUN/new/env"; echo "$MARIADB_URI")
# seeded as the account rdsclone uses, as an RDS master user would
old_sql() { mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/old/env"; echo "$MARIADB_PORT")" -uadmin -padminpw "$@"; }
new_sql() { mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/new/env"; echo "$MARIADB_PORT")" -uadmin -padminpw "$@"; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "seeding the old replica (source) and the new one (target)"
for s in old_sql new_sql; do
  $s -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT, note TEXT);"
done
old_sql -e "
  CREATE USER 'shop_app'@'10.%' IDENTIFIED BY 'app-password';
  GRANT SELECT, INSERT, UPDATE ON shop.* TO 'shop_app'@'10.%';
  CREATE USER 'report'@'%' IDENTIFIED BY 'report-password'
    WITH MAX_USER_CONNECTIONS 3;
  CREATE ROLE auditor; GRANT SELECT (id) ON shop.orders TO auditor;
  GRANT auditor TO 'report'@'%'; SET DEFAULT ROLE auditor FOR 'report'@'%';
  CALL mysql.rds_set_configuration('binlog retention hours', 72);"
# drift on the target: an extra privilege the source does not have
new_sql -e "CREATE USER 'report'@'%' IDENTIFIED BY 'old';
            GRANT DELETE ON shop.* TO 'report'@'%';"
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw

step "rdsclone plan --source $OLD --target $NEW"
set +e
"$RDSCLONE" plan --source "$OLD" --target "$NEW"
echo "(exit $? : 2 means changes are pending)"
step "rdsclone apply"
"$RDSCLONE" apply --source "$OLD" --target "$NEW"
echo "(exit $?)"
step "rdsclone plan again"
"$RDSCLONE" plan --source "$OLD" --target "$NEW"
rc=$?
set -e
echo "(exit $rc : 0 means in sync)"
step "the new replica's own view"
new_sql -e "SHOW GRANTS FOR 'report'@'%'; CALL mysql.rds_show_configuration;"
[ "$rc" -eq 0 ] || exit "$rc"

# ---- part 2: re-create the replica under an encrypted primary ----------
step "part 2: moto_server as the RDS API, a third server for the new replica"
if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import botocore' 2>/dev/null; then
  echo "moto_server or python3 botocore missing: skipping the re-creation part"
  exit 0
fi
$M start "$RUN/moto" >/dev/null
$H start "$RUN/rep" 2>/dev/null
REP=$(. "$RUN/rep/env"; echo "$MARIADB_URI")
# replication brings the data (not the replica-only accounts): the schema
mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/rep/env"; echo "$MARIADB_PORT")" \
  -uadmin -padminpw -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT, note TEXT);"
export AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$RUN/moto/moto.port")"
export AWS_ACCESS_KEY_ID=AKIDDEMO AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
python3 - <<'PY'
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
set +e
step "rdsclone recreate-replica --dry-run (changes nothing)"
"$RDSCLONE" recreate-replica -c "$RUN/recreate.conf" --dry-run -q
step "rdsclone recreate-replica"
"$RDSCLONE" recreate-replica -c "$RUN/recreate.conf"
rc=$?
echo "(exit $rc)"
step "rdsclone compare shop-replica new-shop-replica"
"$RDSCLONE" compare shop-replica new-shop-replica
echo "(exit $? : 0 means nothing unexpected differs)"
step "rdsclone plan: old replica -> new replica"
"$RDSCLONE" plan --source "$OLD" --target "$REP"
rc2=$?
set -e
echo "(exit $rc2 : 0 means nothing left to do)"
[ "$rc" -eq 0 ] || exit "$rc"
exit "$rc2"
