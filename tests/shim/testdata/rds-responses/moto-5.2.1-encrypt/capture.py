#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""capture.py MOTO_URL - how the files of this folder were made: botocore
calls against a fresh moto_server 5.2.1 on 127.0.0.1, each raw response
body saved byte for byte (botocore's before-parse
event), index.tsv
written beside them. Not run by the tests."""
import sys

import boto3

URL = sys.argv[1]
KW = dict(endpoint_url=URL, region_name="us-east-1",
          aws_access_key_id="AKIDEXAMPLE",
          aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
rds = boto3.client("rds", **KW)
kms = boto3.client("kms", **KW)
LAST = {}


def grab(response_dict, **_):
    LAST["status"] = response_dict["status_code"]
    LAST["body"] = response_dict["body"]


rds.meta.events.register("before-parse.rds.*", grab)
ROWS = []


def save(name, action, call, **args):
    try:
        call(**args)
    except rds.exceptions.ClientError:
        pass
    with open(name, "wb") as f:
        f.write(LAST["body"])
    ROWS.append("%s\t%d\ttext/xml\t%s" % (name, LAST["status"], action))


key = kms.create_key(Description="rdsclone encrypt")["KeyMetadata"]["Arn"]
rds.create_db_instance(DBInstanceIdentifier="shop", Engine="mysql",
                       DBInstanceClass="db.t3.micro", AllocatedStorage=20,
                       MasterUsername="admin",
                       MasterUserPassword="password123",
                       BackupRetentionPeriod=7, StorageType="gp3",
                       Tags=[{"Key": "env", "Value": "prod"}])
save("01-create-db-snapshot.xml", "CreateDBSnapshot", rds.create_db_snapshot,
     DBInstanceIdentifier="shop", DBSnapshotIdentifier="shop-encrypt-1",
     Tags=[{"Key": "rdsclone:encrypt-of", "Value": "shop"}])
save("02-describe-db-snapshots.xml", "DescribeDBSnapshots",
     rds.describe_db_snapshots, DBInstanceIdentifier="shop")
save("03-copy-db-snapshot-kms.xml", "CopyDBSnapshot", rds.copy_db_snapshot,
     SourceDBSnapshotIdentifier="shop-encrypt-1",
     TargetDBSnapshotIdentifier="shop-encrypt-1-kms", KmsKeyId=key,
     CopyTags=True)
save("04-restore-db-instance-from-db-snapshot.xml",
     "RestoreDBInstanceFromDBSnapshot",
     rds.restore_db_instance_from_db_snapshot,
     DBInstanceIdentifier="shop-encrypted",
     DBSnapshotIdentifier="shop-encrypt-1-kms", DBInstanceClass="db.t3.micro",
     Port=3306, AvailabilityZone="us-east-1a", StorageType="gp3",
     CACertificateIdentifier="rds-ca-rsa2048-g1",
     Tags=[{"Key": "env", "Value": "prod"}])
save("05-modify-db-instance-rename.xml", "ModifyDBInstance",
     rds.modify_db_instance, DBInstanceIdentifier="shop",
     NewDBInstanceIdentifier="shop-unencrypted", ApplyImmediately=True,
     BackupRetentionPeriod=14, PreferredBackupWindow="03:00-03:30",
     PreferredMaintenanceWindow="sun:05:00-sun:05:30",
     MaxAllocatedStorage=200)
save("06-error-describe-db-snapshot-not-found.xml", "DescribeDBSnapshots",
     rds.describe_db_snapshots, DBSnapshotIdentifier="does-not-exist")
with open("index.tsv", "w") as f:
    f.write("file\thttp_status\tcontent_type\taction\n")
    f.write("\n".join(ROWS) + "\n")
