# SPDX-License-Identifier: Apache-2.0
# closed_lib.sh - sourced by config_cli.sh and oom_cli.sh: a scratch
# directory ($TMP, removed at exit), an AWS environment that reaches
# nothing real and waits for nothing, and $TMP/shared.conf: one file with
# a pair (source, target, exclude) and the recreate and endpoints groups,
# every port in it closed.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rdsclone-closed.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export AWS_ACCESS_KEY_ID=AKIDTESTING AWS_SECRET_ACCESS_KEY=testing
export AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1
export RDS_SHIM_RETRY_BASE_MS=1 AWS_CONFIG_FILE="$TMP/none"
export AWS_SHARED_CREDENTIALS_FILE="$TMP/none" HOME="$TMP"
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_RDS AWS_PROFILE 2>/dev/null

cat >"$TMP/shared.conf" <<'CONF'
source = { uri = "mysql://admin@127.0.0.1:1"; connect_timeout = 2; };
target = { uri = "mysql://admin@127.0.0.1:2"; connect_timeout = 2; };
include = [ "app_*@%" ];
exclude = [ "tmp_*@*" ];
recreate = { primary = "new-db"; from = "old-db-replica";
             name = "new-db-replica"; region = "us-east-1";
             endpoint_url = "http://127.0.0.1:1"; wait_timeout = 1;
             poll_interval_ms = 10; max_poll_interval_ms = 20; };
endpoints = { old-db-replica = "mysql://admin@127.0.0.1:3";
              new-db-replica = "mysql://admin@127.0.0.1:4"; };
CONF
